using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Tests.Engine;
using Konnaxion.Ops.Tests.Integration;
using Konnaxion.Ops.Tests.Processes;

namespace Konnaxion.Ops.Tests
{
    /// <summary>What KxProject asks compose to do, for v1 and v2, planned against the sample with a fake runner.</summary>
    public sealed class KxProjectPlanTests
    {
        private const string Project = "kxplan";
        private static readonly string Backend = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend");

        private static readonly Regex OneOffName = new Regex("^kxplan-django-kx-[0-9a-f]{10}$");

        /// <summary>The labels naming this process as a one-off container's owner, as a pattern (their values are the next test's).</summary>
        internal const string OwnerLabels = @" --label io\.konnaxion-ops\.owner\.host=\S+ --label io\.konnaxion-ops\.owner\.pid=\d+ --label io\.konnaxion-ops\.owner\.started=\S+";

        private readonly FakeProcessRunner _runner = new FakeProcessRunner()
            .On("docker compose version", 0, "Docker Compose version 2.26.1-4")
            .On("docker-compose version", 0, "docker-compose version 1.29.2, build unknown");

        public static TheoryData<ComposeFlavor, string> Drivers => new TheoryData<ComposeFlavor, string>
        {
            { ComposeFlavor.V2, "docker compose" },
            { ComposeFlavor.V1, "docker-compose" },
        };

        [Theory]
        [MemberData(nameof(Drivers))]
        public void Build_runs_up_detached_with_build_for_the_named_services(ComposeFlavor flavor, string compose)
        {
            using var project = Open(flavor);

            Assert.Equal(Prefix(compose) + " up -d --build", project.Build().CommandLines.Single());
            Assert.Equal(Prefix(compose) + " up -d --no-build django worker", project.Build(new[] { "django", "worker" }, noBuild: true).CommandLines.Single());
            Assert.Equal("Build and start django, postgres, worker", project.Build().Action);
            Assert.Equal("kxplan (Local)", project.Build().Target);
        }

        [Theory]
        [MemberData(nameof(Drivers))]
        public void Migrate_runs_manage_py_in_a_named_one_off_container_without_a_tty(ComposeFlavor flavor, string compose)
        {
            using var project = Open(flavor);

            var line = project.Migrate(new KxMigrateOptions { App = "ideas", Target = "0001_initial", Mode = KxMigrateMode.Plan }).CommandLines.Single();

            var match = Regex.Match(line, "^" + Regex.Escape(Prefix(compose)) + @" run --rm --name (\S+)" + OwnerLabels + " -T django python manage.py migrate --noinput ideas 0001_initial --plan$");
            Assert.True(match.Success, line);
            Assert.Matches(OneOffName, match.Groups[1].Value);
        }

        [Theory]
        [MemberData(nameof(Drivers))]
        public void A_one_off_container_is_labelled_with_this_host_pid_and_start_time_to_the_millisecond(ComposeFlavor flavor, string compose)
        {
            using var project = Open(flavor);
            using var self = System.Diagnostics.Process.GetCurrentProcess();

            var line = project.Manage(new[] { "check" }).CommandLines.Single();

            var match = Regex.Match(line, "^" + Regex.Escape(Prefix(compose)) +
                @" run --rm --name \S+ --label io\.konnaxion-ops\.owner\.host=(\S+) --label io\.konnaxion-ops\.owner\.pid=(\d+) --label io\.konnaxion-ops\.owner\.started=(\S+) -T django python manage.py check$");
            Assert.True(match.Success, line);
            Assert.Equal((System.Environment.MachineName, System.Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                (match.Groups[1].Value, match.Groups[2].Value));
            var started = DateTimeOffset.ParseExact(match.Groups[3].Value, "yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange((new DateTimeOffset(self.StartTime) - started).TotalMilliseconds, 0, 1);
        }

        [Fact]
        public void Makemigrations_passes_apps_name_empty_and_dry_run_and_never_waits_for_input()
        {
            using var project = Open(ComposeFlavor.V2);

            var line = project.MakeMigrations(new KxMakeMigrationsOptions { Apps = new[] { "ideas" }, Name = "vote", Empty = true, DryRun = true }).CommandLines.Single();

            Assert.EndsWith(" -T django python manage.py makemigrations --noinput ideas --name vote --empty --dry-run", line);
        }

        [Fact]
        public void Superuser_password_goes_to_the_child_environment_by_name_only()
        {
            const string password = "pâss w0rd \"quoted\"";
            using var project = Open(ComposeFlavor.V1);
            _runner.Otherwise = _ => FakeResponse.Ok("Superuser created successfully.");

            var operation = project.CreateSuperuser("admin", "admin@example.com", new NetworkCredential(string.Empty, password).SecurePassword);
            var user = operation.Invoke();

            var run = _runner.Calls.Last();
            Assert.Equal(("admin", "admin@example.com"), (user.Username, user.Email));
            Assert.Equal(password, run.Environment[Konnaxion.Ops.Django.DjangoCommands.SuperuserPasswordVariable]);
            Assert.DoesNotContain(run.Arguments, a => a.Contains("pâss"));
            Assert.Equal(new[] { "-e", "DJANGO_SUPERUSER_PASSWORD", "django" }, run.Arguments.SkipWhile(a => a != "-e").Take(3));
            Assert.EndsWith("createsuperuser --username admin --email admin@example.com --noinput", operation.CommandLines.Single());
            Assert.DoesNotContain("pâss", operation.ToString());
        }

        [Fact]
        public void Superuser_without_password_runs_interactively_with_a_tty()
        {
            using var project = Open(ComposeFlavor.V2);

            var line = project.CreateSuperuser("admin", "admin@example.com").CommandLines.Single();

            Assert.DoesNotContain(" -T ", line);
            Assert.DoesNotContain("--noinput", line);
            Assert.DoesNotContain("DJANGO_SUPERUSER_PASSWORD", line);
        }

        [Fact]
        public void Compose_children_get_utf8_python_io_and_the_chosen_engine()
        {
            using var project = KxProject.Open(Backend, KxEnvironment.Local, new KxProjectOptions
            {
                Compose = ComposeFlavor.V1,
                ProjectName = Project,
                DockerHost = "ssh://deploy@vps.example",
                ProcessRunner = _runner,
            });

            var spec = project.Context.Compose.Command(new[] { "ps" });

            Assert.Equal("utf-8", spec.Environment["PYTHONIOENCODING"]);
            Assert.Equal("ssh://deploy@vps.example", spec.Environment["DOCKER_HOST"]);
            Assert.Equal(Path.GetDirectoryName(project.ComposeFile.Path), spec.WorkingDirectory);
        }

        [Fact]
        public void A_compose_file_path_with_spaces_is_quoted_in_the_command_line()
        {
            var root = Path.Combine(Path.GetTempPath(), "kx plan " + Guid.NewGuid().ToString("N").Substring(0, 6));
            try
            {
                Directory.CreateDirectory(root);
                File.WriteAllText(Path.Combine(root, "docker-compose.local.yml"), "services:\n  django:\n    image: app\n");
                using var project = KxProject.Open(root, KxEnvironment.Local, new KxProjectOptions { Compose = ComposeFlavor.V2, ProjectName = Project, ProcessRunner = _runner });

                Assert.Equal($"docker compose -f \"{Path.Combine(root, "docker-compose.local.yml")}\" -p kxplan --ansi never up -d --build",
                    project.Build().CommandLines.Single());
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        [Fact]
        public void Makemigrations_is_refused_for_production()
        {
            using var project = Open(ComposeFlavor.V2, KxEnvironment.Production);

            var error = Assert.Throws<KxException>(() => project.MakeMigrations());

            Assert.Equal((KxErrorIds.MakeMigrationsRefusedInProduction, KxErrorCategory.InvalidOperation), (error.ErrorId, error.Category));
            Assert.Contains("Invoke-KxMigrate -Environment Production", error.RecommendedAction);
            Assert.Empty(_runner.Calls);
        }

        [Fact]
        public void An_unknown_service_is_named_with_the_ones_that_exist()
        {
            using var project = Open(ComposeFlavor.V2);

            var error = Assert.Throws<KxException>(() => project.Restart(new[] { "celery" }));

            Assert.Equal((KxErrorIds.ServiceNotFound, (object)"celery"), (error.ErrorId, error.TargetObject));
            Assert.Equal("Use one of: django, postgres, worker.", error.RecommendedAction);
        }

        [Fact]
        public void A_target_without_its_app_is_refused_before_anything_runs()
        {
            using var project = Open(ComposeFlavor.V2);

            var error = Assert.Throws<KxException>(() => project.Migrate(new KxMigrateOptions { Target = "0001_initial" }));

            Assert.Equal((KxErrorIds.MigrationFailed, KxErrorCategory.InvalidArgument), (error.ErrorId, error.Category));
            Assert.DoesNotContain(_runner.CommandLines, c => c.Contains(" run "));
        }

        [Fact]
        public void Djangos_error_becomes_the_message_of_a_failed_migrate()
        {
            using var project = Open(ComposeFlavor.V2);
            _runner.Otherwise = _ => new FakeResponse(1, new ProcessLine(ProcessStream.StandardError, "CommandError: No installed app with label 'nope'."));

            var error = Assert.Throws<KxException>(() => project.Migrate(new KxMigrateOptions { App = "nope" }).Invoke());

            Assert.Equal(KxErrorIds.MigrationFailed, error.ErrorId);
            Assert.Equal("manage.py migrate failed (exit code 1): No installed app with label 'nope'.", error.Message);
        }

        [Fact]
        public void Makemigrations_that_needs_an_answer_says_what_to_do()
        {
            using var project = Open(ComposeFlavor.V2);
            _runner.Otherwise = _ => new FakeResponse(3);

            var error = Assert.Throws<KxException>(() => project.MakeMigrations().Invoke());

            Assert.Equal(KxErrorIds.MakeMigrationsNeedsInput, error.ErrorId);
            Assert.Contains("default", error.RecommendedAction);
        }

        [Fact]
        public void Cancelling_kills_compose_and_removes_the_one_off_container_by_name()
        {
            var engine = new FakeDockerEngine();
            using var project = Open(ComposeFlavor.V2, engine: engine);
            using var cancellation = new CancellationTokenSource();
            var operation = project.Manage(new[] { "shell" });
            var name = Regex.Match(operation.CommandLines.Single(), "--name (\\S+)").Groups[1].Value;
            _runner.Otherwise = _ => new FakeResponse(0) { Then = token => { cancellation.Cancel(); token.ThrowIfCancellationRequested(); } };

            var error = Assert.Throws<KxException>(() => operation.Invoke(NullOutput.Instance, cancellation.Token));

            Assert.Equal((KxErrorIds.OperationCancelled, KxErrorCategory.OperationStopped), (error.ErrorId, error.Category));
            Assert.Equal(new[] { name }, engine.Removed);
            Assert.DoesNotContain(_runner.CommandLines, line => line.StartsWith("docker rm", StringComparison.Ordinal));
        }

        [Fact]
        public void A_new_migration_is_found_on_the_host_through_the_bind_mount()
        {
            using var project = Open(ComposeFlavor.V2);
            var django = project.ComposeFile.FindService("django")!;

            Assert.Equal(Path.Combine(Backend, "konnaxion", "ideas", "migrations", "0009_new.py"),
                Konnaxion.Ops.Django.ManagePyRunner.MapToHost(django, "konnaxion/ideas/migrations/0009_new.py"));
            Assert.Equal(Path.Combine(Backend, "konnaxion", "ideas", "migrations", "0009_new.py"),
                Konnaxion.Ops.Django.ManagePyRunner.MapToHost(django, "/app/konnaxion/ideas/migrations/0009_new.py"));
            Assert.Null(Konnaxion.Ops.Django.ManagePyRunner.MapToHost(django, "/usr/lib/python3/dist-packages/x/migrations/0002.py"));
            Assert.Null(Konnaxion.Ops.Django.ManagePyRunner.MapToHost(project.ComposeFile.FindService("postgres")!, "konnaxion/ideas/migrations/0009_new.py"));
        }

        private static string Prefix(string compose) =>
            $"{compose} -f {Path.Combine(Backend, "docker-compose.local.yml")} -p {Project} --ansi never";

        private KxProject Open(ComposeFlavor flavor, KxEnvironment environment = KxEnvironment.Local, FakeDockerEngine? engine = null) =>
            KxProject.Open(Backend, environment, new KxProjectOptions { Compose = flavor, ProjectName = Project, ProcessRunner = _runner, Engine = engine });
    }
}
