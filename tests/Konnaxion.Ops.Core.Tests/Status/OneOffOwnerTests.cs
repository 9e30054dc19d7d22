using System;
using System.Collections.Generic;
using Konnaxion.Ops.Status;

namespace Konnaxion.Ops.Tests.Status
{
    /// <summary>When a one-off container's owner counts as gone: only on its own host, and only when no process, or another one, has its pid.</summary>
    public sealed class OneOffOwnerTests
    {
        private static readonly DateTimeOffset Started = new DateTimeOffset(2026, 12, 3, 15, 8, 50, 86, TimeSpan.Zero);
        private static readonly OneOffOwner Owner = new OneOffOwner("ci-runner-7", 4242, Started);

        [Fact]
        public void An_owner_whose_pid_runs_with_its_start_time_is_alive()
        {
            Assert.False(Owner.IsGone("ci-runner-7", Running(Started)));
        }

        [Fact]
        public void Another_processs_reading_of_the_same_start_time_a_millisecond_off_is_still_the_owner()
        {
            Assert.False(Owner.IsGone("ci-runner-7", Running(Started.AddMilliseconds(0.6))));
            Assert.False(Owner.IsGone("ci-runner-7", Running(Started.AddMilliseconds(-0.6))));
        }

        [Fact]
        public void An_owner_whose_pid_no_process_has_is_gone()
        {
            Assert.True(Owner.IsGone("ci-runner-7", pid => (false, null)));
        }

        [Fact]
        public void A_reused_pid_started_later_means_the_owner_is_gone()
        {
            Assert.True(Owner.IsGone("ci-runner-7", Running(Started.AddSeconds(5))));
            Assert.True(Owner.IsGone("ci-runner-7", Running(Started.AddDays(-1))));
        }

        [Fact]
        public void A_running_process_whose_start_time_cannot_be_read_is_taken_for_the_owner()
        {
            Assert.False(Owner.IsGone("ci-runner-7", pid => (true, null)));
        }

        [Fact]
        public void On_another_host_the_owner_is_never_judged_and_its_pid_not_even_looked_up()
        {
            Assert.False(Owner.IsGone("alice-laptop", pid => throw new InvalidOperationException("looked up pid " + pid)));
        }

        [Fact]
        public void The_host_name_is_compared_without_case_as_machine_names_are()
        {
            Assert.True(Owner.IsGone("CI-RUNNER-7", pid => (false, null)));
        }

        [Fact]
        public void Labels_round_trip_to_the_millisecond()
        {
            var read = OneOffOwner.FromLabels(Owner.Labels);

            Assert.NotNull(read);
            Assert.Equal(("ci-runner-7", 4242, Started), (read!.Host, read.Pid, read.Started));
            Assert.Equal("2026-12-03T15:08:50.086Z", Owner.Labels[OneOffOwner.StartedLabel]);
            Assert.Equal("ci-runner-7 pid 4242", read.ToString());
        }

        [Theory]
        [InlineData(OneOffOwner.HostLabel)]
        [InlineData(OneOffOwner.PidLabel)]
        [InlineData(OneOffOwner.StartedLabel)]
        public void Labels_without_one_of_the_three_name_no_owner(string missing)
        {
            var labels = new Dictionary<string, string>(Owner.Labels);
            labels.Remove(missing);

            Assert.Null(OneOffOwner.FromLabels(labels));
        }

        [Theory]
        [InlineData(OneOffOwner.PidLabel, "-1")]
        [InlineData(OneOffOwner.PidLabel, "42x")]
        [InlineData(OneOffOwner.StartedLabel, "yesterday")]
        [InlineData(OneOffOwner.HostLabel, "")]
        public void Labels_that_do_not_parse_name_no_owner(string label, string value)
        {
            var labels = new Dictionary<string, string>(Owner.Labels) { [label] = value };

            Assert.Null(OneOffOwner.FromLabels(labels));
        }

        [Fact]
        public void This_process_is_found_running_with_its_start_time_and_an_impossible_pid_is_not()
        {
            var self = OneOffOwner.FindLocalProcess(OneOffOwner.Current.Pid);

            Assert.True(self.Running);
            Assert.InRange((self.Started!.Value - OneOffOwner.Current.Started).Duration().TotalMilliseconds, 0, 5);
            Assert.False(OneOffOwner.FindLocalProcess(int.MaxValue).Running);
            Assert.False(OneOffOwner.Current.IsGone(System.Environment.MachineName, OneOffOwner.FindLocalProcess));
        }

        private static Func<int, (bool Running, DateTimeOffset? Started)> Running(DateTimeOffset started) =>
            pid => pid == 4242 ? (true, started) : throw new InvalidOperationException("looked up pid " + pid);
    }
}
