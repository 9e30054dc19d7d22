using System;
using System.Collections.Generic;

namespace Konnaxion.Ops.Engine
{
    /// <summary>A container as GET /containers/json lists it.</summary>
    public sealed class EngineContainer
    {
        public EngineContainer(string id, IReadOnlyList<string> names, string image, string state, string status,
            IReadOnlyDictionary<string, string> labels, IReadOnlyList<EnginePort> ports, DateTimeOffset created, string? command = null,
            IReadOnlyList<string>? networkEndpoints = null)
        {
            NetworkEndpoints = networkEndpoints ?? Array.Empty<string>();
            Command = command;
            Id = id;
            Names = names;
            Image = image;
            State = state;
            Status = status;
            Labels = labels;
            Ports = ports;
            Created = created;
        }

        /// <summary>The full 64-character ID.</summary>
        public string Id { get; }

        /// <summary>Names without the engine's leading '/'.</summary>
        public IReadOnlyList<string> Names { get; }

        public string Image { get; }

        /// <summary>created, running, paused, restarting, removing, exited or dead.</summary>
        public string State { get; }

        /// <summary>The engine's human text, for example "Up 5 minutes (healthy)".</summary>
        public string Status { get; }

        public IReadOnlyDictionary<string, string> Labels { get; }

        public IReadOnlyList<EnginePort> Ports { get; }

        public DateTimeOffset Created { get; }

        /// <summary>What the container runs, entrypoint and arguments in one line, as `docker ps` shows it.</summary>
        public string? Command { get; }

        /// <summary>
        /// The IDs of its network endpoints, one per network; empty strings while it is stopped. The engine makes new ones
        /// at every start, so they tell whether a running container started again since it was inspected.
        /// </summary>
        public IReadOnlyList<string> NetworkEndpoints { get; }

        public override string ToString() => (Names.Count > 0 ? Names[0] : Id) + " (" + State + ")";
    }

    /// <summary>A container port and, when published, where the host exposes it.</summary>
    public sealed class EnginePort
    {
        public EnginePort(int privatePort, int? publicPort, string type, string? hostIp)
        {
            PrivatePort = privatePort;
            PublicPort = publicPort;
            Type = type;
            HostIp = hostIp;
        }

        public int PrivatePort { get; }

        /// <summary>The host port, or null when the port is not published.</summary>
        public int? PublicPort { get; }

        /// <summary>tcp, udp or sctp.</summary>
        public string Type { get; }

        /// <summary>The host address the port is bound to, or null when not published.</summary>
        public string? HostIp { get; }

        public override string ToString() =>
            PublicPort.HasValue ? $"{HostIp}:{PublicPort}->{PrivatePort}/{Type}" : $"{PrivatePort}/{Type}";
    }

    /// <summary>The run state of one container, from GET /containers/{id}/json.</summary>
    public sealed class EngineContainerState
    {
        /// <summary>The value of <see cref="Health"/> for a container without a healthcheck.</summary>
        public const string NoHealthcheck = "none";

        public EngineContainerState(string id, string name, string status, bool running, int exitCode, string health,
            DateTimeOffset? startedAt, DateTimeOffset? finishedAt, string? image = null, IReadOnlyList<string>? entrypoint = null, int restartCount = 0)
        {
            RestartCount = restartCount;
            Image = image;
            Entrypoint = entrypoint ?? Array.Empty<string>();
            Id = id;
            Name = name;
            Status = status;
            Running = running;
            ExitCode = exitCode;
            Health = health;
            StartedAt = startedAt;
            FinishedAt = finishedAt;
        }

        public string Id { get; }

        /// <summary>The name without the engine's leading '/'.</summary>
        public string Name { get; }

        /// <summary>created, running, paused, restarting, removing, exited or dead.</summary>
        public string Status { get; }

        public bool Running { get; }

        public int ExitCode { get; }

        /// <summary>starting, healthy or unhealthy; <see cref="NoHealthcheck"/> when the container has no healthcheck.</summary>
        public string Health { get; }

        /// <summary>When the container last started; null if it never has.</summary>
        public DateTimeOffset? StartedAt { get; }

        /// <summary>When the container last stopped; null if it never has.</summary>
        public DateTimeOffset? FinishedAt { get; }

        /// <summary>
        /// The image the container was created from, as named then (Config.Image). The list's Image turns into an ID
        /// once a rebuild moves the tag; this one keeps the name people know.
        /// </summary>
        public string? Image { get; }

        /// <summary>How many times the engine has restarted the container under its restart policy.</summary>
        public int RestartCount { get; }

        /// <summary>The container's entrypoint (Config.Entrypoint): what an exec must run first to get the environment it sets up.</summary>
        public IReadOnlyList<string> Entrypoint { get; }

        public override string ToString() => Health == NoHealthcheck ? $"{Name}: {Status}" : $"{Name}: {Status} ({Health})";
    }
}
