using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Status;
using Konnaxion.Ops.Swarm;
using Konnaxion.Ops.Tests.Engine;

namespace Konnaxion.Ops.Tests.Integration
{
    [Collection(DockerSwarmCollection.Name)]
    public sealed class SwarmJobTests
    {
        private readonly SwarmNode _swarm;

        public SwarmJobTests(SwarmNode swarm) => _swarm = swarm;

        [EngineFact]
        public void AJobReportsItsLinesAndExitCodeRunsOneTaskAndLeavesNoService()
        {
            using var engine = _swarm.Connect();
            var stack = SwarmNode.NewName("job");
            // Enough lines, and a pause, that some arrive through the follow and the rest from the log read at the end.
            var spec = Spec(stack, "sh", "-c", "echo first; echo 'to stderr é' >&2; sleep 2; for i in $(seq 1 50); do echo line-$i; done; printf unterminated; exit 3");
            spec.Environment = new[] { "KXSWARMTEST_SECRET=s3cret" };
            var lines = new List<ProcessLine>();
            var output = new RecordingOutput();
            var threads = new HashSet<int>();

            var exitCode = SwarmJob.Run(engine, engine, spec, line =>
            {
                lines.Add(line);
                threads.Add(Environment.CurrentManagedThreadId);
            }, output, CancellationToken.None);

            Assert.Equal(3, exitCode);
            // Each stream in order; the engine does not keep the order between stdout and stderr.
            var expected = new[] { "first" }.Concat(Enumerable.Range(1, 50).Select(i => "line-" + i)).Concat(new[] { "unterminated" });
            Assert.Equal(expected, lines.Where(line => line.Stream == ProcessStream.StandardOutput).Select(line => line.Text));
            Assert.Equal(new[] { "to stderr é" }, lines.Where(line => line.Stream == ProcessStream.StandardError).Select(line => line.Text));
            Assert.Equal(new[] { Environment.CurrentManagedThreadId }, threads);
            Assert.Contains(output.Verbose, message => message.StartsWith($"Removed the Swarm job {spec.Name}", StringComparison.Ordinal));
            Assert.Empty(engine.ListServices(new Dictionary<string, string?> { [SwarmJob.StackLabel] = stack }, CancellationToken.None));
            // Engine 20.10 keeps an ended job task's container after its service: the job removes it too.
            Assert.Empty(ThrowawayContainers.Docker(new[] { "ps", "-a", "-q", "--filter", "label=com.docker.swarm.service.name=" + spec.Name }));
        }

        [EngineFact]
        public void AJobRunsExactlyOneTaskWithItsEnvironmentLabelsAndNetwork()
        {
            using var engine = _swarm.Connect();
            var stack = SwarmNode.NewName("one");
            var network = stack + "_default";
            ThrowawayContainers.Docker(new[] { "network", "create", "--driver", "overlay", network });
            try
            {
                var spec = Spec(stack, "sh", "-c", "echo \"$KXSWARMTEST_VALUE\"; cat /sys/class/net/*/address | wc -l");
                spec.Environment = new[] { "KXSWARMTEST_VALUE=from the body" };
                spec.Networks = new[] { network };
                string? serviceId = null;
                var tasks = new List<EngineSwarmTask>();
                var lines = new List<string>();

                var exitCode = SwarmJob.Run(engine, engine, spec, line =>
                {
                    lines.Add(line.Text);
                    if (serviceId == null)
                    {
                        // While it runs: the service is ours, labelled with this process as its owner.
                        var service = Assert.Single(engine.ListServices(new Dictionary<string, string?> { [SwarmJob.StackLabel] = stack }, CancellationToken.None));
                        serviceId = service.Id;
                        Assert.Equal(EngineSwarmService.ReplicatedJob, service.Mode);
                        Assert.Equal(OneOffOwner.Current.Pid.ToString(), service.Labels[OneOffOwner.PidLabel]);
                        Assert.False(service.Labels.ContainsKey("com.docker.stack.namespace"));
                        tasks.AddRange(engine.ListTasks(service.Id, null, null, CancellationToken.None));
                    }
                }, new RecordingOutput(), CancellationToken.None);

                Assert.Equal(0, exitCode);
                Assert.Equal("from the body", lines[0]);
                // lo, the ingress-free overlay's eth and the default gateway bridge's: the task joined the network.
                Assert.Equal("3", lines[1].Trim());
                Assert.Single(tasks);
                Assert.Empty(engine.ListServices(new Dictionary<string, string?> { [SwarmJob.StackLabel] = stack }, CancellationToken.None));
            }
            finally
            {
                RemoveNetwork(network);
            }
        }

        [EngineFact]
        public void ARejectedJobIsSwarmJobFailedQuotingTheTaskErrorAndIsRemoved()
        {
            using var engine = _swarm.Connect();
            var stack = SwarmNode.NewName("rejected");
            var spec = SwarmJob.Spec(stack, "test", "kxswarmtest/no-such-image:none", new[] { "true" });
            spec.Constraints = new[] { _swarm.Constraint };

            var error = Assert.Throws<KxException>(() => SwarmJob.Run(engine, engine, spec, _ => { }, new RecordingOutput(), CancellationToken.None));

            Assert.Equal((KxErrorIds.SwarmJobFailed, KxErrorCategory.InvalidOperation), (error.ErrorId, error.Category));
            Assert.Contains("no-such-image", error.Message);
            Assert.Empty(engine.ListServices(new Dictionary<string, string?> { [SwarmJob.StackLabel] = stack }, CancellationToken.None));
        }

        [EngineFact]
        public void CancellingAJobRemovesItsService()
        {
            using var engine = _swarm.Connect();
            var stack = SwarmNode.NewName("cancel");
            var spec = Spec(stack, "sh", "-c", "echo started; exec sleep 300");
            using var cancellation = new CancellationTokenSource();

            Assert.ThrowsAny<OperationCanceledException>(() => SwarmJob.Run(engine, engine, spec, line =>
            {
                if (line.Text == "started")
                {
                    cancellation.Cancel();
                }
            }, new RecordingOutput(), cancellation.Token));

            Assert.Empty(engine.ListServices(new Dictionary<string, string?> { [SwarmJob.StackLabel] = stack }, CancellationToken.None));
            Assert.Empty(ThrowawayContainers.Docker(new[] { "ps", "-a", "-q", "--filter", "label=com.docker.swarm.service.name=" + spec.Name }));
        }

        [EngineFact]
        public void AJobLeftByADeadProcessIsSweptAndALiveOnesIsKept()
        {
            using var engine = _swarm.Connect();
            var stack = SwarmNode.NewName("leftover");
            var dead = Spec(stack, "sleep", "300");
            var labels = dead.Labels.ToDictionary(label => label.Key, label => label.Value);
            labels[OneOffOwner.StartedLabel] = "2001-01-01T00:00:00.000Z";
            dead.Labels = labels;
            var deadId = engine.CreateJob(dead, CancellationToken.None);
            var alive = Spec(stack, "sleep", "300");
            var aliveId = engine.CreateJob(alive, CancellationToken.None);
            try
            {
                var output = new RecordingOutput();

                // The sweep every cmdlet starts with, on a project whose stack is this one.
                using var project = KxProject.Open(System.IO.Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend"), KxEnvironment.Production,
                    new KxProjectOptions { Orchestrator = KxOrchestrator.Swarm, ProjectName = stack, Engine = engine });

                var removed = project.RemoveLeftoverOneOffs(output);

                Assert.Equal(new[] { dead.Name }, removed);
                Assert.Contains(output.Warnings, warning => warning.StartsWith($"Removed the Swarm job {dead.Name}, started by pid", StringComparison.Ordinal));
                Assert.Equal(new[] { alive.Name }, engine.ListServices(new Dictionary<string, string?> { [SwarmJob.StackLabel] = stack }, CancellationToken.None).Select(s => s.Name));
            }
            finally
            {
                foreach (var id in new[] { deadId, aliveId })
                {
                    ThrowawayContainers.Docker(new[] { "service", "rm", id }, mustSucceed: false);
                }

                foreach (var name in new[] { dead.Name, alive.Name })
                {
                    var left = ThrowawayContainers.Docker(new[] { "ps", "-a", "-q", "--filter", "label=com.docker.swarm.service.name=" + name }, mustSucceed: false);
                    if (left.Length > 0)
                    {
                        ThrowawayContainers.Docker(new[] { "rm", "-f" }.Concat(left.Split('\n')).ToArray(), mustSucceed: false);
                    }
                }
            }
        }

        private EngineJobSpec Spec(string stack, params string[] arguments)
        {
            var spec = SwarmJob.Spec(stack, "test", EngineTestEnvironment.Image, arguments);
            spec.Constraints = new[] { _swarm.Constraint };
            return spec;
        }

        /// <summary>An overlay network goes once the job's task is gone, which the engine does a moment after the service.</summary>
        private static void RemoveNetwork(string network)
        {
            for (var attempt = 0; attempt < 20; attempt++)
            {
                if (ThrowawayContainers.Docker(new[] { "network", "rm", network }, mustSucceed: false).Length > 0 ||
                    ThrowawayContainers.Docker(new[] { "network", "ls", "-q", "--filter", "name=^" + network + "$" }, mustSucceed: false).Length == 0)
                {
                    return;
                }

                Thread.Sleep(500);
            }
        }
    }
}
