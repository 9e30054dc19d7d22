namespace Konnaxion.Ops.Engine
{
    /// <summary>One process of a running container, as GET /containers/{id}/top lists it (ps on the engine's host).</summary>
    public sealed class EngineProcess
    {
        public EngineProcess(string processId, string? parentProcessId, string command)
        {
            ProcessId = processId;
            ParentProcessId = parentProcessId;
            Command = command;
        }

        /// <summary>The PID in the engine host's namespace, as ps printed it.</summary>
        public string ProcessId { get; }

        /// <summary>The parent's PID, or null when the platform's ps does not print it.</summary>
        public string? ParentProcessId { get; }

        /// <summary>The command line, arguments joined by spaces as ps prints them.</summary>
        public string Command { get; }

        public override string ToString() => ProcessId + " " + Command;
    }
}
