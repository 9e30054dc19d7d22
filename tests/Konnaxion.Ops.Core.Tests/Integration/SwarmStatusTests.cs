using System;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Swarm;
using Konnaxion.Ops.Tests.Engine;

namespace Konnaxion.Ops.Tests.Integration
{
    [Collection(DockerSwarmCollection.Name)]
    public sealed class SwarmStatusTests
    {
        private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(90);

        private readonly SwarmNode _swarm;

        public SwarmStatusTests(SwarmNode swarm) => _swarm = swarm;

        [EngineFact]
        public void TheStatusOfADeployedStackShowsDesiredAndRunningOnceConverged()
        {
            using var engine = _swarm.Connect();
            using var stack = new TestStack(_swarm, $@"
services:
  sleeper:
    image: {EngineTestEnvironment.Image}
    command: sleep infinity
    deploy:
      replicas: 2
      placement:
        constraints: [""{_swarm.Constraint}""]
  once:
    image: {EngineTestEnvironment.Image}
    command: sleep infinity
    deploy:
      placement:
        constraints: [""{_swarm.Constraint}""]
");
            var output = new RecordingOutput();

            var status = SwarmConvergence.Wait(engine, stack.Name, WaitTimeout, SecretRedactor.None, output, CancellationToken.None);

            Assert.Equal(new[] { "once", "sleeper" }, status.Select(service => service.Service));
            var sleeper = status.Single(service => service.Service == "sleeper");
            Assert.Equal((stack.Name + "_sleeper", "replicated", 2, 2, true), (sleeper.Name, sleeper.Mode, sleeper.Desired, sleeper.Running, sleeper.Converged));
            Assert.Equal(new[] { engine.ListNodes(CancellationToken.None).Single(node => node.Id == _swarm.NodeId).Hostname }, sleeper.Nodes);
            Assert.Null(sleeper.LastError);
            Assert.Equal(0, sleeper.FailedTasks);
            Assert.StartsWith(EngineTestEnvironment.Image, sleeper.Image);
            Assert.Contains(output.Progress, progress => progress.Completed);
            Assert.Empty(SwarmStatus.Get(engine, SwarmNode.NewName("absent"), CancellationToken.None));
        }

        [EngineFact]
        public void AServiceWhoseTaskKeepsExitingMakesTheWaitFailEarlyQuotingTheErrorAndTheLog()
        {
            using var engine = _swarm.Connect();
            using var stack = new TestStack(_swarm, $@"
services:
  crasher:
    image: {EngineTestEnvironment.Image}
    command: [""sh"", ""-c"", ""echo DATABASE_URL=postgres://u:kxswarmtest-secret@db/x; echo crashing-now >&2; exit 1""]
    deploy:
      restart_policy:
        condition: any
        delay: 1s
      placement:
        constraints: [""{_swarm.Constraint}""]
");
            var redactor = new SecretRedactor(new[] { new System.Collections.Generic.KeyValuePair<string, string>("POSTGRES_PASSWORD", "kxswarmtest-secret") });
            var started = DateTime.UtcNow;

            var error = Assert.Throws<KxException>(() =>
                SwarmConvergence.Wait(engine, stack.Name, WaitTimeout, redactor, new RecordingOutput(), CancellationToken.None));

            Assert.Equal((KxErrorIds.SwarmTaskFailing, KxErrorCategory.ResourceUnavailable), (error.ErrorId, error.Category));
            Assert.True(DateTime.UtcNow - started < WaitTimeout, "failed early, not at the timeout");
            Assert.Contains($"crasher (Swarm service {stack.Name}_crasher) keeps failing", error.Message);
            Assert.Contains("the last task error: task: non-zero exit (1)", error.Message);
            Assert.Contains("\n  crashing-now", error.Message);
            Assert.Contains("postgres://u:" + SecretRedactor.Mask + "@db/x", error.Message);
            Assert.DoesNotContain("kxswarmtest-secret", error.Message);
        }

        /// <summary>A stack deployed with `docker stack deploy` from a compose text, removed with its network afterwards.</summary>
        private sealed class TestStack : IDisposable
        {
            private readonly string _file;

            public TestStack(SwarmNode swarm, string compose)
            {
                // The swarm first: stack deploy needs a manager.
                _ = swarm.NodeId;
                Name = SwarmNode.NewName("stack");
                _file = Path.Combine(Path.GetTempPath(), Name + ".yml");
                File.WriteAllText(_file, "version: \"3.8\"\n" + compose);
                ThrowawayContainers.Docker(new[] { "stack", "deploy", "--resolve-image", "never", "-c", _file, Name });
            }

            public string Name { get; }

            public void Dispose()
            {
                ThrowawayContainers.Docker(new[] { "stack", "rm", Name }, mustSucceed: false);
                File.Delete(_file);
                // The stack's network goes once its tasks are gone, a moment after the services.
                for (var attempt = 0; attempt < 40; attempt++)
                {
                    if (ThrowawayContainers.Docker(new[] { "network", "ls", "-q", "--filter", "label=com.docker.stack.namespace=" + Name }, mustSucceed: false).Length == 0)
                    {
                        return;
                    }

                    Thread.Sleep(500);
                    ThrowawayContainers.Docker(new[] { "network", "rm", Name + "_default" }, mustSucceed: false);
                }
            }
        }
    }
}
