using System;

namespace Konnaxion.Ops.Engine
{
    /// <summary>A Swarm task (one run of a service's container on a node), as GET /tasks lists it.</summary>
    public sealed class EngineSwarmTask
    {
        public EngineSwarmTask(string id, string serviceId, string? nodeId, long? slot, string state, string desiredState, string? message, string? error,
            int? exitCode, string? containerId, DateTimeOffset? createdAt, DateTimeOffset? updatedAt)
        {
            Id = id;
            ServiceId = serviceId;
            NodeId = nodeId;
            Slot = slot;
            State = state;
            DesiredState = desiredState;
            Message = message;
            Error = error;
            ExitCode = exitCode;
            ContainerId = containerId;
            CreatedAt = createdAt;
            UpdatedAt = updatedAt;
        }

        public string Id { get; }
        public string ServiceId { get; }

        /// <summary>The node it was assigned to; null while pending.</summary>
        public string? NodeId { get; }

        public long? Slot { get; }

        /// <summary>Status.State: new, pending, assigned, accepted, preparing, starting, running, complete, failed, shutdown, rejected, orphaned or remove.</summary>
        public string State { get; }

        /// <summary>What the orchestrator wants of it: running, shutdown, accepted...</summary>
        public string DesiredState { get; }

        /// <summary>Status.Message, such as "started" or "finished".</summary>
        public string? Message { get; }

        /// <summary>Status.Err: why the task failed or was rejected ("task: non-zero exit (1)", "No such image: ...").</summary>
        public string? Error { get; }

        /// <summary>The exit code of its container once it exited (Status.ContainerStatus.ExitCode); null before, or without a container.</summary>
        public int? ExitCode { get; }

        public string? ContainerId { get; }
        public DateTimeOffset? CreatedAt { get; }
        public DateTimeOffset? UpdatedAt { get; }

        /// <summary>True once the task will not change any more: it ran to its end or never will run.</summary>
        public bool IsFinished => State == "complete" || State == "failed" || State == "rejected" || State == "shutdown" || State == "orphaned" || State == "remove";

        /// <summary>True for a task that ended badly: failed or rejected.</summary>
        public bool HasFailed => State == "failed" || State == "rejected";

        public override string ToString() => Error is string error && error.Length > 0 ? $"{Id} {State}: {error}" : $"{Id} {State}";
    }
}
