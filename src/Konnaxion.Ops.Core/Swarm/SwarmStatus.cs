using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Engine;

namespace Konnaxion.Ops.Swarm
{
    /// <summary>The services of a Swarm stack as its tasks show them: GET /services and GET /tasks by the stack's label, and the node names.</summary>
    internal static class SwarmStatus
    {
        /// <summary>The label `docker stack deploy` puts on a stack's services, networks and volumes, and its tasks inherit.</summary>
        public const string StackNamespaceLabel = "com.docker.stack.namespace";

        /// <summary>Every service of <paramref name="stack"/>, by name; none when the stack is not deployed.</summary>
        public static IReadOnlyList<KxSwarmServiceStatus> Get(ISwarmEngine engine, string stack, CancellationToken cancellationToken)
        {
            var filter = new Dictionary<string, string?> { [StackNamespaceLabel] = stack };
            var services = engine.ListServices(filter, cancellationToken);
            if (services.Count == 0)
            {
                return Array.Empty<KxSwarmServiceStatus>();
            }

            var tasks = engine.ListTasks(null, filter, null, cancellationToken).ToLookup(task => task.ServiceId);
            var nodes = engine.ListNodes(cancellationToken).ToDictionary(node => node.Id, node => node.Hostname);
            var observedAt = DateTimeOffset.UtcNow;
            return services.Select(service => Describe(stack, service, tasks[service.Id].ToList(), nodes, observedAt))
                .OrderBy(status => status.Service, StringComparer.Ordinal)
                .ToList();
        }

        internal static KxSwarmServiceStatus Describe(string stack, EngineSwarmService service, IReadOnlyList<EngineSwarmTask> tasks,
            IReadOnlyDictionary<string, string> nodeNames, DateTimeOffset observedAt)
        {
            var running = tasks.Where(task => task.State == "running" && task.DesiredState == "running").ToList();
            var latestFirst = tasks.OrderByDescending(task => task.UpdatedAt ?? task.CreatedAt ?? DateTimeOffset.MinValue).ToList();
            // Tasks made since the spec last changed run the current spec; older failures are history.
            var failed = tasks.Count(task => task.HasFailed && !(task.CreatedAt < service.UpdatedAt));
            var desired = service.DesiredTasks ?? service.Replicas ?? running.Count;
            var prefix = stack + "_";
            return new KxSwarmServiceStatus(
                stack,
                service.Name.StartsWith(prefix, StringComparison.Ordinal) ? service.Name.Substring(prefix.Length) : service.Name,
                service.Name,
                service.Mode,
                (int)desired,
                running.Count,
                service.UpdateState,
                service.UpdateMessage,
                latestFirst.FirstOrDefault(task => task.Error != null)?.Error,
                latestFirst.FirstOrDefault()?.State,
                failed,
                running.Select(task => task.NodeId != null && nodeNames.TryGetValue(task.NodeId, out var name) ? name : task.NodeId ?? "?").Distinct().OrderBy(name => name, StringComparer.Ordinal).ToList(),
                service.Image,
                observedAt);
        }
    }
}
