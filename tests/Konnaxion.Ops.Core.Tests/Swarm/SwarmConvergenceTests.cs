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
    public class SwarmConvergenceTests
    {
        private static readonly DateTimeOffset Deployed = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);

        [Fact]
        public void DescribesAServiceByItsTasksOfTheCurrentSpec()
        {
            var service = FakeSwarmEngine.Service("konnaxion_django", replicas: 2, updatedAt: Deployed, updateState: "updating");
            var tasks = new[]
            {
                FakeSwarmEngine.Task("old", "failed", "shutdown", exitCode: 1, error: "task: non-zero exit (1)", createdAt: Deployed.AddMinutes(-5)),
                FakeSwarmEngine.Task("new-1", "failed", "shutdown", exitCode: 2, error: "task: non-zero exit (2)", createdAt: Deployed.AddSeconds(5)),
                FakeSwarmEngine.Task("new-2", "running", createdAt: Deployed.AddSeconds(10)),
                FakeSwarmEngine.Task("stopping", "running", "shutdown", createdAt: Deployed.AddSeconds(1)),
            };

            var status = SwarmStatus.Describe("konnaxion", service, tasks, new Dictionary<string, string> { ["n1"] = "node-one" }, Deployed);

            Assert.Equal(("django", "konnaxion_django", 2, 1, 1, false), (status.Service, status.Name, status.Desired, status.Running, status.FailedTasks, status.Converged));
            Assert.Equal(("updating", (string?)"task: non-zero exit (2)", (string?)"running"), (status.UpdateState, status.LastError, status.LastTaskState));
            Assert.Equal(new[] { "node-one" }, status.Nodes);
            Assert.Equal("django 1/2 (updating)", status.ToString());
        }

        [Theory]
        [InlineData(null, true)]
        [InlineData("completed", true)]
        [InlineData("updating", false)]
        [InlineData("paused", false)]
        [InlineData("rollback_started", false)]
        [InlineData("rollback_completed", false)]
        public void IsConvergedWhenAllItsTasksRunAndNoUpdateIsUnderWayOrRolledBack(string? updateState, bool converged)
        {
            var status = SwarmStatus.Describe("konnaxion", FakeSwarmEngine.Service("konnaxion_django", updateState: updateState),
                new[] { FakeSwarmEngine.Task("t1", "running") }, new Dictionary<string, string>(), Deployed);

            Assert.Equal(converged, status.Converged);
        }

        [Fact]
        public void WaitsUntilConvergedAtTwoLooksInARow()
        {
            var engine = new FakeSwarmEngine();
            engine.Services.Add(FakeSwarmEngine.Service("konnaxion_django", updatedAt: Deployed));
            engine.TaskListings.Enqueue(new[] { FakeSwarmEngine.Task("t1", "starting", createdAt: Deployed) });
            engine.TaskListings.Enqueue(new[] { FakeSwarmEngine.Task("t1", "running", createdAt: Deployed) });
            engine.TaskListings.Enqueue(new[] { FakeSwarmEngine.Task("t1", "failed", "shutdown", exitCode: 1, createdAt: Deployed) });
            engine.TaskListings.Enqueue(new[] { FakeSwarmEngine.Task("t2", "running", createdAt: Deployed.AddSeconds(6)) });
            var output = new RecordingOutput();

            var status = SwarmConvergence.Wait(engine, "konnaxion", TimeSpan.FromSeconds(10), SecretRedactor.None, output, CancellationToken.None, Poll);

            Assert.True(Assert.Single(status).Converged);
            Assert.Empty(engine.TaskListings);
            Assert.Contains(output.Progress, progress => progress.Status == "django 0/1");
        }

        [Fact]
        public void FailsEarlyOnThreeFailedTasksQuotingTheErrorAndTheLastLogLinesMasked()
        {
            var engine = new FakeSwarmEngine();
            engine.Services.Add(FakeSwarmEngine.Service("konnaxion_django", updatedAt: Deployed));
            engine.Log.AddRange(Enumerable.Range(1, 25).Select(i => new ProcessLine(ProcessStream.StandardError, $"line {i} s3cret")));
            engine.TaskListings.Enqueue(Enumerable.Range(1, 3)
                .Select(i => FakeSwarmEngine.Task("t" + i, "failed", "shutdown", exitCode: 1, error: "task: non-zero exit (1)", createdAt: Deployed.AddSeconds(i)))
                .ToList());
            var redactor = new SecretRedactor(new[] { new KeyValuePair<string, string>("POSTGRES_PASSWORD", "s3cret") });

            var error = Assert.Throws<KxException>(() => SwarmConvergence.Wait(engine, "konnaxion", TimeSpan.FromSeconds(10), redactor, new RecordingOutput(), CancellationToken.None, Poll));

            Assert.Equal((KxErrorIds.SwarmTaskFailing, KxErrorCategory.ResourceUnavailable), (error.ErrorId, error.Category));
            Assert.Contains("django (Swarm service konnaxion_django) keeps failing: 3 of its tasks failed, 0 of 1 running; the last task error: task: non-zero exit (1).", error.Message);
            Assert.Contains("The last 20 lines of its log:\n  line 6 " + SecretRedactor.Mask, error.Message);
            Assert.DoesNotContain("line 5 ", error.Message);
            Assert.DoesNotContain("s3cret", error.Message);
        }

        [Fact]
        public void FailsEarlyOnAPausedUpdate()
        {
            var engine = new FakeSwarmEngine();
            engine.Services.Add(FakeSwarmEngine.Service("konnaxion_django", updatedAt: Deployed, updateState: "paused"));
            engine.TaskListings.Enqueue(new[] { FakeSwarmEngine.Task("t1", "running", createdAt: Deployed) });

            var error = Assert.Throws<KxException>(() => SwarmConvergence.Wait(engine, "konnaxion", TimeSpan.FromSeconds(10), SecretRedactor.None, new RecordingOutput(), CancellationToken.None, Poll));

            Assert.Equal(KxErrorIds.SwarmTaskFailing, error.ErrorId);
            Assert.Contains("has its update paused", error.Message);
        }

        [Fact]
        public void TimesOutNamingWhatIsNotConverged()
        {
            var engine = new FakeSwarmEngine();
            engine.Services.Add(FakeSwarmEngine.Service("konnaxion_django", updatedAt: Deployed));
            engine.TaskListings.Enqueue(new[] { FakeSwarmEngine.Task("t1", "pending", error: "no suitable node", nodeId: null, createdAt: Deployed) });

            var error = Assert.Throws<KxException>(() => SwarmConvergence.Wait(engine, "konnaxion", TimeSpan.FromMilliseconds(50), SecretRedactor.None, new RecordingOutput(), CancellationToken.None, Poll));

            Assert.Equal((KxErrorIds.ServiceWaitTimeout, KxErrorCategory.OperationTimeout), (error.ErrorId, error.Category));
            Assert.Contains("still not: django 0/1, last task error: no suitable node.", error.Message);
        }

        [Fact]
        public void AStackWithNoServicesNeverConverges()
        {
            var error = Assert.Throws<KxException>(() =>
                SwarmConvergence.Wait(new FakeSwarmEngine(), "konnaxion", TimeSpan.FromMilliseconds(30), SecretRedactor.None, new RecordingOutput(), CancellationToken.None, Poll));

            Assert.Contains("it has no services", error.Message);
        }

        [Fact]
        public void RequiringAManagerNamesTheEngineAndSwarmInit()
        {
            var error = Assert.Throws<KxException>(() => SwarmManager.Require(new InactiveEngine(), "unix:///var/run/docker.sock", CancellationToken.None));

            Assert.Equal((KxErrorIds.SwarmNotManager, KxErrorCategory.InvalidOperation, (object)"unix:///var/run/docker.sock"), (error.ErrorId, error.Category, error.TargetObject));
            Assert.Contains("is not in an active swarm (its swarm state is inactive)", error.Message);
            Assert.Contains("docker swarm init", error.Message);
        }

        private sealed class InactiveEngine : ISwarmEngine
        {
            public EngineSwarmInfo GetSwarmInfo(CancellationToken cancellationToken) => new EngineSwarmInfo("inactive", false, null, null, null);
            public IReadOnlyList<EngineNode> ListNodes(CancellationToken cancellationToken) => throw new NotSupportedException();
            public IReadOnlyList<EngineSwarmService> ListServices(IReadOnlyDictionary<string, string?> labelFilters, CancellationToken cancellationToken) => throw new NotSupportedException();
            public EngineSwarmService InspectService(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
            public string CreateJob(EngineJobSpec spec, CancellationToken cancellationToken) => throw new NotSupportedException();
            public void RemoveService(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
            public IReadOnlyList<EngineSwarmTask> ListTasks(string? serviceId, IReadOnlyDictionary<string, string?>? labelFilters, string? desiredState, CancellationToken cancellationToken) =>
                throw new NotSupportedException();
            public void FollowServiceLogs(string id, Action<ProcessLine> onLine, CancellationToken cancellationToken) => throw new NotSupportedException();
            public IReadOnlyList<ProcessLine> GetServiceLogs(string id, int? tail, CancellationToken cancellationToken) => throw new NotSupportedException();
        }
    }
}
