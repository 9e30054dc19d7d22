using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Tests.Engine;
using Konnaxion.Ops.Tests.Integration;
using Konnaxion.Ops.Tests.Migrations;
using Konnaxion.Ops.Tests.Processes;

namespace Konnaxion.Ops.Tests
{
    /// <summary>
    /// What migrate, backups, the running-container mode and Invoke-KxUpdate plan to run, against the sample with a fake
    /// runner and a fake engine; and the wait for the start script's own migrate, step by step.
    /// </summary>
    public sealed class KxProjectMigrationPlanTests
    {
        private const string Project = "kxplan";
        private static readonly string Backend = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend");

        private readonly FakeProcessRunner _runner = new FakeProcessRunner()
            .On("docker compose version", 0, "Docker Compose version 2.26.1-4")
            .On("docker-compose version", 0, "docker-compose version 1.29.2, build unknown");

        private readonly FakeDockerEngine _engine = new FakeDockerEngine();

        [Theory]
        [InlineData(ComposeFlavor.V2, "docker compose")]
        [InlineData(ComposeFlavor.V1, "docker-compose")]
        public void A_production_migrate_backs_up_through_the_postgres_maintenance_script_first(ComposeFlavor flavor, string compose)
        {
            using var project = Open(KxEnvironment.Production, flavor);

            var migrate = project.Migrate();
            var skipped = project.Migrate(new KxMigrateOptions { SkipBackup = true });

            var prefix = $"{compose} -f {Path.Combine(Backend, "docker-compose.production.yml")} -p {Project} --ansi never";
            Assert.Equal("Back up the database of postgres, then apply migrations", migrate.Action);
            Assert.Equal(prefix + " exec -T postgres backup", migrate.CommandLines[0]);
            Assert.Matches("^" + Regex.Escape(prefix) + " run --rm --name kxplan-django-kx-[0-9a-f]{10}" + KxProjectPlanTests.OwnerLabels + " -T django " + LockedMigrateCommand.Pattern("migrate --noinput") + "$", migrate.CommandLines[1]);
            Assert.Equal(("Apply migrations", 1), (skipped.Action, skipped.CommandLines.Count));
            Assert.False(migrate.HighImpact);
            Assert.Equal(prefix + " exec -T postgres backup", project.BackupDatabase().CommandLines.Single());
        }

        [Fact]
        public void A_backup_that_fails_says_why_in_the_scripts_words_or_composes()
        {
            using var project = Open(KxEnvironment.Production, ComposeFlavor.V2);
            var backup = project.BackupDatabase();
            _runner.On(backup.CommandLines.Single(), 1, "\u001b[1mBacking up the 'konnaxion' database...\u001b[0m",
                "\u001b[31mERROR\u001b[0m: Backing up as 'postgres' user is not supported. Assign 'POSTGRES_USER' env with another one and try again.");
            _runner.OnStdErr(backup.CommandLines.Single(), 1, "service \"postgres\" is not running");

            var scriptError = Assert.Throws<KxException>(() => backup.Invoke());
            var composeError = Assert.Throws<KxException>(() => backup.Invoke());

            Assert.Equal((KxErrorIds.BackupFailed, KxErrorCategory.InvalidOperation, (object)"postgres"), (scriptError.ErrorId, scriptError.Category, scriptError.TargetObject));
            Assert.Equal("The backup script of postgres failed: Backing up as 'postgres' user is not supported. Assign 'POSTGRES_USER' env with another one and try again.",
                scriptError.Message);
            Assert.Equal("The backup script of postgres failed: compose exec postgres backup failed with exit code 1: service \"postgres\" is not running.", composeError.Message);
            Assert.EndsWith("; -SkipBackup migrates without a backup.", composeError.RecommendedAction);
        }

        [Fact]
        public void Locally_migrate_takes_no_backup_and_check_lists_without_applying()
        {
            using var project = Open(KxEnvironment.Local, ComposeFlavor.V2);

            Assert.Single(project.Migrate().CommandLines);
            var check = project.Migrate(new KxMigrateOptions { App = "ideas", Mode = KxMigrateMode.Check });
            Assert.Equal("Check for unapplied migrations", check.Action);
            Assert.EndsWith(" -T django python manage.py migrate --noinput ideas --check --plan", check.CommandLines.Single());
        }

        [Fact]
        public void In_the_running_container_manage_py_runs_as_an_engine_exec_through_the_image_entrypoint_its_secrets_only_in_the_exec()
        {
            _engine.Service(Project, "django", entrypoint: new[] { "/entrypoint" }).Service(Project, "postgres");
            using var project = Open(KxEnvironment.Local, ComposeFlavor.V1, inRunningContainer: true);

            var make = project.MakeMigrations(new KxMakeMigrationsOptions { Apps = new[] { "ideas" } });
            _engine.OnExec = (_, onLine) =>
            {
                onLine(new ProcessLine(ProcessStream.StandardOutput, "Superuser created successfully."));
                return 0;
            };
            var superuser = project.CreateSuperuser("admin", "admin@example.com", new NetworkCredential(string.Empty, "pâss").SecurePassword);
            superuser.Invoke();

            Assert.Equal("POST /containers/kxplan-django-1/exec (env KX_EXEC_ID): /entrypoint python manage.py makemigrations --noinput ideas", make.CommandLines.Single());
            Assert.StartsWith("POST /containers/kxplan-django-1/exec (env KX_EXEC_ID, DJANGO_SUPERUSER_PASSWORD): /entrypoint python manage.py createsuperuser ", superuser.CommandLines.Single());
            var exec = _engine.Execs.Single();
            Assert.Equal("kxplan-django-1", exec.Container);
            Assert.Equal(new[] { "/entrypoint", "python", "manage.py", "createsuperuser" }, exec.Command.Take(4));
            Assert.Matches("^KX_EXEC_ID=[0-9a-f]{12}$", exec.Environment[0]);
            Assert.Equal("DJANGO_SUPERUSER_PASSWORD=pâss", exec.Environment[1]);
            Assert.DoesNotContain(superuser.CommandLines.Single(), "pâss");
            Assert.Empty(_runner.Calls);
        }

        [Fact]
        public void A_cancelled_engine_exec_is_interrupted_by_its_marker_through_another_exec_and_ends_in_OperationCancelled()
        {
            _engine.Service(Project, "django", entrypoint: new[] { "/entrypoint" });
            using var project = Open(KxEnvironment.Local, ComposeFlavor.V2, inRunningContainer: true);
            _engine.OnExec = (command, _) => command[0] == "/entrypoint" ? throw new OperationCanceledException() : 0;
            var output = new RecordingOutput();

            var error = Assert.Throws<KxException>(() => project.Manage(new[] { "check" }).Invoke(output));

            Assert.Equal((KxErrorIds.OperationCancelled, KxErrorCategory.OperationStopped), (error.ErrorId, error.Category));
            Assert.Equal("The operation was cancelled; reading the exec's output was stopped and its processes in kxplan-django-1 interrupted.", error.Message);
            Assert.Equal(2, _engine.Execs.Count);
            var kill = _engine.Execs[1];
            Assert.Equal(("kxplan-django-1", "sh", "-c"), (kill.Container, kill.Command[0], kill.Command[1]));
            Assert.Equal(_engine.Execs[0].Environment[0], kill.Command.Last());
            Assert.Empty(kill.Environment);
            Assert.Empty(_runner.Calls);
        }

        [Fact]
        public void In_the_running_container_a_service_that_is_not_running_is_reported_before_anything_runs()
        {
            _engine.Service(Project, "django", state: "exited");
            using var project = Open(KxEnvironment.Local, ComposeFlavor.V2, inRunningContainer: true);

            var error = Assert.Throws<KxException>(() => project.Migrate());

            Assert.Equal((KxErrorIds.ServiceNotRunning, KxErrorCategory.ResourceUnavailable, (object)"django"), (error.ErrorId, error.Category, error.TargetObject));
            Assert.Equal("Start it with Invoke-KxBuild, or leave out -InRunningContainer to run manage.py in a one-off container.", error.RecommendedAction);
            Assert.DoesNotContain(_runner.CommandLines, line => line.Contains("manage.py"));
        }

        [Fact]
        public void Migrate_waits_while_the_start_script_runs_and_then_while_its_migrate_runs()
        {
            _engine.Service(Project, "django", startedAt: DateTimeOffset.UtcNow)
                .ThenProcesses(("4100", "4000", "bash /entrypoint /start"))
                .ThenProcesses(("4100", "4000", "/bin/bash /start"), ("4200", "4100", "python manage.py migrate"))
                .ThenProcesses(("4100", "4000", "python manage.py runserver 0.0.0.0:8000"));
            using var project = Open(KxEnvironment.Local, ComposeFlavor.V2, inRunningContainer: true);
            var operation = project.Migrate();
            // No "Apply all migrations" heading: the ledger, which is the repository's sample's here, stays untouched.
            _engine.OnExec = (_, onLine) =>
            {
                onLine(new ProcessLine(ProcessStream.StandardOutput, "Running migrations:"));
                onLine(new ProcessLine(ProcessStream.StandardOutput, "  No migrations to apply."));
                return 0;
            };
            var output = new RecordingOutput();

            Assert.Empty(operation.Invoke(output));

            Assert.Equal(3, _engine.ProcessListings);
            Assert.Equal("Waiting for django's start to finish its own migrate: its main process is still the start script 'bash /entrypoint /start', which has not handed over to the server.",
                output.Verbose[0]);
            Assert.Equal(new[]
            {
                "its main process is still the start script 'bash /entrypoint /start', which has not handed over to the server",
                "it is running 'python manage.py migrate'",
                "Done",
            }, output.Progress.Select(p => p.Status));
            Assert.True(output.Progress.Last().Completed);
            Assert.Matches("^django's start got past its migrate after [0-9.]+ s\\.$", output.Verbose[1]);
            Assert.StartsWith("Running: POST /containers/kxplan-django-1/exec (env KX_EXEC_ID): /entrypoint python -c ", output.Verbose[2]);
        }

        [Fact]
        public void The_update_plan_names_every_step_with_its_command_for_production()
        {
            using var project = Open(KxEnvironment.Production, ComposeFlavor.V2);

            var update = project.Update();
            var skipped = project.Update(new KxUpdateOptions { SkipBackup = true });

            Assert.Equal("Update: build, back up, migrate and verify", update.Action);
            Assert.Equal(4, update.Steps.Count);
            Assert.EndsWith(" up -d --build", update.Steps[0]);
            Assert.EndsWith(" exec -T postgres backup", update.Steps[1]);
            Assert.Matches(": POST /containers/<django's container once started>/exec \\(env KX_EXEC_ID\\): <its entrypoint> " + LockedMigrateCommand.Pattern("migrate --noinput") + "$", update.Steps[2]);
            Assert.StartsWith("Verify that every service is running", update.Steps[3]);
            Assert.Equal(3, update.CommandLines.Count);
            Assert.Equal("Back up the database: skipped (-SkipBackup)", skipped.Steps[1]);
            Assert.Equal(2, skipped.CommandLines.Count);
            Assert.Equal(new[] { "docker compose version" }, _runner.CommandLines);
        }

        [Fact]
        public void Building_runs_one_service_at_a_time_so_services_sharing_a_build_keep_their_image_ids()
        {
            using var project = Open(KxEnvironment.Local, ComposeFlavor.V2);
            _runner.Otherwise = _ => FakeResponse.Ok();

            project.Build().Invoke();
            project.Build(noBuild: true).Invoke();

            Assert.Equal("1", _runner.Calls[1].Environment["COMPOSE_PARALLEL_LIMIT"]);
            Assert.False(_runner.Calls[2].Environment.ContainsKey("COMPOSE_PARALLEL_LIMIT"));
            Assert.Equal(new[] { "up -d --build", "up -d --no-build" }, _runner.Calls.Skip(1).Select(c => string.Join(" ", c.Arguments.Skip(7))));
        }

        [Fact]
        public void Building_with_compose_v1_sets_no_parallel_limit_which_it_builds_without_and_refuses_below_2()
        {
            using var project = Open(KxEnvironment.Local, ComposeFlavor.V1);
            _runner.Otherwise = _ => FakeResponse.Ok();

            project.Build().Invoke();

            Assert.False(_runner.Calls.Last().Environment.ContainsKey("COMPOSE_PARALLEL_LIMIT"));
        }

        [Fact]
        public void The_local_update_plan_checks_the_models_and_makes_migrations_only_when_asked()
        {
            _engine.Service(Project, "django");
            using var project = Open(KxEnvironment.Local, ComposeFlavor.V2);

            var reportOnly = project.Update();
            var make = project.Update(new KxUpdateOptions { MakeMigrations = true });

            Assert.Equal("Update: build, migrate and verify", reportOnly.Action);
            Assert.Matches("^Look for model changes no migration holds: in migrate's own output when it applies nothing, else POST /containers/kxplan-django-1/exec \\(env KX_EXEC_ID\\): /entrypoint python manage.py makemigrations --check --dry-run --noinput$",
                reportOnly.Steps[2]);
            Assert.Equal("Report missing migrations without making them (-MakeMigrations makes them)", reportOnly.Steps[3]);
            Assert.Equal(3, reportOnly.CommandLines.Count);
            Assert.Equal(5, make.CommandLines.Count);
            Assert.EndsWith("/entrypoint python manage.py makemigrations --noinput", make.CommandLines[3]);
        }

        private KxProject Open(KxEnvironment environment, ComposeFlavor flavor, bool inRunningContainer = false) =>
            KxProject.Open(Backend, environment, new KxProjectOptions
            {
                Compose = flavor,
                ProjectName = Project,
                ProcessRunner = _runner,
                Engine = _engine,
                InRunningContainer = inRunningContainer,
            });
    }
}
