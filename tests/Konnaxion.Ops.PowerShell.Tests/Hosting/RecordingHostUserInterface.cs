using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace Konnaxion.Ops.PowerShell.Tests.Hosting
{
    /// <summary>A prompt the host was asked to show, and the choices it offered.</summary>
    public sealed record HostPrompt(string Caption, string Message, IReadOnlyList<string> Choices);

    /// <summary>
    /// Records what the host shows as plain text (colour escapes stripped) and the progress records it is given; answers
    /// choice and credential prompts from what the test queued, and fails a prompt nobody expected.
    /// </summary>
    public sealed class RecordingHostUserInterface : PSHostUserInterface
    {
        private static readonly Regex Escapes = new Regex(@"\x1B\[[0-?]*[ -/]*[@-~]");

        private readonly object _gate = new object();
        private readonly StringBuilder _text = new StringBuilder();
        private readonly List<ProgressRecord> _progress = new List<ProgressRecord>();
        private readonly List<HostPrompt> _prompts = new List<HostPrompt>();
        private readonly Queue<string> _choices = new Queue<string>();
        private readonly Queue<PSCredential> _credentials = new Queue<PSCredential>();
        private readonly FixedRawUserInterface _rawUI;

        public RecordingHostUserInterface(int bufferWidth)
        {
            _rawUI = new FixedRawUserInterface(bufferWidth);
        }

        public override PSHostRawUserInterface RawUI => _rawUI;

        /// <summary>Everything shown so far, as a person would read it.</summary>
        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return Escapes.Replace(_text.ToString(), string.Empty);
                }
            }
        }

        public IReadOnlyList<ProgressRecord> Progress
        {
            get
            {
                lock (_gate)
                {
                    return _progress.ToList();
                }
            }
        }

        /// <summary>The choice prompts shown (confirmations among them), in order.</summary>
        public IReadOnlyList<HostPrompt> Prompts
        {
            get
            {
                lock (_gate)
                {
                    return _prompts.ToList();
                }
            }
        }

        /// <summary>Answers the next choice prompt with the choice of this label ("Yes", "No", "Yes to All"...).</summary>
        public void AnswerChoice(string label)
        {
            lock (_gate)
            {
                _choices.Enqueue(label);
            }
        }

        public void AnswerCredential(PSCredential credential)
        {
            lock (_gate)
            {
                _credentials.Enqueue(credential);
            }
        }

        /// <summary>
        /// Forgets what was shown and asked: the next command starts on a clean screen. The answers stay queued, since a
        /// test queues them before the command that will ask (and each run clears the screen as it starts).
        /// </summary>
        public void Clear()
        {
            lock (_gate)
            {
                _text.Clear();
                _progress.Clear();
                _prompts.Clear();
            }
        }

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            var labels = choices.Select(c => c.Label.Replace("&", string.Empty, StringComparison.Ordinal)).ToList();
            lock (_gate)
            {
                _prompts.Add(new HostPrompt(caption, message, labels));
                Append($"{caption}{Environment.NewLine}{message}{Environment.NewLine}");
                if (_choices.Count == 0)
                {
                    throw new InvalidOperationException($"The test did not expect a prompt: '{caption}: {message}'.");
                }

                var answer = _choices.Dequeue();
                var index = labels.IndexOf(answer);
                if (index < 0)
                {
                    throw new InvalidOperationException($"The prompt '{caption}' offers {string.Join(", ", labels)}, not '{answer}'.");
                }

                return index;
            }
        }

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
        {
            lock (_gate)
            {
                _prompts.Add(new HostPrompt(caption, message, Array.Empty<string>()));
                return _credentials.Count > 0 ? _credentials.Dequeue()
                    : throw new InvalidOperationException($"The test did not expect a credential prompt: '{caption}: {message}'.");
            }
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new InvalidOperationException($"The test did not expect a prompt for {string.Join(", ", descriptions.Select(d => d.Name))}: '{caption}: {message}'.");

        public override string ReadLine() => throw new InvalidOperationException("The test host reads no line.");

        public override SecureString ReadLineAsSecureString() => throw new InvalidOperationException("The test host reads no line.");

        public override void Write(string value) => Append(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Append(value);

        public override void WriteLine(string value) => Append(value + Environment.NewLine);

        public override void WriteErrorLine(string value) => Append(value + Environment.NewLine);

        public override void WriteWarningLine(string message) => Append("WARNING: " + message + Environment.NewLine);

        public override void WriteVerboseLine(string message) => Append("VERBOSE: " + message + Environment.NewLine);

        public override void WriteDebugLine(string message) => Append("DEBUG: " + message + Environment.NewLine);

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            lock (_gate)
            {
                _progress.Add(record);
            }
        }

        private void Append(string text)
        {
            lock (_gate)
            {
                _text.Append(text);
            }
        }
    }
}
