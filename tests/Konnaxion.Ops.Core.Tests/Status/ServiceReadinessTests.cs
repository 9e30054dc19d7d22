using System;
using Konnaxion.Ops.Status;

namespace Konnaxion.Ops.Tests.Status
{
    public sealed class ServiceReadinessTests
    {
        [Theory]
        [InlineData("running", "none", KxWaitCondition.Running, "Ready")]
        [InlineData("running", "starting", KxWaitCondition.Running, "Ready")]
        [InlineData("running", "unhealthy", KxWaitCondition.Running, "Ready")]
        [InlineData("running", "healthy", KxWaitCondition.Healthy, "Ready")]
        [InlineData("running", "none", KxWaitCondition.Healthy, "Ready")]
        [InlineData("running", "starting", KxWaitCondition.Healthy, "Waiting")]
        [InlineData("running", "unhealthy", KxWaitCondition.Healthy, "Unhealthy")]
        [InlineData("exited", "none", KxWaitCondition.Running, "Exited")]
        [InlineData("exited", "unhealthy", KxWaitCondition.Healthy, "Exited")]
        [InlineData("dead", "none", KxWaitCondition.Healthy, "Exited")]
        [InlineData("missing", "none", KxWaitCondition.Running, "Waiting")]
        [InlineData("created", "none", KxWaitCondition.Running, "Waiting")]
        [InlineData("restarting", "none", KxWaitCondition.Running, "Waiting")]
        [InlineData("paused", "healthy", KxWaitCondition.Healthy, "Waiting")]
        [InlineData("removing", "none", KxWaitCondition.Running, "Waiting")]
        public void Judges_state_and_health_against_the_condition(string state, string health, KxWaitCondition condition, string expected)
        {
            Assert.Equal(expected, ServiceReadiness.Judge(Status(state, health), condition).ToString());
        }

        [Theory]
        [InlineData("restarting", "none", KxWaitCondition.Running, 2, "RestartLoop")]
        [InlineData("running", "none", KxWaitCondition.Running, 2, "RestartLoop")]
        [InlineData("running", "healthy", KxWaitCondition.Healthy, 5, "RestartLoop")]
        [InlineData("restarting", "none", KxWaitCondition.Running, 1, "Waiting")]
        [InlineData("running", "none", KxWaitCondition.Running, 1, "Ready")]
        [InlineData("exited", "none", KxWaitCondition.Healthy, 1, "Exited")]
        public void A_container_restarted_twice_while_waited_for_is_in_a_restart_loop_whatever_its_state(string state, string health,
            KxWaitCondition condition, int restarts, string expected)
        {
            Assert.Equal(expected, ServiceReadiness.Judge(Status(state, health), condition, restarts).ToString());
        }

        [Fact]
        public void The_watch_counts_restarts_from_the_first_sighting_of_each_container()
        {
            var watch = new RestartWatch();

            Assert.Equal(0, watch.RestartsSinceFirstSeen(Status("restarting", "none", "a", restartCount: 7)));
            Assert.Equal(0, watch.RestartsSinceFirstSeen(Status("running", "none", "b", restartCount: 0)));
            Assert.Equal(1, watch.RestartsSinceFirstSeen(Status("running", "none", "a", restartCount: 8)));
            Assert.Equal(2, watch.RestartsSinceFirstSeen(Status("restarting", "none", "a", restartCount: 9)));
            Assert.Equal(0, watch.RestartsSinceFirstSeen(Status("running", "none", "b", restartCount: 0)));
            Assert.Equal(0, watch.RestartsSinceFirstSeen(Status("missing", "none")));
        }

        [Theory]
        [InlineData("running", "starting", "postgres: running (starting)")]
        [InlineData("running", "none", "postgres: running")]
        [InlineData("missing", "none", "postgres: missing")]
        public void Describes_a_status_by_service_state_and_health(string state, string health, string expected)
        {
            Assert.Equal(expected, ServiceReadiness.Describe(Status(state, health)));
        }

        private static KxServiceStatus Status(string state, string health, string? containerId = null, int? restartCount = null) =>
            new KxServiceStatus("kx", "postgres", null, containerId, state, health, null, Array.Empty<string>(), null, null, null, false, DateTimeOffset.UtcNow,
                restartCount);
    }
}
