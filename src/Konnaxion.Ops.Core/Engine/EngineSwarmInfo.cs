namespace Konnaxion.Ops.Engine
{
    /// <summary>The engine's place in a swarm, from GET /info (Swarm).</summary>
    public sealed class EngineSwarmInfo
    {
        /// <summary>The <see cref="LocalNodeState"/> of a manager or worker in a working swarm.</summary>
        public const string Active = "active";

        public EngineSwarmInfo(string localNodeState, bool controlAvailable, string? nodeId, string? nodeAddress, string? error)
        {
            LocalNodeState = localNodeState;
            ControlAvailable = controlAvailable;
            NodeId = nodeId;
            NodeAddress = nodeAddress;
            Error = error;
        }

        /// <summary>inactive, pending, active, error or locked.</summary>
        public string LocalNodeState { get; }

        /// <summary>True on a manager: only managers answer the service, task and node calls.</summary>
        public bool ControlAvailable { get; }

        /// <summary>This node's ID in the swarm; null outside one.</summary>
        public string? NodeId { get; }

        public string? NodeAddress { get; }

        /// <summary>The engine's own description of a swarm in the error state.</summary>
        public string? Error { get; }

        public bool IsManager => LocalNodeState == Active && ControlAvailable;

        public override string ToString() => IsManager ? $"manager {NodeId}" : LocalNodeState;
    }
}
