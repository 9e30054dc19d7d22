using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Engine;

namespace Konnaxion.Ops.Status
{
    /// <summary>
    /// Joins the services of a compose file with the containers the engine reports under the project's compose
    /// labels: every service once per container, or once as missing; leftover one-off `run` containers on request.
    /// The labels are the same whichever compose version started the stack, so the result is too.
    /// </summary>
    internal static class ServiceStatusJoin
    {
        internal const string ProjectLabel = "com.docker.compose.project";
        internal const string ServiceLabel = "com.docker.compose.service";
        internal const string OneOffLabel = "com.docker.compose.oneoff";

        /// <summary>The engine-side filter: every container of the project, one-off or not.</summary>
        public static IReadOnlyDictionary<string, string?> ProjectFilter(string project) =>
            new Dictionary<string, string?> { [ProjectLabel] = project };

        /// <summary>
        /// Inspects the containers just listed (or takes the engine client's kept inspections) and joins them with the
        /// services; a container removed since it was listed (a one-off that just ended) is not reported.
        /// </summary>
        public static IReadOnlyList<KxServiceStatus> Inspect(IDockerEngine engine, string project, IReadOnlyList<ComposeService> services,
            IReadOnlyList<EngineContainer> listed, bool includeOneOff, CancellationToken cancellationToken)
        {
            var containers = listed.Zip(engine.InspectContainers(listed, cancellationToken), (c, s) => (Container: c, State: s))
                .Where(c => c.State != null)
                .Select(c => (c.Container, c.State!))
                .ToList();
            return Join(project, services, containers, includeOneOff, DateTimeOffset.UtcNow);
        }

        public static IReadOnlyList<KxServiceStatus> Join(string project, IReadOnlyList<ComposeService> services,
            IReadOnlyList<(EngineContainer Container, EngineContainerState State)> containers, bool includeOneOff, DateTimeOffset observedAt)
        {
            var statuses = new List<KxServiceStatus>();
            foreach (var service in services)
            {
                var own = containers
                    .Where(c => Label(c.Container, ServiceLabel) == service.Name && !IsOneOff(c.Container))
                    .OrderBy(c => c.Container.Names.FirstOrDefault(), StringComparer.Ordinal)
                    .ToList();
                if (own.Count == 0)
                {
                    statuses.Add(new KxServiceStatus(project, service.Name, service.ContainerName, null, KxServiceStatus.Missing,
                        EngineContainerState.NoHealthcheck, null, Array.Empty<string>(), service.Image, null, null, false, observedAt));
                }

                statuses.AddRange(own.Select(c => ToStatus(project, service.Name, c.Container, c.State, oneOff: false, observedAt)));
            }

            if (includeOneOff)
            {
                var names = new HashSet<string>(services.Select(s => s.Name), StringComparer.Ordinal);
                statuses.AddRange(containers
                    .Where(c => IsOneOff(c.Container) && names.Contains(Label(c.Container, ServiceLabel) ?? string.Empty))
                    .OrderBy(c => c.Container.Created)
                    .Select(c => ToStatus(project, Label(c.Container, ServiceLabel)!, c.Container, c.State, oneOff: true, observedAt)));
            }

            return statuses;
        }

        private static KxServiceStatus ToStatus(string project, string service, EngineContainer container, EngineContainerState state, bool oneOff,
            DateTimeOffset observedAt) =>
            new KxServiceStatus(project, service, container.Names.FirstOrDefault(), container.Id, state.Status, state.Health, container.Status,
                container.Ports
                    .OrderBy(p => p.PrivatePort).ThenBy(p => p.PublicPort ?? 0).ThenBy(p => p.HostIp, StringComparer.Ordinal)
                    .Select(p => p.ToString()).Distinct().ToList(),
                state.Image ?? container.Image, state.StartedAt, HasExitCode(state.Status) ? state.ExitCode : (int?)null, oneOff, observedAt,
                state.RestartCount, oneOff ? OneOffOwner.FromLabels(container.Labels)?.ToString() : null);

        /// <summary>
        /// The engine keeps the last exit code in every state; it means something once the container has stopped, and
        /// while its restart policy restarts it (the engine then reports it running and restarting).
        /// </summary>
        private static bool HasExitCode(string state) => state == "exited" || state == "dead" || state == "restarting";

        private static bool IsOneOff(EngineContainer container) =>
            string.Equals(Label(container, OneOffLabel), "True", StringComparison.OrdinalIgnoreCase);

        private static string? Label(EngineContainer container, string name) =>
            container.Labels.TryGetValue(name, out var value) ? value : null;
    }
}
