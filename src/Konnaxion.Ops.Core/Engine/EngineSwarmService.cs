using System;
using System.Collections.Generic;

namespace Konnaxion.Ops.Engine
{
    /// <summary>A Swarm service, as GET /services and GET /services/{id} give it: what the status and the jobs read of it.</summary>
    public sealed class EngineSwarmService
    {
        public EngineSwarmService(string id, string name, IReadOnlyDictionary<string, string> labels, string mode, long? replicas, string image,
            bool tty, IReadOnlyList<EngineMount> mounts, DateTimeOffset? createdAt, DateTimeOffset? updatedAt, string? updateState, string? updateMessage,
            long? desiredTasks, long? runningTasks)
        {
            Id = id;
            Name = name;
            Labels = labels;
            Mode = mode;
            Replicas = replicas;
            Image = image;
            Tty = tty;
            Mounts = mounts;
            CreatedAt = createdAt;
            UpdatedAt = updatedAt;
            UpdateState = updateState;
            UpdateMessage = updateMessage;
            DesiredTasks = desiredTasks;
            RunningTasks = runningTasks;
        }

        public const string Replicated = "replicated";
        public const string Global = "global";
        public const string ReplicatedJob = "replicated-job";
        public const string GlobalJob = "global-job";

        public string Id { get; }

        /// <summary>The name; a stack's services are named STACK_SERVICE.</summary>
        public string Name { get; }

        /// <summary>The service's labels (Spec.Labels), com.docker.stack.namespace among them for a stack's.</summary>
        public IReadOnlyDictionary<string, string> Labels { get; }

        /// <summary><see cref="Replicated"/>, <see cref="Global"/>, <see cref="ReplicatedJob"/> or <see cref="GlobalJob"/>.</summary>
        public string Mode { get; }

        /// <summary>The replicas asked for, for a replicated service.</summary>
        public long? Replicas { get; }

        /// <summary>The image its tasks run (ContainerSpec.Image), with the digest stack deploy pinned when it did.</summary>
        public string Image { get; }

        /// <summary>Whether its containers have a TTY, which decides the framing of its logs.</summary>
        public bool Tty { get; }

        public IReadOnlyList<EngineMount> Mounts { get; }

        public DateTimeOffset? CreatedAt { get; }

        /// <summary>When the spec last changed: tasks created before belong to an older spec.</summary>
        public DateTimeOffset? UpdatedAt { get; }

        /// <summary>The rolling update's state (updating, paused, completed, rollback_started, rollback_paused, rollback_completed); null before any update.</summary>
        public string? UpdateState { get; }

        public string? UpdateMessage { get; }

        /// <summary>The tasks the orchestrator wants (ServiceStatus.DesiredTasks, a global service's too); null when the engine did not say.</summary>
        public long? DesiredTasks { get; }

        /// <summary>ServiceStatus.RunningTasks; null when the engine did not say.</summary>
        public long? RunningTasks { get; }

        public override string ToString() => Name;
    }

    /// <summary>A mount of a service's containers (a volume, bind or tmpfs).</summary>
    public sealed class EngineMount
    {
        public const string VolumeType = "volume";

        public EngineMount(string type, string source, string target)
        {
            Type = type;
            Source = source;
            Target = target;
        }

        /// <summary>volume, bind, tmpfs or npipe.</summary>
        public string Type { get; }

        /// <summary>The volume's name (a stack's are named STACK_VOLUME) or the host path.</summary>
        public string Source { get; }

        /// <summary>The path inside the container.</summary>
        public string Target { get; }

        public override string ToString() => $"{Source}:{Target}";
    }
}
