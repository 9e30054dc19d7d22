using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Konnaxion.Ops.Django
{
    /// <summary>
    /// Reads a management command's stderr, one line at a time, for the message that explains a failure. Earlier
    /// stderr (compose progress, the entrypoint's "PostgreSQL is available", warnings) is not part of it.
    /// Feed it from one thread.
    /// </summary>
    internal sealed class DjangoErrorReader
    {
        private const string TracebackHeader = "Traceback (most recent call last):";

        // BaseCommand.run_from_argv prints "ClassName: message"; SystemCheckError derives from CommandError.
        private static readonly Regex CommandErrorLine = new Regex(
            @"^(?:[\w.]+\.)?(?:CommandError|SystemCheckError): (?<message>.*)$", RegexOptions.CultureInvariant);

        // argparse's last line: "manage.py migrate: error: unrecognized arguments: --bogus".
        private static readonly Regex UsageErrorLine = new Regex(@"^\S+(?: \S+)?: error: ", RegexOptions.CultureInvariant);

        private static readonly Regex UnknownCommandLine = new Regex(@"^Unknown command: ", RegexOptions.CultureInvariant);

        // makemigrations and showmigrations print this for each bad label, without a "CommandError: " prefix.
        private static readonly Regex NoInstalledAppLine = new Regex(@"^No installed app with label '.*'\.$", RegexOptions.CultureInvariant);

        private readonly List<string> _messageLines = new List<string>();
        private DjangoErrorKind _kind;
        private bool _takesContinuation;
        private bool _inTracebackFrames;
        private static readonly Regex ComposeV1ExitCodeLine =
            new Regex(@"^\d{1,3}$", RegexOptions.CultureInvariant);

        private string? _lastNonEmptyLine;

        /// <summary>Adds one stderr line, as the process printed it (colours and a trailing \r are removed here).</summary>
        public void Add(string rawLine)
        {
            var line = DjangoOutputText.Clean(rawLine);
            if (line.Trim().Length == 0)
            {
                // Blank lines belong to multi-line messages (a SystemCheckError's list); trailing ones are trimmed later.
                if (_takesContinuation)
                {
                    _messageLines.Add(string.Empty);
                }

                return;
            }

            // docker-compose v1 ends a failed `run` with the exit code alone on a line of its own: not Django's words.
            if (ComposeV1ExitCodeLine.IsMatch(line))
            {
                return;
            }

            _lastNonEmptyLine = line;
            if (line == TracebackHeader)
            {
                _inTracebackFrames = true;
                return;
            }

            if (_inTracebackFrames)
            {
                // Frames, source lines and 3.11+ caret lines are indented; the exception starts at column 0.
                if (char.IsWhiteSpace(line[0]))
                {
                    return;
                }

                _inTracebackFrames = false;
                Start(DjangoErrorKind.UnhandledException, line, takesContinuation: true);
                return;
            }

            var commandError = CommandErrorLine.Match(line);
            if (commandError.Success)
            {
                Start(DjangoErrorKind.CommandError, commandError.Groups["message"].Value, takesContinuation: true);
            }
            else if (UsageErrorLine.IsMatch(line) || UnknownCommandLine.IsMatch(line))
            {
                // What follows ("Type 'manage.py help' for usage.") is advice for a shell user, not for ours.
                Start(DjangoErrorKind.Usage, line, takesContinuation: false);
            }
            else if (NoInstalledAppLine.IsMatch(line))
            {
                // One line per bad label: a run of them is one message.
                var continuesRun = _kind == DjangoErrorKind.Usage && _messageLines.Count > 0
                    && NoInstalledAppLine.IsMatch(_messageLines[_messageLines.Count - 1]);
                if (continuesRun)
                {
                    _messageLines.Add(line);
                }
                else
                {
                    Start(DjangoErrorKind.Usage, line, takesContinuation: false);
                }
            }
            else if (_takesContinuation)
            {
                _messageLines.Add(line);
            }
        }

        /// <summary>
        /// The error stderr explains, or null when stderr held nothing. Only meaningful for a command that failed:
        /// a successful one may still have printed warnings, which come back as <see cref="DjangoErrorKind.Other"/>.
        /// </summary>
        public DjangoError? GetError()
        {
            var end = _messageLines.Count;
            while (end > 0 && _messageLines[end - 1].Length == 0)
            {
                end--;
            }

            if (end > 0)
            {
                return new DjangoError(_kind, string.Join("\n", _messageLines.GetRange(0, end)));
            }

            return _lastNonEmptyLine == null ? null : new DjangoError(DjangoErrorKind.Other, _lastNonEmptyLine.Trim());
        }

        private void Start(DjangoErrorKind kind, string firstLine, bool takesContinuation)
        {
            _messageLines.Clear();
            _messageLines.Add(firstLine);
            _kind = kind;
            _takesContinuation = takesContinuation;
        }
    }
}
