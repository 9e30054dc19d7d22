using System;
using System.Threading;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Processes
{
    /// <summary>Runs child processes; the seam unit tests replace to plan commands without running them.</summary>
    public interface IProcessRunner
    {
        /// <summary>
        /// Runs <paramref name="spec"/> to its end and returns its exit code. Each output line is handed to
        /// <paramref name="onLine"/> on the calling thread as soon as it is read. Cancellation kills the child
        /// and throws <see cref="OperationCanceledException"/> once it has exited.
        /// </summary>
        /// <exception cref="ExecutableNotFoundException">The program is not on PATH.</exception>
        int Run(ProcessSpec spec, Action<ProcessLine> onLine, CancellationToken cancellationToken);
    }

    /// <summary>The program of a <see cref="ProcessSpec"/> could not be started because it is not installed.</summary>
    public sealed class ExecutableNotFoundException : Exception
    {
        public ExecutableNotFoundException(string fileName, Exception inner)
            : base($"'{fileName}' was not found on PATH.", inner)
        {
            FileName = fileName;
        }

        public string FileName { get; }
    }
}
