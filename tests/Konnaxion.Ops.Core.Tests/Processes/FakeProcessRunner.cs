using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;

namespace Konnaxion.Ops.Tests.Processes
{
    /// <summary>
    /// An <see cref="IProcessRunner"/> that starts nothing: it answers commands from a script and records every call.
    /// A command is keyed by its program and arguments joined with single spaces, e.g. "docker compose version".
    /// Several answers for one command are given in turn, the last one repeating.
    /// A command without an answer fails the test with <see cref="UnexpectedCommandException"/>, unless
    /// <see cref="Otherwise"/> is set.
    /// </summary>
    public sealed class FakeProcessRunner : IProcessRunner
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, Queue<Func<ProcessSpec, FakeResponse>>> _answers =
            new Dictionary<string, Queue<Func<ProcessSpec, FakeResponse>>>(StringComparer.Ordinal);
        private readonly HashSet<string> _missing = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<ProcessSpec> _calls = new List<ProcessSpec>();

        /// <summary>The answer for a command nobody scripted; null to throw <see cref="UnexpectedCommandException"/>.</summary>
        public Func<ProcessSpec, FakeResponse>? Otherwise { get; set; }

        /// <summary>Every spec passed to <see cref="Run"/>, in call order (including those that threw).</summary>
        public IReadOnlyList<ProcessSpec> Calls
        {
            get
            {
                lock (_gate)
                {
                    return _calls.ToList();
                }
            }
        }

        /// <summary>The keys ("file args") of <see cref="Calls"/>.</summary>
        public IReadOnlyList<string> CommandLines => Calls.Select(KeyOf).ToList();

        public static string KeyOf(ProcessSpec spec) => string.Join(" ", new[] { spec.FileName }.Concat(spec.Arguments));

        /// <summary>Answers <paramref name="command"/> with an exit code and standard-output lines.</summary>
        public FakeProcessRunner On(string command, int exitCode, params string[] stdoutLines) =>
            On(command, new FakeResponse(exitCode, stdoutLines.Select(l => new ProcessLine(ProcessStream.StandardOutput, l)).ToArray()));

        /// <summary>Answers <paramref name="command"/> with an exit code and standard-error lines.</summary>
        public FakeProcessRunner OnStdErr(string command, int exitCode, params string[] stderrLines) =>
            On(command, new FakeResponse(exitCode, stderrLines.Select(l => new ProcessLine(ProcessStream.StandardError, l)).ToArray()));

        public FakeProcessRunner On(string command, FakeResponse response) => On(command, _ => response);

        /// <summary>Answers <paramref name="command"/> by computing a response from the spec (to inspect its environment, say).</summary>
        public FakeProcessRunner On(string command, Func<ProcessSpec, FakeResponse> respond)
        {
            lock (_gate)
            {
                if (!_answers.TryGetValue(command, out var queue))
                {
                    queue = new Queue<Func<ProcessSpec, FakeResponse>>();
                    _answers.Add(command, queue);
                }

                queue.Enqueue(respond);
            }

            return this;
        }

        /// <summary>Makes every command of <paramref name="fileName"/> throw <see cref="ExecutableNotFoundException"/>.</summary>
        public FakeProcessRunner Missing(string fileName)
        {
            lock (_gate)
            {
                _missing.Add(fileName);
            }

            return this;
        }

        public int Run(ProcessSpec spec, Action<ProcessLine> onLine, CancellationToken cancellationToken)
        {
            Func<ProcessSpec, FakeResponse>? respond;
            lock (_gate)
            {
                _calls.Add(spec);
                cancellationToken.ThrowIfCancellationRequested();
                if (_missing.Contains(spec.FileName))
                {
                    throw new ExecutableNotFoundException(spec.FileName, new Win32Exception(2, "No such file or directory"));
                }

                respond = _answers.TryGetValue(KeyOf(spec), out var queue)
                    ? (queue.Count > 1 ? queue.Dequeue() : queue.Peek())
                    : Otherwise;
            }

            if (respond == null)
            {
                throw new UnexpectedCommandException(KeyOf(spec));
            }

            var response = respond(spec);
            foreach (var line in response.Lines)
            {
                cancellationToken.ThrowIfCancellationRequested();
                onLine(line);
            }

            response.Then?.Invoke(cancellationToken);
            return response.ExitCode;
        }
    }

    /// <summary>What a faked command prints and returns.</summary>
    public sealed class FakeResponse
    {
        public FakeResponse(int exitCode, params ProcessLine[] lines)
        {
            ExitCode = exitCode;
            Lines = lines;
        }

        public int ExitCode { get; }

        public IReadOnlyList<ProcessLine> Lines { get; }

        /// <summary>Runs after the lines are delivered, before the exit code is returned (to block, or throw).</summary>
        public Action<CancellationToken>? Then { get; init; }

        public static FakeResponse Ok(params string[] stdoutLines) =>
            new FakeResponse(0, stdoutLines.Select(l => new ProcessLine(ProcessStream.StandardOutput, l)).ToArray());
    }

    /// <summary>The code under test ran a command the test did not script.</summary>
    public sealed class UnexpectedCommandException : Exception
    {
        public UnexpectedCommandException(string command)
            : base($"FakeProcessRunner has no answer for: {command}")
        {
            Command = command;
        }

        public string Command { get; }
    }
}
