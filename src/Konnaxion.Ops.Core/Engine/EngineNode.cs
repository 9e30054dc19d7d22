namespace Konnaxion.Ops.Engine
{
    /// <summary>A swarm node, as GET /nodes lists it.</summary>
    public sealed class EngineNode
    {
        public EngineNode(string id, string hostname, string role, string availability, string state, string? address)
        {
            Id = id;
            Hostname = hostname;
            Role = role;
            Availability = availability;
            State = state;
            Address = address;
        }

        public string Id { get; }

        /// <summary>The node's host name (Description.Hostname), which people know it by.</summary>
        public string Hostname { get; }

        /// <summary>manager or worker.</summary>
        public string Role { get; }

        /// <summary>active, pause or drain.</summary>
        public string Availability { get; }

        /// <summary>ready, down, unknown or disconnected.</summary>
        public string State { get; }

        /// <summary>The address the node is reached at (Status.Addr).</summary>
        public string? Address { get; }

        public override string ToString() => $"{Hostname} ({Role}, {State})";
    }
}
