using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Konnaxion.Ops.Status;
using Konnaxion.Ops.Tests.Engine;
using Konnaxion.Ops.Tests.Integration;

namespace Konnaxion.Ops.Tests
{
    /// <summary>
    /// The sweep of one-off containers left by killed processes, against a fake engine: which it removes, what it
    /// says, and that it never fails the command. Real processes stand for owners: this one (alive) and a pid no
    /// process can have (gone).
    /// </summary>
    public sealed class KxProjectLeftoverTests
    {
        private const string Project = "kxsweep";
        private const string Command = "/entrypoint python manage.py shell --command 'import time; time.sleep(600)'";
        private static readonly string Backend = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend");

        private static readonly OneOffOwner Self = OneOffOwner.Current;
        private static readonly OneOffOwner Killed = new OneOffOwner(Self.Host, int.MaxValue, Self.Started);
        private static readonly OneOffOwner ReusedPid = new OneOffOwner(Self.Host, Self.Pid, Self.Started.AddMinutes(-10));
        private static readonly OneOffOwner OtherHost = new OneOffOwner("not-" + Self.Host, int.MaxValue, Self.Started);

        private readonly FakeDockerEngine _engine = new FakeDockerEngine()
            .Service(Project, "django")
            .OneOff(Project, "django", "kxsweep-django-kx-killed0000", Killed.Labels, Command)
            .OneOff(Project, "django", "kxsweep-django-kx-reused0000", ReusedPid.Labels, "/entrypoint python manage.py migrate")
            .OneOff(Project, "django", "kxsweep-django-kx-alive00000", Self.Labels, Command)
            .OneOff(Project, "django", "kxsweep-django-kx-otherhost0", OtherHost.Labels, Command)
            .OneOff(Project, "django", "kxsweep-django-run-1a2b3c", new Dictionary<string, string>(), Command)
            .OneOff("someoneelse", "django", "someoneelse-django-kx-killed0000", Killed.Labels, Command);

        private readonly RecordingOutput _output = new RecordingOutput();

        [Fact]
        public void Removes_this_projects_one_offs_of_this_host_whose_owner_ended_or_whose_pid_is_now_another_process()
        {
            using var project = Open(_engine);

            var removed = project.RemoveLeftoverOneOffs(_output);

            Assert.Equal(new[] { "kxsweep-django-kx-killed0000", "kxsweep-django-kx-reused0000" }, removed);
            Assert.Equal(new[] { "id-kxsweep-django-kx-killed0000", "id-kxsweep-django-kx-reused0000" }, _engine.Removed);
        }

        [Fact]
        public void Each_removal_is_a_warning_naming_the_container_its_owner_pid_and_what_it_ran()
        {
            using var project = Open(_engine);

            project.RemoveLeftoverOneOffs(_output);

            Assert.Equal(new[]
            {
                $"Removed the one-off container kxsweep-django-kx-killed0000, started by pid {int.MaxValue}, which ended without removing it (it ran: {Command}); " +
                    "a process killed hard (a closed terminal, a cancelled CI job) leaves its container behind.",
                $"Removed the one-off container kxsweep-django-kx-reused0000, started by pid {Self.Pid}, which ended without removing it (it ran: /entrypoint python manage.py migrate); " +
                    "a process killed hard (a closed terminal, a cancelled CI job) leaves its container behind.",
            }, _output.Warnings);
        }

        [Fact]
        public void What_is_not_approved_stays_and_is_not_reported()
        {
            using var project = Open(_engine);
            var asked = new List<string>();

            var removed = project.RemoveLeftoverOneOffs(_output, leftover => { asked.Add(leftover); return false; });

            Assert.Empty(removed);
            Assert.Empty(_engine.Removed);
            Assert.Empty(_output.Warnings);
            Assert.Equal(2, asked.Count);
            Assert.StartsWith($"kxsweep-django-kx-killed0000, started by pid {int.MaxValue}, which ended without removing it (it ran: ", asked[0]);
        }

        [Fact]
        public void The_status_of_a_one_off_we_started_names_its_owner_and_others_have_none()
        {
            using var project = Open(_engine);

            var oneOffs = project.GetServiceStatus(new[] { "django" }, includeOneOff: true).Where(s => s.OneOff).ToDictionary(s => s.ContainerName!, s => s.Owner);

            Assert.Equal($"{Self.Host} pid {Self.Pid}", oneOffs["kxsweep-django-kx-alive00000"]);
            Assert.Equal($"not-{Self.Host} pid {int.MaxValue}", oneOffs["kxsweep-django-kx-otherhost0"]);
            Assert.Null(oneOffs["kxsweep-django-run-1a2b3c"]);
            Assert.Null(project.GetServiceStatus(new[] { "django" }).Single().Owner);
        }

        [Fact]
        public void The_status_removes_the_leftovers_among_the_containers_it_lists_with_one_listing_and_does_not_report_them()
        {
            using var project = Open(_engine);

            var oneOffs = project.GetServiceStatusRemovingLeftovers(_output, approve: null, new[] { "django" }, includeOneOff: true)
                .Where(s => s.OneOff).Select(s => s.ContainerName).ToList();

            Assert.Equal(1, _engine.ContainerListings);
            Assert.Equal(new[] { "id-kxsweep-django-kx-killed0000", "id-kxsweep-django-kx-reused0000" }, _engine.Removed);
            Assert.Equal(2, _output.Warnings.Count);
            Assert.Equal(new[] { "kxsweep-django-kx-alive00000", "kxsweep-django-kx-otherhost0", "kxsweep-django-run-1a2b3c" }, oneOffs.OrderBy(n => n));
        }

        [Fact]
        public void The_status_reports_an_unapproved_leftover_as_a_one_off()
        {
            using var project = Open(_engine);

            var oneOffs = project.GetServiceStatusRemovingLeftovers(_output, approve: _ => false, new[] { "django" }, includeOneOff: true)
                .Where(s => s.OneOff).Select(s => s.ContainerName).ToList();

            Assert.Empty(_engine.Removed);
            Assert.Contains("kxsweep-django-kx-killed0000", oneOffs);
        }

        [Fact]
        public void An_engine_that_cannot_be_reached_fails_nothing_and_only_says_so_in_verbose()
        {
            var socket = Path.Combine(Path.GetTempPath(), "kx-nothing-" + Guid.NewGuid().ToString("N") + ".sock");
            using var project = KxProject.Open(Backend, KxEnvironment.Local, new KxProjectOptions { ProjectName = Project, DockerHost = "unix://" + socket });

            var removed = project.RemoveLeftoverOneOffs(_output);

            Assert.Empty(removed);
            Assert.Empty(_output.Warnings);
            Assert.StartsWith($"Did not look for one-off containers left by killed commands: Cannot reach the Docker engine at unix://{socket}", Assert.Single(_output.Verbose));
        }

        private static KxProject Open(FakeDockerEngine engine) =>
            KxProject.Open(Backend, KxEnvironment.Local, new KxProjectOptions { ProjectName = Project, Engine = engine });
    }
}
