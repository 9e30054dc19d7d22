using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace Konnaxion.Ops.Tests.Integration
{
    /// <summary>The two-node swarm the Swarm engine tests rely on, proven with the plain docker CLI.</summary>
    [Collection(TwoNodeSwarmCollection.Name)]
    public sealed class SwarmNodesTests
    {
        private static readonly TimeSpan TaskTimeout = TimeSpan.FromSeconds(90);
        private readonly SwarmNodes _nodes;

        public SwarmNodesTests(SwarmNodes nodes)
        {
            _nodes = nodes;
        }

        [SwarmNodesFact]
        public void TheManagerAndTheWorkerAreTwoReadyNodesOfOneSwarm()
        {
            _nodes.Require();
            var managerId = _nodes.ManagerNodeId;
            var workerId = _nodes.WorkerNodeId;
            Assert.NotEqual(managerId, workerId);

            var nodes = SwarmNodes.Docker(null, "node", "ls", "--format", "{{.ID}} {{.Status}} {{.ManagerStatus}}")
                .Split('\n').Select(l => l.Trim().Split(' ')).ToDictionary(f => f[0], f => f.Skip(1).ToArray());
            Assert.Equal(new[] { "Ready", "Leader" }, nodes[managerId]);
            Assert.Equal(new[] { "Ready" }, nodes[workerId]);
            Assert.Equal(SwarmNodes.WorkerAddress, SwarmNodes.Docker(null, "node", "inspect", "--format", "{{.Status.Addr}}", workerId));
            Assert.Equal("worker", SwarmNodes.Docker(null, "node", "inspect", "--format", "{{.Spec.Role}}", workerId));
        }

        [SwarmNodesFact]
        public void AnImagePushedFromTheManagerRunsOnTheWorkerAsAJobOfExactlyOneTask()
        {
            _nodes.Require();
            var name = SwarmNodes.NewName("nodes-job");
            var image = $"{SwarmNodes.Registry}/{name}/probe:1";
            string? pulled = null;
            try
            {
                SwarmNodes.Docker(null, "tag", SwarmNodes.ProbeImage, image);
                Assert.False(SwarmNodes.TryDocker(SwarmNodes.WorkerDockerHost, "image", "inspect", image), "the worker has the image before any push");
                SwarmNodes.Docker(null, "push", "-q", image);

                SwarmNodes.Docker(null, "service", "create", "-q", "--detach", "--name", name, "--mode", "replicated-job",
                    "--restart-condition", "none", "--constraint", "node.role==worker", image, "sh", "-c", "echo ran-on-$(hostname)");
                var tasks = WaitForTasksEnded(name);

                var task = Assert.Single(tasks);
                Assert.Equal("complete 0 " + _nodes.WorkerNodeId, SwarmNodes.Docker(null, "inspect", "--format", "{{.Status.State}} {{.Status.ContainerStatus.ExitCode}} {{.NodeID}}", task));
                var container = SwarmNodes.Docker(null, "inspect", "--format", "{{.Status.ContainerStatus.ContainerID}}", task);
                Assert.Equal("ran-on-" + container.Substring(0, 12), SwarmNodes.Docker(SwarmNodes.WorkerDockerHost, "logs", container));
                // The worker pulled it by the digest the service was pinned to.
                var pinned = SwarmNodes.Docker(null, "service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}", name);
                Assert.StartsWith(image + "@sha256:", pinned);
                pulled = image.Substring(0, image.LastIndexOf(':')) + pinned.Substring(pinned.IndexOf('@'));
                Assert.Equal(SwarmNodes.Docker(null, "image", "inspect", "--format", "{{.Id}}", image),
                    SwarmNodes.Docker(SwarmNodes.WorkerDockerHost, "image", "inspect", "--format", "{{.Id}}", pulled));
            }
            finally
            {
                SwarmNodes.TryDocker(null, "service", "rm", name);
                SwarmNodes.RemoveTaskContainers(name);
                SwarmNodes.TryDocker(null, "rmi", image);
                if (pulled != null)
                {
                    SwarmNodes.TryDocker(SwarmNodes.WorkerDockerHost, "rmi", pulled);
                }
            }

            AssertNothingLeft(name);
        }

        [SwarmNodesFact]
        public void AnOverlayNetworkSpansBothNodesAndAJobReachesTheOtherNodeByServiceName()
        {
            _nodes.Require();
            var name = SwarmNodes.NewName("nodes-net");
            var image = $"{SwarmNodes.Registry}/{name}/probe:1";
            var spread = name + "-spread";
            var far = name + "-far";
            var job = name + "-job";
            const string serveHostname = "hostname > /tmp/index.html; exec httpd -f -p 8080 -h /tmp";
            try
            {
                SwarmNodes.Docker(null, "tag", SwarmNodes.ProbeImage, image);
                SwarmNodes.Docker(null, "push", "-q", image);
                SwarmNodes.Docker(null, "network", "create", "--driver", "overlay", name);

                // Two replicas, at most one a node: one task on each.
                SwarmNodes.Docker(null, "service", "create", "-q", "--detach", "--name", spread, "--network", name, "--endpoint-mode", "dnsrr",
                    "--replicas", "2", "--replicas-max-per-node", "1", image, "sh", "-c", serveHostname);
                var running = WaitForRunningTasks(spread, 2);
                var nodesOfTasks = running.Select(t => SwarmNodes.Docker(null, "inspect", "--format", "{{.NodeID}}", t)).OrderBy(n => n, StringComparer.Ordinal);
                Assert.Equal(new[] { _nodes.ManagerNodeId, _nodes.WorkerNodeId }.OrderBy(n => n, StringComparer.Ordinal), nodesOfTasks);

                // dnsrr, since this kernel has no IPVS for a VIP: the name resolves to the one task, on the worker.
                SwarmNodes.Docker(null, "service", "create", "-q", "--detach", "--name", far, "--network", name, "--endpoint-mode", "dnsrr",
                    "--constraint", "node.role==worker", image, "sh", "-c", serveHostname);
                var farTask = Assert.Single(WaitForRunningTasks(far, 1));
                var farContainer = SwarmNodes.Docker(null, "inspect", "--format", "{{.Status.ContainerStatus.ContainerID}}", farTask);

                SwarmNodes.Docker(null, "service", "create", "-q", "--detach", "--name", job, "--mode", "replicated-job", "--restart-condition", "none",
                    "--network", name, "--constraint", "node.role==manager", image,
                    "sh", "-c", $"printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 10 {far} 8080 | tail -n 1");
                var jobTask = Assert.Single(WaitForTasksEnded(job));
                Assert.Equal("complete " + _nodes.ManagerNodeId, SwarmNodes.Docker(null, "inspect", "--format", "{{.Status.State}} {{.NodeID}}", jobTask));
                var jobContainer = SwarmNodes.Docker(null, "inspect", "--format", "{{.Status.ContainerStatus.ContainerID}}", jobTask);
                Assert.Equal(farContainer.Substring(0, 12), SwarmNodes.Docker(null, "logs", jobContainer));
            }
            finally
            {
                SwarmNodes.TryDocker(null, "service", "rm", spread, far, job);
                SwarmNodes.RemoveTaskContainers(job);
                // The network and images go once the tasks' containers on both nodes are gone.
                WaitForNoContainers(name);
                WaitUntil(() => SwarmNodes.TryDocker(null, "network", "rm", name) || !SwarmNodes.TryDocker(null, "network", "inspect", name), TaskTimeout);
                SwarmNodes.TryDocker(null, "rmi", image);
                RemoveWorkerImages(name);
            }

            AssertNothingLeft(name);
        }

        /// <summary>The worker pulls by digest (untagged): removed by repository@digest, never by the ID the probe image shares.</summary>
        private static void RemoveWorkerImages(string name)
        {
            var references = SwarmNodes.Docker(SwarmNodes.WorkerDockerHost, "images", "--digests", "--format", "{{.Repository}}@{{.Digest}}")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(r => r.Contains(name, StringComparison.Ordinal));
            foreach (var reference in references)
            {
                SwarmNodes.TryDocker(SwarmNodes.WorkerDockerHost, "rmi", reference);
            }
        }

        /// <summary>No service, network, container or image named after <paramref name="name"/> on either node.</summary>
        private static void AssertNothingLeft(string name)
        {
            Assert.DoesNotContain(name, SwarmNodes.Docker(null, "service", "ls", "--format", "{{.Name}}"));
            // A removed overlay network stays listed until the manager has freed it.
            WaitUntil(() => !SwarmNodes.Docker(null, "network", "ls", "--format", "{{.Name}}").Contains(name, StringComparison.Ordinal), TaskTimeout);
            Assert.DoesNotContain(name, SwarmNodes.Docker(null, "network", "ls", "--format", "{{.Name}}"));
            WaitForNoContainers(name);
            foreach (var host in new[] { null, SwarmNodes.WorkerDockerHost })
            {
                Assert.DoesNotContain(name, SwarmNodes.Docker(host, "ps", "-a", "--format", "{{.Names}}"));
                Assert.DoesNotContain(name, SwarmNodes.Docker(host, "images", "--format", "{{.Repository}}"));
                Assert.DoesNotContain(name, SwarmNodes.Docker(host, "volume", "ls", "--format", "{{.Name}}"));
            }
        }

        /// <summary>A removed service's containers go a moment after it, on each node.</summary>
        private static void WaitForNoContainers(string name)
        {
            foreach (var host in new[] { null, SwarmNodes.WorkerDockerHost })
            {
                WaitUntil(() => !SwarmNodes.Docker(host, "ps", "-a", "--format", "{{.Names}}").Contains(name, StringComparison.Ordinal), TaskTimeout);
            }
        }

        private static string[] Tasks(string service, string? desiredState = null) =>
            SwarmNodes.Docker(null, new[] { "service", "ps", "-q", "--no-trunc" }.Concat(desiredState == null ? Array.Empty<string>() : new[] { "--filter", "desired-state=" + desiredState })
                .Append(service).ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        private static string State(string task) => SwarmNodes.Docker(null, "inspect", "--format", "{{.Status.State}}", task);

        private static string[] WaitForRunningTasks(string service, int count)
        {
            string[] running = Array.Empty<string>();
            Assert.True(WaitUntil(() => (running = Tasks(service, "running").Where(t => State(t) == "running").ToArray()).Length >= count, TaskTimeout),
                $"{service} did not get {count} running tasks: {SwarmNodes.Docker(null, "service", "ps", "--no-trunc", service)}");
            return running;
        }

        /// <summary>The tasks of a job once one has ended (complete, failed or rejected): a job must have exactly one.</summary>
        private static string[] WaitForTasksEnded(string job)
        {
            string[] tasks = Array.Empty<string>();
            Assert.True(WaitUntil(() => (tasks = Tasks(job)).Any(t => State(t) is "complete" or "failed" or "rejected"), TaskTimeout),
                $"job {job} did not end: {SwarmNodes.Docker(null, "service", "ps", "--no-trunc", job)}");
            return tasks;
        }

        private static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (!condition())
            {
                if (clock.Elapsed > timeout)
                {
                    return false;
                }

                Thread.Sleep(300);
            }

            return true;
        }
    }
}
