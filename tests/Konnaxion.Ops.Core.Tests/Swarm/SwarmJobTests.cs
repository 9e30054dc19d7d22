using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Swarm;
using Konnaxion.Ops.Tests.Integration;

namespace Konnaxion.Ops.Tests.Swarm
{
    public class SwarmJobTests
    {
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

        [Fact]
        public void ReturnsTheExitCodeWithEveryLineOnceAndRemovesTheService()
        {
            var engine = new FakeSwarmEngine();
            engine.Log.AddRange(new[] { Out("one"), Err("two"), Out("three") });
            engine.TaskListings.Enqueue(new[] { FakeSwarmEngine.Task("t1", "running") });
            engine.TaskListings.Enqueue(new[] { FakeSwarmEngine.Task("t1", "failed", "shutdown", exitCode: 3, error: "task: non-zero exit (3)") });
            var lines = new List<ProcessLine>();

            var exitCode = SwarmJob.Run(engine, new Engine.FakeDockerEngine(), SwarmJob.Spec("konnaxion", "migrate", "img:1", new[] { "true" }), lines.Add, new RecordingOutput(), CancellationToken.None, Poll);

            Assert.Equal(3, exitCode);
            // The follow delivered "one"; the rest came from the whole log, "one" not again.
            Assert.Equal(new[] { "one", "two", "three" }, lines.Select(line => line.Text));
            Assert.Equal(new[] { "job1" }, engine.Removed);
        }

        [Fact]
        public void AJobWithoutAPlacementRunsOnTheNodeOfTheEngineCalledWhereItsContainerCanBeRemoved()
        {
            var engine = new FakeSwarmEngine();
            engine.Nodes.Add(new EngineNode("n2", "node-two", "worker", "active", "ready", "10.0.0.2"));
            engine.TaskListings.Enqueue(new[] { FakeSwarmEngine.Task("t1", "complete", "shutdown", exitCode: 0) });

            SwarmJob.Run(engine, new Engine.FakeDockerEngine(), SwarmJob.Spec("konnaxion", "migrate", "img:1", new[] { "true" }), _ => { }, new RecordingOutput(), CancellationToken.None, Poll);

            Assert.Equal(new[] { "node.id==n1" }, engine.Created.Single().Constraints);
        }

        [Fact]
        public void AJobKeepsItsOwnPlacementAndOnADrainedNodeIsLeftToTheScheduler()
        {
            var placed = SwarmJob.Spec("konnaxion", "backup", "img:1", new[] { "backup" });
            placed.Constraints = new[] { "node.id==n2" };
            var free = SwarmJob.Spec("konnaxion", "migrate", "img:1", new[] { "true" });
            var engine = new FakeSwarmEngine();
            engine.Nodes[0] = new EngineNode("n1", "node-one", "manager", "drain", "ready", "127.0.0.1");

            SwarmJob.PlaceOnCalledNode(engine, placed, CancellationToken.None);
            SwarmJob.PlaceOnCalledNode(engine, free, CancellationToken.None);

            Assert.Equal(new[] { "node.id==n2" }, placed.Constraints);
            Assert.Empty(free.Constraints);
        }

        [Fact]
        public void NamesTheJobAfterItsStackAndPurposeWithinSwarmsLimitAndLabelsItsOwner()
        {
            var spec = SwarmJob.Spec(new string('s', 80), "migrate", "img:1", new[] { "true" });

            Assert.Matches("^kx-s+-migrate-[0-9a-f]{8}$", spec.Name);
            Assert.Equal(63, spec.Name.Length);
            Assert.Equal("migrate", spec.Labels[SwarmJob.PurposeLabel]);
            Assert.Equal(new string('s', 80), spec.Labels[SwarmJob.StackLabel]);
            Assert.Equal(Environment.MachineName, spec.Labels[Konnaxion.Ops.Status.OneOffOwner.HostLabel]);
        }

        [Fact]
        public void ASecondTaskIsSwarmJobFailedAndTheServiceIsStillRemoved()
        {
            var engine = new FakeSwarmEngine();
            engine.TaskListings.Enqueue(new[] { FakeSwarmEngine.Task("t1", "complete", "shutdown", exitCode: 0) });
            engine.TaskListings.Enqueue(new[] { FakeSwarmEngine.Task("t1", "complete", "shutdown", exitCode: 0), FakeSwarmEngine.Task("t2", "running") });

            var error = Assert.Throws<KxException>(() =>
                SwarmJob.Run(engine, new Engine.FakeDockerEngine(), SwarmJob.Spec("konnaxion", "migrate", "img:1", new[] { "true" }), _ => { }, new RecordingOutput(), CancellationToken.None, Poll));

            Assert.Equal((KxErrorIds.SwarmJobFailed, KxErrorCategory.InvalidOperation), (error.ErrorId, error.Category));
            Assert.Contains("ran 2 tasks", error.Message);
            Assert.Equal(new[] { "job1" }, engine.Removed);
        }

        [Fact]
        public void ARejectedTaskIsSwarmJobFailedQuotingItsError()
        {
            var engine = new FakeSwarmEngine();
            engine.TaskListings.Enqueue(new[] { FakeSwarmEngine.Task("t1", "rejected", "shutdown", error: "No such image: img:1") });

            var error = Assert.Throws<KxException>(() =>
                SwarmJob.Run(engine, new Engine.FakeDockerEngine(), SwarmJob.Spec("konnaxion", "migrate", "img:1", new[] { "true" }), _ => { }, new RecordingOutput(), CancellationToken.None, Poll));

            Assert.Contains("was rejected: No such image: img:1", error.Message);
            Assert.Equal(new[] { "job1" }, engine.Removed);
        }

        [Fact]
        public void ACancelledJobIsRemoved()
        {
            var engine = new FakeSwarmEngine();
            engine.TaskListings.Enqueue(new[] { FakeSwarmEngine.Task("t1", "running") });
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

            Assert.ThrowsAny<OperationCanceledException>(() =>
                SwarmJob.Run(engine, new Engine.FakeDockerEngine(), SwarmJob.Spec("konnaxion", "migrate", "img:1", new[] { "true" }), _ => { }, new RecordingOutput(), cancellation.Token, Poll));

            Assert.Equal(new[] { "job1" }, engine.Removed);
        }

        [Fact]
        public void ARemovalThatFailsIsAWarningNamingTheCommand()
        {
            var engine = new FakeSwarmEngine { RemoveError = new KxException(KxErrorIds.EngineApiError, KxErrorCategory.ResourceUnavailable, "job1", "HTTP 500.") };
            engine.TaskListings.Enqueue(new[] { FakeSwarmEngine.Task("t1", "complete", "shutdown", exitCode: 0) });
            var output = new RecordingOutput();
            var spec = SwarmJob.Spec("konnaxion", "migrate", "img:1", new[] { "true" });

            Assert.Equal(0, SwarmJob.Run(engine, new Engine.FakeDockerEngine(), spec, _ => { }, output, CancellationToken.None, Poll));

            Assert.Contains(output.Warnings, warning => warning.EndsWith("Remove it with: docker service rm " + spec.Name, StringComparison.Ordinal));
        }

        private static ProcessLine Out(string text) => new ProcessLine(ProcessStream.StandardOutput, text);

        private static ProcessLine Err(string text) => new ProcessLine(ProcessStream.StandardError, text);
    }
}
