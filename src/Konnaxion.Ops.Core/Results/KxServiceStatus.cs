using System;
using System.Collections.Generic;

namespace Konnaxion.Ops
{
    /// <summary>The state of one service's container, or of a service that has none.</summary>
    public sealed class KxServiceStatus
    {
        /// <summary>The State of a service that has no container.</summary>
        public const string Missing = "missing";

        public KxServiceStatus(string project, string service, string? containerName, string? containerId, string state, string health,
            string? statusText, IReadOnlyList<string> ports, string? image, DateTimeOffset? startedAt, int? exitCode, bool oneOff, DateTimeOffset observedAt,
            int? restartCount = null, string? owner = null)
        {
            RestartCount = restartCount;
            Owner = owner;
            Project = project;
            Service = service;
            ContainerName = containerName;
            ContainerId = containerId;
            State = state;
            Health = health;
            StatusText = statusText;
            Ports = ports;
            Image = image;
            StartedAt = startedAt;
            ExitCode = exitCode;
            OneOff = oneOff;
            ObservedAt = observedAt;
        }

        public string Project { get; }
        public string Service { get; }
        public string? ContainerName { get; }
        public string? ContainerId { get; }

        /// <summary>The engine's state (running, exited, created, restarting, paused, dead) or "missing".</summary>
        public string State { get; }

        /// <summary>healthy, unhealthy, starting, or none when the container has no healthcheck (or no container).</summary>
        public string Health { get; }

        /// <summary>The engine's own summary, such as "Up 3 minutes (healthy)".</summary>
        public string? StatusText { get; }

        /// <summary>Published ports as "0.0.0.0:8000->8000/tcp", and unpublished ones as "8000/tcp".</summary>
        public IReadOnlyList<string> Ports { get; }

        public string? Image { get; }
        public DateTimeOffset? StartedAt { get; }

        /// <summary>The last exit code of a container that exited, died or is waiting to be restarted.</summary>
        public int? ExitCode { get; }

        /// <summary>How many times the engine has restarted the container under its restart policy; null without a container.</summary>
        public int? RestartCount { get; }

        /// <summary>True for a leftover `run` container rather than the service's own.</summary>
        public bool OneOff { get; }

        /// <summary>For a one-off container this module started, the process that started it, as "host pid N"; null otherwise.</summary>
        public string? Owner { get; }

        /// <summary>When the engine was asked; <see cref="Uptime"/> is measured to it.</summary>
        public DateTimeOffset ObservedAt { get; }

        public bool IsRunning => State == "running";

        /// <summary>How long a running container has been up.</summary>
        public TimeSpan? Uptime => IsRunning && StartedAt.HasValue ? ObservedAt - StartedAt.Value : (TimeSpan?)null;

        public override string ToString() => Service + " " + State;
    }
}
