using System.Collections.Generic;

namespace Konnaxion.Ops.Processes
{
    /// <summary>A child process to start: a program and its arguments, never a shell string.</summary>
    public sealed class ProcessSpec
    {
        public ProcessSpec(string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
            bool interactive = false, string? workingDirectory = null, string? standardInput = null)
        {
            StandardInput = standardInput;
            FileName = fileName;
            Arguments = arguments;
            Environment = environment ?? new Dictionary<string, string>();
            Interactive = interactive;
            WorkingDirectory = workingDirectory;
        }

        public string FileName { get; }
        public IReadOnlyList<string> Arguments { get; }

        /// <summary>Variables set for the child only. Values may be secrets: they are never displayed or logged.</summary>
        public IReadOnlyDictionary<string, string> Environment { get; }

        /// <summary>True to give the child this process's console (a TTY for prompts) instead of capturing its output.</summary>
        public bool Interactive { get; }

        public string? WorkingDirectory { get; }

        /// <summary>
        /// Text written to the child's stdin, which is then closed (a stack file for `docker stack deploy -c -`); null for
        /// an empty stdin. May hold what is not for display: it is not part of <see cref="ToString"/>.
        /// </summary>
        public string? StandardInput { get; }

        /// <summary>The command line for display. Environment values are not part of it.</summary>
        public override string ToString() => CommandLine.Format(FileName, Arguments);
    }
}
