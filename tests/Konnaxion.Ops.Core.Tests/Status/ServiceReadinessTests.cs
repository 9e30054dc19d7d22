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
        [InlineData("running", "starting", "postgres: running (starting)")]
        [InlineData("running", "none", "postgres: running")]
        [InlineData("missing", "none", "postgres: missing")]
        public void Describes_a_status_by_service_state_and_health(string state, string health, string expected)
        {
            Assert.Equal(expected, ServiceReadiness.Describe(Status(state, health)));
        }

        private static KxServiceStatus Status(string state, string health) =>
            new KxServiceStatus("kx", "postgres", null, null, state, health, null, Array.Empty<string>(), null, null, null, false, DateTimeOffset.UtcNow);
    }
}
