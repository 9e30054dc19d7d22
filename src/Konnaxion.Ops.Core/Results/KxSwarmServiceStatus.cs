using System;
using System.Collections.Generic;

namespace Konnaxion.Ops
{
    /// <summary>The state of one service of a Swarm stack: its replicas, its rolling update and its tasks' last error.</summary>
    public sealed class KxSwarmServiceStatus
    {
        public KxSwarmServiceStatus(string stack, string service, string name, string mode, int desired, int running, string? updateState,
            string? updateMessage, string? lastError, string? lastTaskState, int failedTasks, IReadOnlyList<string> nodes, string image, DateTimeOffset observedAt)
        {
            Stack = stack;
            Service = service;
            Name = name;
            Mode = mode;
            Desired = desired;
            Running = running;
            UpdateState = updateState;
            UpdateMessage = updateMessage;
            LastError = lastError;
            LastTaskState = lastTaskState;
            FailedTasks = failedTasks;
            Nodes = nodes;
            Image = image;
            ObservedAt = observedAt;
        }

        public string Stack { get; }

        /// <summary>The service as the compose file names it (django).</summary>
        public string Service { get; }

        /// <summary>The Swarm service's own name (STACK_django).</summary>
        public string Name { get; }

        /// <summary>replicated, global, replicated-job or global-job.</summary>
        public string Mode { get; }

        /// <summary>The tasks the orchestrator wants running.</summary>
        public int Desired { get; }

        /// <summary>The tasks running and meant to.</summary>
        public int Running { get; }

        /// <summary>The rolling update's state (updating, paused, completed, rollback_started, rollback_paused, rollback_completed); null before any update.</summary>
        public string? UpdateState { get; }

        public string? UpdateMessage { get; }

        /// <summary>The error of its latest task that has one (Status.Err), such as "task: non-zero exit (1)".</summary>
        public string? LastError { get; }

        /// <summary>The state of its latest task (running, failed, rejected...).</summary>
        public string? LastTaskState { get; }

        /// <summary>Its tasks of the current spec (created since its last update) that failed or were rejected.</summary>
        public int FailedTasks { get; }

        /// <summary>The host names of the nodes its running tasks are on.</summary>
        public IReadOnlyList<string> Nodes { get; }

        public string Image { get; }

        public DateTimeOffset ObservedAt { get; }

        /// <summary>
        /// True when its running tasks are those wanted and no update is under way, stuck or rolled back (a rollback
        /// runs the previous spec: not what was deployed).
        /// </summary>
        public bool Converged => Running == Desired && !IsUpdateUnderWay(UpdateState);

        public override string ToString() => $"{Service} {Running}/{Desired}" + (UpdateState != null && UpdateState != "completed" ? $" ({UpdateState})" : string.Empty);

        private static bool IsUpdateUnderWay(string? state) =>
            state == "updating" || state == "paused" || (state != null && state.StartsWith("rollback_", StringComparison.Ordinal));
    }
}
