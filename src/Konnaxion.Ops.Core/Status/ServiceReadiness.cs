using System;
using System.Collections.Generic;
using Konnaxion.Ops.Engine;

namespace Konnaxion.Ops.Status
{
    /// <summary>Where one waited-for container stands against a <see cref="KxWaitCondition"/>.</summary>
    internal enum Readiness
    {
        /// <summary>Not there yet, and it still may get there.</summary>
        Waiting,

        /// <summary>The condition holds.</summary>
        Ready,

        /// <summary>Exited or dead: it will not get there by itself.</summary>
        Exited,

        /// <summary>Running but its healthcheck has failed its retries, which compose's own `up --wait` also treats as failure.</summary>
        Unhealthy,

        /// <summary>Its restart policy keeps restarting it: it crashed <see cref="RestartWatch.RestartsThatMakeALoop"/> times while waited for.</summary>
        RestartLoop,
    }

    /// <summary>
    /// Counts the restarts of each container since a wait first saw it. A restart policy would otherwise hide a service
    /// that crashes at every start behind "restarting" and a moment of "running", and the wait would last until its
    /// timeout. One restart is forgiven: a service may crash once while something it needs comes up.
    /// </summary>
    internal sealed class RestartWatch
    {
        /// <summary>The engine restarts a crashing container after 0.1 s, 0.2 s, 0.4 s…, so two restarts come soon.</summary>
        public const int RestartsThatMakeALoop = 2;

        private readonly Dictionary<string, int> _firstSeen = new Dictionary<string, int>(StringComparer.Ordinal);

        /// <summary>How many times the container has been restarted since this watch first saw it.</summary>
        public int RestartsSinceFirstSeen(KxServiceStatus status)
        {
            if (status.ContainerId == null || status.RestartCount == null)
            {
                return 0;
            }

            if (!_firstSeen.TryGetValue(status.ContainerId, out var first))
            {
                _firstSeen[status.ContainerId] = status.RestartCount.Value;
                return 0;
            }

            return status.RestartCount.Value - first;
        }
    }

    /// <summary>Judges a status against a wait condition: the rules Wait-KxService and Invoke-KxBuild -Wait follow.</summary>
    internal static class ServiceReadiness
    {
        /// <param name="status">The container's status now.</param>
        /// <param name="condition">What is waited for.</param>
        /// <param name="restartsWhileWaiting">How often its restart policy restarted it since the wait began (<see cref="RestartWatch"/>).</param>
        public static Readiness Judge(KxServiceStatus status, KxWaitCondition condition, int restartsWhileWaiting = 0)
        {
            // Before anything else: a looping container is running now and then, and that moment is not readiness.
            if (restartsWhileWaiting >= RestartWatch.RestartsThatMakeALoop)
            {
                return Readiness.RestartLoop;
            }

            switch (status.State)
            {
                case "running":
                    if (condition == KxWaitCondition.Running)
                    {
                        return Readiness.Ready;
                    }

                    switch (status.Health)
                    {
                        // Without a healthcheck there is nothing more to wait for than running.
                        case EngineContainerState.NoHealthcheck:
                        case "healthy":
                            return Readiness.Ready;
                        case "unhealthy":
                            return Readiness.Unhealthy;
                        default:
                            return Readiness.Waiting;
                    }

                case "exited":
                case "dead":
                    return Readiness.Exited;
                default:
                    // missing, created, restarting, paused, removing: compose or a restart policy may still bring it up.
                    return Readiness.Waiting;
            }
        }

        /// <summary>"postgres: running (starting)", or "django: running" when there is no healthcheck.</summary>
        public static string Describe(KxServiceStatus status) =>
            status.Service + ": " + status.State + (status.Health == EngineContainerState.NoHealthcheck ? string.Empty : " (" + status.Health + ")");
    }
}
