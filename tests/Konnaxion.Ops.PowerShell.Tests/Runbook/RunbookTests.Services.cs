using System;
using System.Linq;
using System.Management.Automation;
using Konnaxion.Ops.PowerShell.Tests.Engine;

namespace Konnaxion.Ops.PowerShell.Tests.Runbook
{
    /// <summary>Get-KxServiceStatus, and its objects piped into Restart-KxService and Wait-KxService.</summary>
    public abstract partial class RunbookTests
    {
        [EngineFact]
        public void Get_KxServiceStatus_emits_one_status_per_service_django_running_and_postgres_healthy()
        {
            using var session = NewSession();

            var statuses = session.Invoke("Get-KxServiceStatus");

            Assert.Equal(new[] { "django", "postgres", "worker" }, statuses.Select(s => (string)Property(s, "Service")!).OrderBy(s => s));
            Assert.All(statuses, s => Assert.Equal("Konnaxion.Ops.KxServiceStatus", s.BaseObject.GetType().FullName));
            Assert.Equal("running", Property(statuses.Single(s => (string)Property(s, "Service")! == "django"), "State"));
            Assert.Equal("healthy", Property(statuses.Single(s => (string)Property(s, "Service")! == "postgres"), "Health"));
        }

        [EngineFact]
        public void A_status_piped_through_Where_Object_into_Restart_KxService_restarts_that_service_and_emits_its_new_status()
        {
            using var session = NewSession();
            var before = Containers.StartedAt(Backend.ProjectName, "django");
            var postgresBefore = Containers.StartedAt(Backend.ProjectName, "postgres");

            var restarted = Assert.Single(session.Invoke("Get-KxServiceStatus | Where-Object Service -eq 'django' | Restart-KxService"));

            Assert.Equal("Konnaxion.Ops.KxServiceStatus", restarted.BaseObject.GetType().FullName);
            Assert.Equal("django", Property(restarted, "Service"));
            Assert.Equal("running", Property(restarted, "State"));
            var after = Containers.StartedAt(Backend.ProjectName, "django");
            Assert.True(after > before, $"django started at {before:o} and still shows {after:o}.");
            Assert.True((DateTimeOffset)Property(restarted, "StartedAt")! > before, "The emitted status is the one from before the restart.");
            Assert.Equal(postgresBefore, Containers.StartedAt(Backend.ProjectName, "postgres"));
        }

        /// <summary>
        /// A later call takes a running container's start time from the call before while the engine's list shows the same
        /// start of it; a restart made outside the module shows in the next call all the same.
        /// </summary>
        [EngineFact]
        public void A_restart_made_with_docker_shows_in_the_next_status_with_its_new_start_time()
        {
            using var session = NewSession();
            DateTimeOffset WorkerStartedAt() => (DateTimeOffset)Property(Assert.Single(session.Invoke("Get-KxServiceStatus worker")), "StartedAt")!;
            var before = WorkerStartedAt();
            Assert.Equal(before, WorkerStartedAt());

            DockerCli.Run("restart", "-t", "1", DockerCli.Containers(Backend.ProjectName, "worker", all: false).Single());

            var after = WorkerStartedAt();
            Assert.True(after > before, $"worker started at {before:o} and, restarted, still shows that start ({after:o}).");
        }

        [EngineFact]
        public void A_status_piped_into_Wait_KxService_waits_for_its_service()
        {
            using var session = NewSession();

            var waited = Assert.Single(session.Invoke("Get-KxServiceStatus postgres | Wait-KxService"));

            Assert.Equal("Konnaxion.Ops.KxServiceStatus", waited.BaseObject.GetType().FullName);
            Assert.Equal(("postgres", "healthy"), ((string)Property(waited, "Service")!, (string)Property(waited, "Health")!));
        }

        [EngineFact]
        public void A_piped_service_the_compose_file_lacks_is_a_written_ServiceNotFound_and_the_next_one_is_still_waited_for()
        {
            using var session = NewSession();

            var run = session.Run("[pscustomobject]@{ Service = 'nosuch' }, (Get-KxServiceStatus postgres) | Wait-KxService -Timeout 30");

            Assert.Null(run.Terminating);
            AssertError(Assert.Single(run.Errors), "ServiceNotFound", ErrorCategory.ObjectNotFound, "nosuch");
            var waited = Assert.Single(run.Output);
            Assert.Equal("postgres", Property(waited, "Service"));
        }
    }
}
