using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Tests.Engine;

namespace Konnaxion.Ops.Tests.Integration
{
    /// <summary>
    /// The seed runbook through KxProject against the real engine, once per compose version: build and start,
    /// makemigrations, migrate, status, createsuperuser, restart, failures and cancellation.
    /// </summary>
    public abstract class RunbookTests<TStack>
        where TStack : SampleStack
    {
        protected RunbookTests(TStack stack)
        {
            Stack = stack;
        }

        protected TStack Stack { get; }

        [EngineFact]
        public void Build_starts_the_stack_with_the_chosen_compose_version()
        {
            var result = Stack.BuildResult!;
            Assert.True(result.Success, result.FailureMessage);
            Assert.Equal(Stack.ProjectName, result.Project);
            Assert.Equal(new[] { "django", "postgres", "worker" }, result.Services);
            Assert.StartsWith(Stack.Flavor == ComposeFlavor.V1 ? "docker-compose 1." : "docker compose 2.", result.ComposeVersion);
            Assert.Contains(Stack.BuildOutput!.Verbose, line => line.StartsWith("Running: ") && line.Contains(" up -d --build"));
        }

        [EngineFact]
        public void Build_reports_each_services_build_and_start_from_composes_output_and_completes_it()
        {
            var progress = Stack.BuildOutput!.Progress;
            var overall = progress.First();

            Assert.Equal(("Build and start django, postgres, worker", "Starting compose"), (overall.Activity, overall.Status));
            foreach (var service in new[] { "django", "postgres", "worker" })
            {
                var records = progress.Where(p => p.Activity == service).ToList();
                Assert.All(records, p => Assert.Equal(overall.ActivityId, p.ParentActivityId));
                Assert.Contains(records, p => p.Status.StartsWith("Building", StringComparison.Ordinal));
                Assert.Equal((Stack.Flavor == ComposeFlavor.V1 ? "Creating: done" : "Started", true), (records.Last().Status, records.Last().Completed));
            }

            Assert.Equal((overall.ActivityId, "3 of 3 services up", true), (progress.Last().ActivityId, progress.Last().Status, progress.Last().Completed));
        }

        [EngineFact]
        public void Status_shows_django_running_and_postgres_healthy()
        {
            Stack.WaitFor("postgres", s => s.Health == "healthy");
            var django = Stack.WaitFor("django", s => s.IsRunning);

            using var project = Stack.Open();
            var statuses = project.GetServiceStatus();
            Assert.Equal(new[] { "django", "postgres", "worker" }, statuses.Select(s => s.Service));
            Assert.All(statuses, s => Assert.Equal("running", s.State));
            Assert.Equal("healthy", statuses.Single(s => s.Service == "postgres").Health);
            Assert.Equal("none", django.Health);
            Assert.Equal("konnaxion_local_django", django.Image);
            Assert.Contains(django.Ports, p => p.EndsWith("->8000/tcp"));
            Assert.NotNull(django.Uptime);
            Assert.All(statuses, s => Assert.False(s.OneOff));
        }

        [EngineFact]
        public void Makemigrations_writes_the_file_on_the_host_and_migrate_creates_the_table()
        {
            Stack.WaitFor("postgres", s => s.Health == "healthy");
            var models = Path.Combine(Stack.BackendDirectory, "konnaxion", "ideas", "models.py");
            File.AppendAllText(models, "\n\nclass Vote(models.Model):\n    idea = models.ForeignKey(Idea, on_delete=models.CASCADE)\n    value = models.SmallIntegerField(\"valeur\")\n");
            using var project = Stack.Open();

            var dryRun = project.MakeMigrations(new KxMakeMigrationsOptions { DryRun = true }).Invoke();
            var planned = Assert.Single(dryRun);
            Assert.True(planned.DryRun);
            Assert.False(File.Exists(planned.Path), "a dry run must not write the file");

            var made = Assert.Single(project.MakeMigrations(new KxMakeMigrationsOptions { Apps = new[] { "ideas" }, Name = "vote" }).Invoke());
            Assert.Equal("ideas", made.App);
            Assert.Equal("0002_vote", made.Name);
            Assert.Equal(Path.Combine(Stack.BackendDirectory, "konnaxion", "ideas", "migrations", "0002_vote.py"), made.Path);
            Assert.True(File.Exists(made.Path), "makemigrations must write the file on the host through the bind mount");
            Assert.Contains("Create model Vote", made.Operations);
            Assert.Empty(project.MakeMigrations().Invoke());

            var planOnly = project.Migrate(new KxMigrateOptions { Mode = KxMigrateMode.Plan }).Invoke();
            var plannedStep = Assert.Single(planOnly);
            Assert.Equal(("ideas", "0002_vote", KxMigrationOutcome.Planned), (plannedStep.App, plannedStep.Name, plannedStep.Outcome));
            Assert.Equal(string.Empty, Stack.Sql("SELECT coalesce(to_regclass('public.ideas_vote')::text, '')"));

            var applied = Assert.Single(project.Migrate().Invoke());
            Assert.Equal(("ideas", "0002_vote", KxMigrationAction.Apply, KxMigrationOutcome.Applied), (applied.App, applied.Name, applied.Action, applied.Outcome));
            Assert.Equal("ideas_vote", Stack.Sql("SELECT coalesce(to_regclass('public.ideas_vote')::text, '')"));
            Assert.Equal("1", Stack.Sql("SELECT count(*) FROM django_migrations WHERE app = 'ideas' AND name = '0002_vote'"));
            Assert.Empty(project.Migrate().Invoke());
        }

        [EngineFact]
        public void Superuser_can_authenticate_and_its_password_is_on_no_command_line()
        {
            const string password = "Sécurité-🔑-" + "7f3a9c";
            var username = "admin" + Guid.NewGuid().ToString("N").Substring(0, 6);
            Stack.WaitFor("postgres", s => s.Health == "healthy");
            using var project = Stack.Open();
            var output = new RecordingOutput();

            var operation = project.CreateSuperuser(username, "admin@example.com", new NetworkCredential(string.Empty, password).SecurePassword);
            var user = operation.Invoke(output);

            Assert.Equal((username, "admin@example.com"), (user.Username, user.Email));
            Assert.DoesNotContain(password, string.Join("\n", operation.CommandLines));
            Assert.Contains(" -e DJANGO_SUPERUSER_PASSWORD ", operation.CommandLines.Single());
            Assert.DoesNotContain(password, output.AllText);
            var check = "import os; from django.contrib.auth import authenticate; " +
                        $"u = authenticate(username='{username}', password=os.environ['KX_CHECK']); print('auth', u is not None and u.is_superuser)";
            var answer = Stack.Compose(new[] { "run", "--rm", "-T", "-e", "KX_CHECK", "django", "python", "manage.py", "shell", "-c", check },
                new Dictionary<string, string> { ["KX_CHECK"] = password });
            Assert.Contains("auth True", answer);

            var duplicate = Assert.Throws<KxException>(() =>
                project.CreateSuperuser(username, "admin@example.com", new NetworkCredential(string.Empty, password).SecurePassword).Invoke());
            Assert.Equal((KxErrorIds.SuperuserExists, KxErrorCategory.ResourceExists, (object)username), (duplicate.ErrorId, duplicate.Category, duplicate.TargetObject));
            Assert.Contains("That username is already taken.", duplicate.Message);

            var invalid = Assert.Throws<KxException>(() =>
                project.CreateSuperuser(username + "x", "not-an-email", new NetworkCredential(string.Empty, password).SecurePassword).Invoke());
            Assert.Equal((KxErrorIds.SuperuserInvalid, KxErrorCategory.InvalidArgument), (invalid.ErrorId, invalid.Category));
            Assert.Contains("Enter a valid email address.", invalid.Message);
        }

        [EngineFact]
        public void Restart_changes_the_container_start_time()
        {
            var before = Stack.WaitFor("django", s => s.IsRunning);
            using var project = Stack.Open();

            var after = Assert.Single(project.Restart(new[] { "django" }).Invoke());

            Assert.Equal(before.ContainerId, after.ContainerId);
            Assert.True(after.StartedAt > before.StartedAt, $"started at {after.StartedAt:o}, before the restart {before.StartedAt:o}");
        }

        [EngineFact]
        public void A_failing_manage_command_surfaces_Djangos_message()
        {
            using var project = Stack.Open();

            var error = Assert.Throws<KxException>(() => project.Migrate(new KxMigrateOptions { App = "nosuchapp" }).Invoke());

            Assert.Equal((KxErrorIds.MigrationFailed, KxErrorCategory.InvalidOperation), (error.ErrorId, error.Category));
            Assert.Contains("No installed app with label 'nosuchapp'.", error.Message);
            Assert.NotNull(error.RecommendedAction);
        }

        [EngineFact]
        public void Cancelling_a_run_stops_it_and_leaves_no_one_off_container()
        {
            Stack.WaitFor("postgres", s => s.Health == "healthy");
            using var project = Stack.Open();
            var output = new RecordingOutput();
            output.AwaitLine("kx-sleeping");
            var operation = project.Manage(new[] { "shell", "-c", "import time; print('kx-sleeping', flush=True); time.sleep(300)" });
            using var cancellation = new CancellationTokenSource();

            var running = Task.Run(() => operation.Invoke(output, cancellation.Token));
            Assert.True(output.WaitForLine(TimeSpan.FromSeconds(90)), "the one-off container never started:\n" + output.AllText);
            Assert.Contains(project.GetServiceStatus(includeOneOff: true), s => s.OneOff && s.IsRunning);
            cancellation.Cancel();

            var error = Assert.Throws<KxException>(() => running.GetAwaiter().GetResult());
            Assert.Equal((KxErrorIds.OperationCancelled, KxErrorCategory.OperationStopped), (error.ErrorId, error.Category));
            Assert.DoesNotContain(project.GetServiceStatus(includeOneOff: true), s => s.OneOff);
        }

        [EngineFact]
        public void Missing_env_file_is_reported_by_name_before_compose_runs()
        {
            var copy = Path.Combine(Stack.Root + "-noenv", "backend");
            try
            {
                Directory.CreateDirectory(copy);
                File.Copy(Path.Combine(Stack.BackendDirectory, "docker-compose.local.yml"), Path.Combine(copy, "docker-compose.local.yml"));
                using var project = KxProject.Open(copy, KxEnvironment.Local, new KxProjectOptions { Compose = Stack.Flavor, ProjectName = Stack.ProjectName + "-noenv" });
                var output = new RecordingOutput();

                var error = Assert.Throws<KxException>(() => project.Build().Invoke(output));

                Assert.Equal((KxErrorIds.EnvFileMissing, KxErrorCategory.ObjectNotFound), (error.ErrorId, error.Category));
                Assert.Contains(Path.Combine(".envs", ".local", ".django"), error.Message);
                Assert.Contains(Path.Combine(".envs", ".local", ".postgres"), error.Message);
                Assert.Empty(output.ProcessLines);
            }
            finally
            {
                Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
            }
        }
    }

    [Collection(EngineCollection.Name)]
    public sealed class RunbookComposeV1Tests : RunbookTests<ComposeV1Stack>, IClassFixture<ComposeV1Stack>
    {
        public RunbookComposeV1Tests(ComposeV1Stack stack)
            : base(stack)
        {
        }
    }

    [Collection(EngineCollection.Name)]
    public sealed class RunbookComposeV2Tests : RunbookTests<ComposeV2Stack>, IClassFixture<ComposeV2Stack>
    {
        public RunbookComposeV2Tests(ComposeV2Stack stack)
            : base(stack)
        {
        }
    }
}
