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
    }

    /// <summary>Judges a status against a wait condition: the rules Wait-KxService and Invoke-KxBuild -Wait follow.</summary>
    internal static class ServiceReadiness
    {
        public static Readiness Judge(KxServiceStatus status, KxWaitCondition condition)
        {
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
