using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Tests.Engine;
using Konnaxion.Ops.Tests.Migrations;

namespace Konnaxion.Ops.Tests.Integration
{
    /// <summary>
    /// Migrations you can trust, against the real engine on compose v1 and v2: the plan and the checks (pending, missing,
    /// drift through the ledger), a rollback to a target, migrate in the running container waiting for /start's own
    /// migrate, a production migrate that backs up first, Invoke-KxUpdate and its plan, and no env-file secret in any
    /// stream. Each test puts the sample's migrations, models, database and ledger back as it found them.
    /// </summary>
    public abstract class MigrationTests<TStack>
        where TStack : SampleStack
    {
        private const string VoteModel =
            "\n\nclass Vote(models.Model):\n    idea = models.ForeignKey(Idea, on_delete=models.CASCADE)\n    value = models.SmallIntegerField(\"valeur\")\n";

        private const string TagModel = "\n\nclass Tag(models.Model):\n    label = models.CharField(max_length=40)\n";

        protected MigrationTests(TStack stack)
        {
            Stack = stack;
        }

        protected TStack Stack { get; }

        private string IdeasFolder => Path.Combine(Stack.BackendDirectory, "konnaxion", "ideas");

        private string MigrationsFolder => Path.Combine(IdeasFolder, "migrations");

        private string LedgerFile => Path.Combine(Stack.BackendDirectory, ".konnaxion-ops", "migrations.ledger.json");

        [EngineFact]
        public void Pending_and_missing_migrations_are_listed_and_reported()
        {
            Stack.WaitFor("postgres", s => s.Health == "healthy");
            try
            {
                File.AppendAllText(ModelsFile, VoteModel);
                using var project = Stack.Open();
                Assert.Equal("0002_vote", Assert.Single(project.MakeMigrations(new KxMakeMigrationsOptions { Apps = new[] { "ideas" }, Name = "vote" }).Invoke()).Name);
                File.AppendAllText(ModelsFile, TagModel);

                var ideas = project.GetMigrations("ideas");
                Assert.Equal(new[] { ("ideas", "0001_initial", true), ("ideas", "0002_vote", false) }, ideas.Select(m => (m.App, m.Name, m.Applied)));
                Assert.InRange(ideas[0].AppliedAt!.Value, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddMinutes(1));
                Assert.Null(ideas[1].AppliedAt);
                var all = project.GetMigrations();
                Assert.Equal("contenttypes.0001_initial", all[0].ToString());
                Assert.True(all.Count > 15, string.Join(", ", all));
                Assert.Equal(new[] { "ideas.0002_vote" }, project.GetMigrations(pendingOnly: true).Select(m => m.ToString()));

                var output = new RecordingOutput();
                var findings = project.TestMigrations(output);

                Assert.Equal(new[] { KxMigrationFindingKind.MissingMigration, KxMigrationFindingKind.Unapplied }, findings.Select(f => f.Kind));
                var missing = findings[0];
                Assert.Equal(("ideas", "0003_tag", Path.Combine(MigrationsFolder, "0003_tag.py")), (missing.App, missing.Migration, missing.File));
                Assert.Equal("The models of ideas have changes no migration holds: makemigrations would write konnaxion/ideas/migrations/0003_tag.py (Create model Tag).",
                    missing.Message);
                Assert.Equal("Make it with New-KxMigration -App ideas, review it and commit it.", missing.Fix);
                Assert.False(File.Exists(missing.File), "the check must not write the migration");
                var unapplied = findings[1];
                Assert.Equal(("ideas", "0002_vote", Path.Combine(MigrationsFolder, "0002_vote.py")), (unapplied.App, unapplied.Migration, unapplied.File));
                Assert.Equal("ideas.0002_vote is not applied to the local database.", unapplied.Message);

                var check = project.Migrate(new KxMigrateOptions { Mode = KxMigrateMode.Check });
                Assert.EndsWith(" python manage.py migrate --noinput --check --plan", check.CommandLines.Single());
                Assert.Equal(new[] { ("ideas.0002_vote", KxMigrationOutcome.Planned) }, check.Invoke().Select(s => (s.ToString(), s.Outcome)));
                AssertNoSecrets(output.AllText);
            }
            finally
            {
                Reset();
            }
        }

        [EngineFact]
        public void An_edited_applied_migration_is_drift_named_by_its_file_and_a_CRLF_only_change_is_not()
        {
            Stack.WaitFor("postgres", s => s.Health == "healthy");
            var initial = Path.Combine(MigrationsFolder, "0001_initial.py");
            try
            {
                using var project = Stack.Open();
                Assert.Empty(project.Migrate().Invoke());
                var ledger = File.ReadAllText(LedgerFile);
                var recorded = Regex.Match(ledger, "\"ideas\\.0001_initial\": \"(sha256:[0-9a-f]{64})\"");
                Assert.True(recorded.Success, ledger);
                Assert.Equal("sha256:" + Sha256(File.ReadAllBytes(initial)), recorded.Groups[1].Value);
                Assert.DoesNotContain("\r", ledger);
                AssertNoSecrets(ledger);

                File.WriteAllText(initial, File.ReadAllText(initial).Replace("\n", "\r\n"));
                Assert.Empty(project.TestMigrations());

                File.AppendAllText(initial, "# edited after it was applied\r\n");
                var drift = Assert.Single(project.TestMigrations());
                Assert.Equal((KxMigrationFindingKind.Drift, "ideas", "0001_initial", initial), (drift.Kind, drift.App, drift.Migration, drift.File));
                Assert.StartsWith("ideas.0001_initial was edited after it was applied: konnaxion/ideas/migrations/0001_initial.py no longer matches what the local database ran (", drift.Message);
                Assert.Equal("Restore konnaxion/ideas/migrations/0001_initial.py to what was applied (git log -p -- konnaxion/ideas/migrations/0001_initial.py) " +
                             "and add a new migration for the change instead: New-KxMigration -App ideas.", drift.Fix);

                var output = new RecordingOutput();
                Assert.Empty(project.Migrate().Invoke(output));
                Assert.Equal(drift.Message + " " + drift.Fix, Assert.Single(output.Warnings));
                Assert.Equal(ledger, File.ReadAllText(LedgerFile));
            }
            finally
            {
                Reset();
            }
        }

        [EngineFact]
        public void Rolling_back_to_a_target_is_high_impact_unapplies_the_later_migrations_and_forgets_them()
        {
            Stack.WaitFor("postgres", s => s.Health == "healthy");
            try
            {
                File.AppendAllText(ModelsFile, VoteModel);
                using var project = Stack.Open(new KxProjectOptions { InRunningContainer = true });
                project.MakeMigrations(new KxMakeMigrationsOptions { Apps = new[] { "ideas" }, Name = "vote" }).Invoke();
                Assert.Equal(new[] { "ideas.0002_vote" }, project.Migrate().Invoke().Select(s => s.ToString()));
                Assert.Contains("\"local\": {", File.ReadAllText(LedgerFile));
                Assert.Contains("\"ideas.0002_vote\": \"sha256:", File.ReadAllText(LedgerFile));

                var forward = project.Migrate(new KxMigrateOptions { App = "ideas", Target = "0002_vote" });
                Assert.Equal(("Apply migrations of ideas up to 0002_vote", false), (forward.Action, forward.HighImpact));

                var rollback = project.Migrate(new KxMigrateOptions { App = "ideas", Target = "0001_initial" });
                Assert.Equal(("Roll back ideas to 0001_initial, unapplying ideas.0002_vote (and what depends on them)", true), (rollback.Action, rollback.HighImpact));
                Assert.Equal("1", Stack.Sql("SELECT count(*) FROM django_migrations WHERE app = 'ideas' AND name = '0002_vote'"));

                var step = Assert.Single(rollback.Invoke());
                Assert.Equal(("ideas.0002_vote", KxMigrationAction.Unapply, KxMigrationOutcome.Applied), (step.ToString(), step.Action, step.Outcome));
                Assert.Equal("0", Stack.Sql("SELECT count(*) FROM django_migrations WHERE app = 'ideas' AND name = '0002_vote'"));
                Assert.Equal(string.Empty, Stack.Sql("SELECT coalesce(to_regclass('public.ideas_vote')::text, '')"));
                Assert.DoesNotContain("ideas.0002_vote", File.ReadAllText(LedgerFile));
                Assert.Contains("\"ideas.0001_initial\": \"sha256:", File.ReadAllText(LedgerFile));
                Assert.False(project.Migrate(new KxMigrateOptions { App = "ideas", Target = "0001_initial" }).HighImpact, "nothing is left to roll back");
            }
            finally
            {
                Reset();
            }
        }

        [EngineFact]
        public void Migrate_in_the_running_container_waits_for_the_start_scripts_own_migrate_instead_of_racing_it()
        {
            Stack.WaitFor("postgres", s => s.Health == "healthy");
            try
            {
                // A migration that takes long enough for the race to be certain: /start applies it after a restart.
                File.WriteAllText(Path.Combine(MigrationsFolder, "0002_slow.py"),
                    "import time\n\nfrom django.db import migrations\n\n\n" +
                    "class Migration(migrations.Migration):\n    dependencies = [(\"ideas\", \"0001_initial\")]\n" +
                    "    operations = [migrations.RunPython(lambda apps, schema: time.sleep(4), migrations.RunPython.noop)]\n");
                using var project = Stack.Open(new KxProjectOptions { InRunningContainer = true });
                project.Restart(new[] { "django" }).Invoke();
                var output = new RecordingOutput();

                var operation = project.Migrate();
                var applied = operation.Invoke(output);

                Assert.Matches("^POST /containers/" + Regex.Escape(Stack.ProjectName) + "[-_]django[-_]1/exec \\(env KX_EXEC_ID\\): /entrypoint " + LockedMigrateCommand.Pattern("migrate --noinput") + "$",
                    operation.CommandLines.Single());
                Assert.Empty(applied);
                Assert.Contains(output.Verbose, line => line.StartsWith("Waiting for django's start to finish its own migrate: it", StringComparison.Ordinal));
                Assert.Contains(output.Verbose, line => Regex.IsMatch(line, "^django's start got past its migrate after [0-9.]+ s\\.$"));
                Assert.Equal("1", Stack.Sql("SELECT count(*) FROM django_migrations WHERE app = 'ideas' AND name = '0002_slow'"));
                Assert.Contains("\"ideas.0002_slow\": \"sha256:", File.ReadAllText(LedgerFile));
                AssertNoSecrets(output.AllText);
            }
            finally
            {
                Reset();
            }
        }

        [EngineFact]
        public void A_production_migrate_backs_the_database_up_first_and_leaves_the_backup_file()
        {
            Assert.True(Stack.StartProduction().Success, Stack.StartProduction().FailureMessage);
            using var production = Stack.Open(new KxProjectOptions(), KxEnvironment.Production);
            var before = production.GetDatabaseBackups();
            var output = new RecordingOutput();

            var operation = production.Migrate();
            Assert.StartsWith("Back up the database of postgres, then apply migrations", operation.Action);
            Assert.Equal(2, operation.CommandLines.Count);
            Assert.EndsWith(" exec -T postgres backup", operation.CommandLines[0]);
            Assert.Matches(" " + LockedMigrateCommand.Pattern("migrate --noinput") + "$", operation.CommandLines[1]);
            operation.Invoke(output);

            var after = production.GetDatabaseBackups();
            var taken = Assert.Single(after, backup => before.All(b => b.FileName != backup.FileName));
            Assert.Matches(@"^backup_\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.sql\.gz$", taken.FileName);
            Assert.Equal(("/backups/" + taken.FileName, "postgres", KxEnvironment.Production), (taken.Path, taken.Service, taken.Environment));
            Assert.NotNull(taken.Size);
            Assert.InRange(taken.CreatedAt!.Value, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
            Assert.Contains(taken.FileName, SampleStack.Compose(production, new[] { "exec", "-T", "postgres", "ls", "/backups" }));
            Assert.Equal("1", Stack.Sql("SELECT count(*) FROM django_migrations WHERE app = 'ideas' AND name = '0001_initial'", KxEnvironment.Production));
            Assert.Contains("\"production\": {", File.ReadAllText(LedgerFile));
            AssertNoSecrets(output.AllText);

            var explicitBackup = production.BackupDatabase().Invoke(output);
            Assert.Contains(production.GetDatabaseBackups(), backup => backup.FileName == explicitBackup.FileName);
            var withoutBackup = production.Migrate(new KxMigrateOptions { SkipBackup = true });
            Assert.Equal(("Apply migrations", 1), (withoutBackup.Action, withoutBackup.CommandLines.Count));
            Assert.Empty(withoutBackup.Invoke(output));
            Assert.Equal(after.Count + 1, production.GetDatabaseBackups().Count);
        }

        [EngineFact]
        public void A_production_update_builds_backs_up_migrates_in_the_running_container_and_verifies()
        {
            Assert.True(Stack.StartProduction().Success, Stack.StartProduction().FailureMessage);
            using var production = Stack.Open(new KxProjectOptions(), KxEnvironment.Production);
            var output = new RecordingOutput();

            var update = production.Update();
            var result = update.Invoke(output);

            Assert.True(result.Success, result.Error?.Message);
            Assert.Equal(new[] { "Build", "Backup", "Migrate", "Verify" }, result.Steps.Select(s => s.Name));
            Assert.All(result.Steps, s => Assert.Equal(KxUpdateStepOutcome.Succeeded, s.Outcome));
            Assert.Equal(update.CommandLines[1], result.Steps[1].CommandLines.Single());
            // django ran before the build, which left it as it was: the migrate started then, held, and was released after the backup.
            Assert.Matches("^POST /containers/\\S+/exec \\(env KX_EXEC_ID, KX_MIGRATION_HOLD\\): /entrypoint " + LockedMigrateCommand.Pattern("migrate --noinput") +
                ", started before the build and released after it$", result.Steps[2].CommandLines.Single());
            Assert.NotNull(result.Backup);
            Assert.Contains(production.GetDatabaseBackups(), backup => backup.FileName == result.Backup!.FileName);
            Assert.Equal("0", Stack.Sql("SELECT count(*) FROM django_migrations WHERE app = 'ideas' AND name = '0002_vote'", KxEnvironment.Production));
            Assert.Equal(new[] { "django", "postgres", "worker" }, result.ServiceStatus.Select(s => s.Service));
            AssertNoSecrets(output.AllText);
        }

        [EngineFact]
        public void New_migrations_and_an_update_that_makes_them_are_refused_on_production()
        {
            using var production = Stack.Open(new KxProjectOptions(), KxEnvironment.Production);

            var refused = Assert.Throws<KxException>(() => production.MakeMigrations());
            var update = Assert.Throws<KxException>(() => production.Update(new KxUpdateOptions { MakeMigrations = true }));

            Assert.Equal((KxErrorIds.MakeMigrationsRefusedInProduction, KxErrorCategory.InvalidOperation), (refused.ErrorId, refused.Category));
            Assert.Equal((KxErrorIds.MakeMigrationsRefusedInProduction, refused.Message), (update.ErrorId, update.Message));
        }

        [EngineFact]
        public void Update_plan_lists_every_step_and_changes_no_container_file_or_database()
        {
            Stack.WaitFor("django", s => s.IsRunning);
            try
            {
                File.AppendAllText(ModelsFile, VoteModel);
                using var project = Stack.Open();
                var containers = Containers(project);
                var files = FileTree();
                var database = DatabaseState();

                var update = project.Update(new KxUpdateOptions { MakeMigrations = true });

                Assert.Equal("Update: build, migrate and verify", update.Action);
                Assert.Equal(5, update.Steps.Count);
                Assert.StartsWith("Build and start django, postgres, worker, then wait up to 120 s for them to be healthy: ", update.Steps[0]);
                Assert.EndsWith(" up -d --build", update.Steps[0]);
                Assert.Matches("^Apply the migrations in django's running container .*: POST /containers/\\S+/exec \\(env KX_EXEC_ID\\): /entrypoint " + LockedMigrateCommand.Pattern("migrate --noinput") + "$", update.Steps[1]);
                Assert.EndsWith("/entrypoint python manage.py makemigrations --check --dry-run --noinput", update.Steps[2]);
                Assert.Matches("^Make the missing migrations and apply them, if there are any: POST /containers/.* makemigrations --noinput ; POST /containers/.* " + LockedMigrateCommand.Pattern("migrate --noinput") + "$", update.Steps[3]);
                Assert.StartsWith("Verify that every service is running", update.Steps[4]);
                Assert.Equal(5, update.CommandLines.Count);

                Assert.Equal(containers, Containers(project));
                Assert.Equal(files, FileTree());
                Assert.Equal(database, DatabaseState());
                Assert.DoesNotContain(project.GetServiceStatus(includeOneOff: true), s => s.OneOff);
            }
            finally
            {
                Reset();
            }
        }

        [EngineFact]
        public void Update_builds_migrates_makes_the_missing_migrations_and_verifies_timing_every_step()
        {
            Stack.WaitFor("postgres", s => s.Health == "healthy");
            try
            {
                File.AppendAllText(ModelsFile, VoteModel);
                using var project = Stack.Open();
                var output = new RecordingOutput();

                var result = project.Update(new KxUpdateOptions { MakeMigrations = true }).Invoke(output);

                Assert.True(result.Success, result.Error?.Message);
                Assert.Equal(new[]
                {
                    ("Build", KxUpdateStepOutcome.Succeeded),
                    ("Migrate", KxUpdateStepOutcome.Succeeded),
                    ("CheckModels", KxUpdateStepOutcome.Warning),
                    ("MakeMigrations", KxUpdateStepOutcome.Succeeded),
                    ("Verify", KxUpdateStepOutcome.Succeeded),
                }, result.Steps.Select(s => (s.Name, s.Outcome)));
                Assert.All(result.Steps.Where(s => s.Name != "CheckModels"), s => Assert.True(s.Duration > TimeSpan.Zero, s.Name));
                Assert.Equal("No migrations to apply.", result.Steps[1].Detail);
                Assert.StartsWith("The models of ideas have changes no migration holds (Django's migrate compared the models with the migrations)", result.Steps[2].Detail);
                Assert.Empty(result.Steps[2].CommandLines);
                Assert.Equal(Path.Combine(MigrationsFolder, "0002_vote.py"), Assert.Single(result.MigrationsMade).Path);
                Assert.Equal(new[] { ("ideas.0002_vote", KxMigrationAction.Apply, KxMigrationOutcome.Applied) },
                    result.MigrationsApplied.Select(s => (s.ToString(), s.Action, s.Outcome)));
                Assert.Equal("ideas_vote", Stack.Sql("SELECT coalesce(to_regclass('public.ideas_vote')::text, '')"));
                Assert.Equal(new[] { "django", "postgres", "worker" }, result.ServiceStatus.Select(s => s.Service));
                Assert.Contains("\"ideas.0002_vote\": \"sha256:", File.ReadAllText(LedgerFile));
                Assert.Null(result.Backup);
                AssertNoSecrets(output.AllText);
            }
            finally
            {
                Reset();
            }
        }

        [EngineFact]
        public void No_env_file_secret_reaches_output_or_errors_in_either_container_mode()
        {
            Stack.WaitFor("django", s => s.IsRunning);
            const string printSecrets = "import os; print(os.environ['POSTGRES_PASSWORD'], os.environ['DJANGO_SECRET_KEY'])";
            const string failWithUrl = "import os, sys; sys.exit('cannot use ' + os.environ['DATABASE_URL'])";
            foreach (var inRunningContainer in new[] { false, true })
            {
                using var project = Stack.Open(new KxProjectOptions { InRunningContainer = inRunningContainer });
                var output = new RecordingOutput();

                var printed = project.Manage(new[] { "shell", "-c", printSecrets }).Invoke(output);
                var error = Assert.Throws<KxException>(() => project.Manage(new[] { "shell", "-c", failWithUrl }).Invoke(output));

                Assert.Equal($"{SecretRedactor.Mask} {SecretRedactor.Mask}", printed.Last());
                Assert.Contains(output.ProcessLines, line => line.Text == $"DATABASE_URL: postgres://kx_local_user:{SecretRedactor.Mask}@postgres:5432/konnaxion");
                var maskedUrl = $"postgres://kx_local_user:{SecretRedactor.Mask}@postgres:5432/konnaxion";
                Assert.Contains(output.ProcessLines, line => line.Stream == ProcessStream.StandardError && line.Text == "cannot use " + maskedUrl);
                Assert.Equal("manage.py shell failed (exit code 1): cannot use " + maskedUrl, error.Message);

                AssertNoSecrets(output.AllText + "\n" + error.Message);
            }
        }

        [EngineFact]
        public void An_exec_in_the_running_container_gets_its_environment_and_reports_stdout_stderr_and_the_exit_code()
        {
            var django = Stack.WaitFor("django", s => s.IsRunning);
            using var project = Stack.Open();
            var secret = "kx-" + Guid.NewGuid().ToString("N");
            var lines = new List<ProcessLine>();

            var exitCode = project.Context.GetEngine().Exec(django.ContainerId!,
                new[] { "sh", "-c", "echo out; printf %s \"$KX_TEST_SECRET\" | wc -c; echo err >&2; printf 'no newline'; exit 7" },
                new[] { "KX_TEST_SECRET=" + secret }, lines.Add, CancellationToken.None);

            Assert.Equal(7, exitCode);
            Assert.Equal(new[] { "out", secret.Length.ToString(), "no newline" },
                lines.Where(l => l.Stream == ProcessStream.StandardOutput).Select(l => l.Text.Trim()));
            Assert.Equal(new[] { "err" }, lines.Where(l => l.Stream == ProcessStream.StandardError).Select(l => l.Text));
            Assert.DoesNotContain(lines, l => l.Text.Contains(secret));
        }

        [EngineFact]
        public void Manage_py_in_the_running_container_runs_through_the_engine_not_a_docker_exec_process()
        {
            Stack.WaitFor("django", s => s.IsRunning);
            var runner = new RecordingRunner();
            using var project = Stack.Open(new KxProjectOptions { InRunningContainer = true, ProcessRunner = runner });
            var output = new RecordingOutput();

            var printed = project.Manage(new[] { "shell", "-c", "import sys; print('kx-exec-out'); sys.exit(3)" });
            var error = Assert.Throws<KxException>(() => printed.Invoke(output));

            Assert.Equal(KxErrorIds.DjangoCommandFailed, error.ErrorId);
            Assert.StartsWith("manage.py shell failed (exit code 3)", error.Message);
            Assert.Contains("kx-exec-out", output.StandardOutput);
            Assert.DoesNotContain(runner.CommandLines, line => line.StartsWith("docker exec", StringComparison.Ordinal));
        }

        /// <summary>Runs children for real and remembers which.</summary>
        private sealed class RecordingRunner : IProcessRunner
        {
            public List<string> CommandLines { get; } = new List<string>();

            public int Run(ProcessSpec spec, Action<ProcessLine> onLine, CancellationToken cancellationToken)
            {
                lock (CommandLines)
                {
                    CommandLines.Add(spec.ToString());
                }

                return ProcessRunner.Instance.Run(spec, onLine, cancellationToken);
            }
        }

        [EngineFact]
        public void Cancelling_a_command_in_the_running_container_interrupts_it_inside_the_container()
        {
            Stack.WaitFor("django", s => s.IsRunning);
            using var project = Stack.Open(new KxProjectOptions { InRunningContainer = true });
            var output = new RecordingOutput();
            output.AwaitLine("kx-exec-sleeping");
            var operation = project.Manage(new[] { "shell", "-c", "import time; print('kx-exec-sleeping', flush=True); time.sleep(300)" });
            using var cancellation = new CancellationTokenSource();

            var running = Task.Run(() => operation.Invoke(output, cancellation.Token));
            Assert.True(output.WaitForLine(TimeSpan.FromSeconds(60)), "the command never started:\n" + output.AllText);
            cancellation.Cancel();

            var error = Assert.Throws<KxException>(() => running.GetAwaiter().GetResult());
            Assert.Equal((KxErrorIds.OperationCancelled, KxErrorCategory.OperationStopped), (error.ErrorId, error.Category));
            var container = Regex.Match(operation.CommandLines.Single(), "^POST /containers/([^/]+)/exec ").Groups[1].Value;
            Assert.EndsWith($"; reading the exec's output was stopped and its processes in {container} interrupted.", error.Message);
            var django = project.GetServiceStatus(new[] { "django" }).Single();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Sleeping(project, django.ContainerId!) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }

            Assert.False(Sleeping(project, django.ContainerId!), "the command still runs inside the container");
        }

        private string ModelsFile => Path.Combine(IdeasFolder, "models.py");

        private static bool Sleeping(KxProject project, string containerId) =>
            project.Context.GetEngine().ListProcesses(containerId, CancellationToken.None).Any(p => p.Command.Contains("kx-exec-sleeping"));

        /// <summary>No value of a secret-looking variable of the copy's env files, local or production, appears in <paramref name="text"/>.</summary>
        private void AssertNoSecrets(string text)
        {
            var secrets = new[] { ".local", ".production" }
                .SelectMany(environment => new[] { ".django", ".postgres" }.Select(file => Path.Combine(Stack.BackendDirectory, ".envs", environment, file)))
                .SelectMany(file => DotEnvFile.Read(file))
                .Where(variable => Regex.IsMatch(variable.Key, "PASSWORD|SECRET|KEY|DATABASE_URL"))
                .Select(variable => variable.Value)
                .ToList();
            Assert.Equal(4, secrets.Count);
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, text));
        }

        /// <summary>
        /// Unapplies what the test applied beyond the sample's 0001_initial (while its files still exist), then puts the
        /// sample's models and migrations back and removes the ledger.
        /// </summary>
        private void Reset()
        {
            Stack.WaitFor("django", s => s.IsRunning);
            Stack.Compose(new[] { "exec", "-T", "django", "/entrypoint", "python", "manage.py", "migrate", "ideas", "0001_initial", "--noinput" });
            var sample = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend", "konnaxion", "ideas");
            File.Copy(Path.Combine(sample, "models.py"), ModelsFile, overwrite: true);
            foreach (var file in Directory.GetFiles(MigrationsFolder))
            {
                File.Delete(file);
            }

            foreach (var file in Directory.GetFiles(Path.Combine(sample, "migrations")))
            {
                File.Copy(file, Path.Combine(MigrationsFolder, Path.GetFileName(file)));
            }

            if (Directory.Exists(Path.GetDirectoryName(LedgerFile)))
            {
                Directory.Delete(Path.GetDirectoryName(LedgerFile)!, recursive: true);
            }
        }

        private static IReadOnlyList<string> Containers(KxProject project) =>
            project.GetServiceStatus(includeOneOff: true).Select(s => $"{s.ContainerId} {s.State} {s.StartedAt:o}").ToList();

        /// <summary>Every file under the backend copy with its content's hash.</summary>
        private IReadOnlyList<string> FileTree() =>
            Directory.GetFiles(Stack.BackendDirectory, "*", SearchOption.AllDirectories)
                .OrderBy(file => file, StringComparer.Ordinal)
                .Select(file => file + " " + Sha256(File.ReadAllBytes(file)))
                .ToList();

        private string DatabaseState() =>
            Stack.Sql("SELECT (SELECT string_agg(app || '.' || name, ',' ORDER BY id) FROM django_migrations) || ' | ' || " +
                      "(SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public')");

        private static string Sha256(byte[] bytes)
        {
            using var sha256 = SHA256.Create();
            return string.Concat(sha256.ComputeHash(bytes).Select(b => b.ToString("x2")));
        }
    }

    [Collection(EngineCollection.Name)]
    public sealed class MigrationComposeV1Tests : MigrationTests<ComposeV1Stack>, IClassFixture<ComposeV1Stack>
    {
        public MigrationComposeV1Tests(ComposeV1Stack stack)
            : base(stack)
        {
        }
    }

    [Collection(EngineCollection.Name)]
    public sealed class MigrationComposeV2Tests : MigrationTests<ComposeV2Stack>, IClassFixture<ComposeV2Stack>
    {
        public MigrationComposeV2Tests(ComposeV2Stack stack)
            : base(stack)
        {
        }
    }
}
