using System;
using System.Collections.Concurrent;
using System.Linq;

namespace Konnaxion.Ops.Engine
{
    /// <summary>
    /// The last inspection of each running container, kept by an engine client for as long as it lives (KxEnginePool drops
    /// it after a minute idle): a status call takes a container's start time, restart count and image from it instead of
    /// asking the engine again, for as long as the list shows the same start of it (the same network endpoints, which the
    /// engine makes anew at every start) and the same health. Whatever the list tells changed (state, health, a new start,
    /// a new container) is inspected again, and so is whatever the list cannot vouch for (no network endpoint, an engine
    /// whose status text does not say the health as Docker's does).
    /// </summary>
    internal sealed class ContainerInspections
    {
        /// <summary>More than one engine's containers of interest; beyond it the kept ones are forgotten all at once.</summary>
        private const int Capacity = 512;

        private readonly ConcurrentDictionary<string, (string Start, EngineContainerState State)> _kept =
            new ConcurrentDictionary<string, (string, EngineContainerState)>(StringComparer.Ordinal);

        /// <summary>The kept inspection of <paramref name="listed"/>, or null when it has to be inspected.</summary>
        public EngineContainerState? Find(EngineContainer listed) =>
            StartOf(listed) is string start && _kept.TryGetValue(listed.Id, out var kept) && kept.Start == start &&
            kept.State.Health == HealthIn(listed.Status)
                ? kept.State
                : null;

        /// <summary>Keeps <paramref name="state"/>, just inspected, when the list entry vouches for it the next time.</summary>
        public void Keep(EngineContainer listed, EngineContainerState state)
        {
            if (StartOf(listed) is string start && state.Running && state.Status == "running" && state.Health == HealthIn(listed.Status))
            {
                if (_kept.Count >= Capacity)
                {
                    _kept.Clear();
                }

                _kept[listed.Id] = (start, state);
            }
            else
            {
                _kept.TryRemove(listed.Id, out _);
            }
        }

        /// <summary>This start of a running container, from its network endpoints; null when the list cannot tell one.</summary>
        internal static string? StartOf(EngineContainer listed) =>
            listed.State == "running" && listed.NetworkEndpoints.Count > 0 && listed.NetworkEndpoints.All(endpoint => endpoint.Length > 0)
                ? string.Join(",", listed.NetworkEndpoints.OrderBy(endpoint => endpoint, StringComparer.Ordinal))
                : null;

        /// <summary>The health that the list's status text ends with ("Up 5 minutes (healthy)"), as an inspection names it.</summary>
        internal static string HealthIn(string status) =>
            status.EndsWith("(healthy)", StringComparison.Ordinal) ? "healthy"
            : status.EndsWith("(unhealthy)", StringComparison.Ordinal) ? "unhealthy"
            : status.EndsWith("(health: starting)", StringComparison.Ordinal) ? "starting"
            : EngineContainerState.NoHealthcheck;
    }
}
