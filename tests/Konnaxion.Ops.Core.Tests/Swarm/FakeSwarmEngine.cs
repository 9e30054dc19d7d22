using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Tests.Swarm
{
    /// <summary>An <see cref="ISwarmEngine"/> for unit tests: services, tasks that change from one listing to the next, logs.</summary>
    internal sealed class FakeSwarmEngine : ISwarmEngine
    {
        public List<EngineSwarmService> Services { get; } = new List<EngineSwarmService>();

        /// <summary>What each ListTasks call answers in turn, the last one repeating.</summary>
        public Queue<IReadOnlyList<EngineSwarmTask>> TaskListings { get; } = new Queue<IReadOnlyList<EngineSwarmTask>>();

        public List<ProcessLine> Log { get; } = new List<ProcessLine>();
        public List<EngineJobSpec> Created { get; } = new List<EngineJobSpec>();
        public List<string> Removed { get; } = new List<string>();

        private IReadOnlyList<EngineSwarmTask> _lastTasks = Array.Empty<EngineSwarmTask>();

        public EngineSwarmInfo GetSwarmInfo(CancellationToken cancellationToken) => new EngineSwarmInfo("active", true, "n1", "127.0.0.1", null);

        /// <summary>The swarm's nodes; n1, the engine called, first.</summary>
        public List<EngineNode> Nodes { get; } = new List<EngineNode> { new EngineNode("n1", "node-one", "manager", "active", "ready", "127.0.0.1") };

        public IReadOnlyList<EngineNode> ListNodes(CancellationToken cancellationToken) => Nodes;

        public IReadOnlyList<EngineSwarmService> ListServices(IReadOnlyDictionary<string, string?> labelFilters, CancellationToken cancellationToken) =>
            Services.Where(service => labelFilters.All(filter => service.Labels.TryGetValue(filter.Key, out var value) && (filter.Value == null || filter.Value == value))).ToList();

        public EngineSwarmService InspectService(string id, CancellationToken cancellationToken) => Services.Single(service => service.Id == id || service.Name == id);

        public string CreateJob(EngineJobSpec spec, CancellationToken cancellationToken)
        {
            Created.Add(spec);
            return "job" + Created.Count;
        }

        /// <summary>What RemoveService throws; nothing when null.</summary>
        public Exception? RemoveError { get; set; }

        public void RemoveService(string id, CancellationToken cancellationToken)
        {
            Removed.Add(id);
            if (RemoveError != null)
            {
                throw RemoveError;
            }
        }

        public IReadOnlyList<EngineSwarmTask> ListTasks(string? serviceId, IReadOnlyDictionary<string, string?>? labelFilters, string? desiredState,
            CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TaskListings.Count > 0)
            {
                _lastTasks = TaskListings.Dequeue();
            }

            return _lastTasks;
        }

        public void FollowServiceLogs(string id, Action<ProcessLine> onLine, CancellationToken cancellationToken)
        {
            foreach (var line in Log.Take(1))
            {
                onLine(line);
            }

            cancellationToken.WaitHandle.WaitOne();
        }

        public IReadOnlyList<ProcessLine> GetServiceLogs(string id, int? tail, CancellationToken cancellationToken) =>
            tail is int count ? Log.Skip(Math.Max(0, Log.Count - count)).ToList() : Log;

        public static EngineSwarmTask Task(string id, string state, string desiredState = "running", int? exitCode = null, string? error = null,
            DateTimeOffset? createdAt = null, string serviceId = "svc1", string? nodeId = "n1") =>
            new EngineSwarmTask(id, serviceId, nodeId, 1, state, desiredState, null, error, exitCode, null, createdAt, createdAt);

        public static EngineSwarmService Service(string name, string stack = "konnaxion", long replicas = 1, string id = "svc1", DateTimeOffset? updatedAt = null,
            string? updateState = null) =>
            new EngineSwarmService(id, name, new Dictionary<string, string> { ["com.docker.stack.namespace"] = stack }, EngineSwarmService.Replicated, replicas,
                "img:1", false, Array.Empty<EngineMount>(), updatedAt, updatedAt, updateState, null, replicas, null);
    }
}
