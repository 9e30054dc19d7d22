using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Konnaxion.Ops.PowerShell.Tests.Engine;
using Konnaxion.Ops.PowerShell.Tests.Errors;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Migrations
{
    /// <summary>
    /// The migrations, backup, update and manage cmdlets typed into PowerShell against the running sample, once per
    /// compose version: the objects they emit, the checks that fail a gate, -WhatIf that changes nothing, and no
    /// env-file secret in any stream. Changes are made in an app of our own (kxnotes) and put back.
    /// </summary>
    public abstract class MigrationCmdletTests
    {
        private const string App = "kxnotes";

        protected MigrationCmdletTests(SampleBackend backend)
        {
            Backend = backend;
        }

        protected SampleBackend Backend { get; }

        private string AppFolder => Path.Combine(Backend.Backend, "konnaxion", App);

        private string InitialMigration => Path.Combine(AppFolder, "migrations", "0001_initial.py");

        [EngineFact]
        public void Get_KxMigration_emits_one_object_per_migration_and_App_narrows_them_to_one_app()
        {
            using var session = Backend.NewSession();

            var all = session.Run("Get-KxMigration -InRunningContainer");
            var ideas = session.Invoke("Get-KxMigration ideas");

            Assert.True(all.Errors.Count == 0, string.Join("; ", all.Errors) + " / " + string.Join(", ", DockerCli.Run("ps", "-a", "--format", "{{.Names}} {{.Status}}", "--filter", "label=com.docker.compose.project=" + Backend.ProjectName)));
            Assert.All(all.Output, m => Assert.Equal("Konnaxion.Ops.KxMigrationState", m.BaseObject.GetType().FullName));
            Assert.Equal("contenttypes.0001_initial applied=True", Described(all.Output[0]));
            Assert.Contains(all.Output, m => Described(m) == "ideas.0001_initial applied=True");
            Assert.NotEmpty(ideas);
            Assert.All(ideas, m => Assert.Equal("ideas", m.Properties["App"].Value));
            Assert.Equal("ideas.0001_initial applied=True", Described(ideas[0]));
            Assert.NotNull(ideas[0].Properties["AppliedAt"].Value);
            EnvFileSecrets.AssertNoneIn(Backend.Backend, all.Everything());
        }

        [EngineFact]
        public void Test_KxMigration_finds_nothing_when_clean_drift_when_an_applied_file_is_edited_and_Fail_stops_the_gate()
        {
            using var session = Backend.NewSession();
            AddApp();
            var applied = File.ReadAllText(InitialMigration);
            try
            {
                session.Invoke("Invoke-KxMigrate -InRunningContainer");
                var clean = session.Run("Test-KxMigration -InRunningContainer");
                File.AppendAllText(InitialMigration, "# edited after it was applied\n");
                var drift = session.Run("Test-KxMigration -InRunningContainer");
                var gate = RaisedError.Of(session, "Test-KxMigration -InRunningContainer -Fail");

                Assert.Empty(clean.Errors);
                Assert.Empty(clean.Output);
                var finding = Assert.Single(drift.Output);
                Assert.Equal("Konnaxion.Ops.KxMigrationFinding", finding.BaseObject.GetType().FullName);
                Assert.Equal(("Drift", App, "0001_initial", InitialMigration),
                    (finding.Properties["Kind"].Value.ToString(), finding.Properties["App"].Value, finding.Properties["Migration"].Value, finding.Properties["File"].Value));
                gate.Terminates().Is("MigrationCheckFailed", "Test-KxMigration", ErrorCategory.InvalidData, target: null);
                Assert.Single(gate.Run.Output);
                Assert.Contains("kxnotes.0001_initial was edited after it was applied", gate.Record.Exception.Message);
                EnvFileSecrets.AssertNoneIn(Backend.Backend, clean.Everything() + drift.Everything() + gate.Run.Everything());
            }
            finally
            {
                File.WriteAllText(InitialMigration, applied);
            }
        }

        [EngineFact]
        public void Invoke_KxMigrate_Check_emits_the_unapplied_steps_then_writes_MigrationsUnapplied()
        {
            using var session = Backend.NewSession();
            AddApp();
            session.Invoke("Invoke-KxMigrate -InRunningContainer");
            var unapplied = Path.Combine(AppFolder, "migrations", "0002_noop.py");
            File.WriteAllText(unapplied, "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n" +
                $"    dependencies = [(\"{App}\", \"0001_initial\")]\n    operations = [migrations.RunSQL(\"SELECT 1\", migrations.RunSQL.noop)]\n");
            try
            {
                var check = RaisedError.Of(session, "Invoke-KxMigrate -Check -InRunningContainer");

                check.IsWritten().Is("MigrationsUnapplied", "Invoke-KxMigrate", ErrorCategory.InvalidData, target: null);
                Assert.Equal($"{App}.0002_noop", Assert.Single(check.Run.Output).ToString());
                Assert.Equal("0", Backend.Sql($"SELECT count(*) FROM django_migrations WHERE app = '{App}' AND name = '0002_noop'"));
            }
            finally
            {
                File.Delete(unapplied);
            }
        }

        [EngineFact]
        public void Backup_KxDatabase_on_production_emits_the_backup_and_Get_KxDatabaseBackup_lists_its_file()
        {
            Backend.StartProduction();
            using var session = Backend.NewSession();
            var production = $"-Environment Production -ProjectName {Backend.ProductionProjectName}";

            var backup = session.Run($"Backup-KxDatabase {production} -Confirm:$false");
            var listed = session.Run($"Get-KxDatabaseBackup {production}");

            Assert.Empty(backup.Errors);
            var made = Assert.Single(backup.Output);
            Assert.Equal("Konnaxion.Ops.KxDatabaseBackup", made.BaseObject.GetType().FullName);
            var fileName = (string)made.Properties["FileName"].Value;
            Assert.Matches(@"^backup_.+\.sql\.gz$", fileName);
            Assert.Empty(listed.Errors);
            Assert.Contains(listed.Output, b => (string)b.Properties["FileName"].Value == fileName);
            Assert.Equal(fileName, listed.Output[0].Properties["FileName"].Value);
            EnvFileSecrets.AssertNoneIn(Backend.Backend, backup.Everything() + listed.Everything());
        }

        [EngineFact]
        public void Invoke_KxUpdate_WhatIf_prints_the_numbered_plan_and_changes_no_container_file_or_database_row()
        {
            using var session = Backend.NewSession();
            var containers = Containers();
            var files = Snapshot();
            var rows = Backend.Sql("SELECT count(*) || ':' || max(id) FROM django_migrations");

            var plan = session.Show("Invoke-KxUpdate -WhatIf");

            Assert.Empty(plan.Errors);
            Assert.Empty(plan.Output);
            Assert.Matches(@"What if: Performing the operation ""[^""]+:\r?\n  1\. [^\r\n]+\r?\n  2\. ", plan.Shown);
            Assert.Equal(containers, Containers());
            Assert.Equal(files, Snapshot());
            Assert.Equal(rows, Backend.Sql("SELECT count(*) || ':' || max(id) FROM django_migrations"));
            EnvFileSecrets.AssertNoneIn(Backend.Backend, plan.Everything());
        }

        [EngineFact]
        public void Invoke_KxUpdate_emits_one_result_with_its_steps()
        {
            using var session = Backend.NewSession();

            var update = session.Run("Invoke-KxUpdate");

            Assert.Empty(update.Errors);
            var result = Assert.Single(update.Output);
            Assert.Equal("Konnaxion.Ops.KxUpdateResult", result.BaseObject.GetType().FullName);
            Assert.Equal(true, result.Properties["Success"].Value);
            var steps = ((System.Collections.IEnumerable)result.Properties["Steps"].Value).Cast<object>().Select(PSObject.AsPSObject).ToList();
            Assert.Equal("Build", steps[0].Properties["Name"].Value);
            Assert.Contains(steps, s => (string)s.Properties["Name"].Value == "Migrate");
            Assert.Equal("Verify", steps[^1].Properties["Name"].Value);
            EnvFileSecrets.AssertNoneIn(Backend.Backend, update.Everything());

            // A rebuilt image recreates postgres, and django's /start can lose its race with it after Verify: leave the stack running for the next test.
            session.Invoke("Invoke-KxBuild -NoBuild -Wait");
        }

        [EngineFact]
        public void Invoke_KxUpdate_starts_its_migrate_before_the_build_and_releases_it_when_the_build_leaves_django_as_it_was()
        {
            using var session = Backend.NewSession();
            // Images built from the build context as it is now (an earlier test may have changed it since), so that the
            // update's build leaves django's container as it was; with ideas unapplied, the held migrate has work to do.
            Assert.Empty(session.Run("Invoke-KxBuild -Wait").Errors);
            Assert.Empty(session.Run("Invoke-KxMigrate ideas zero -InRunningContainer -Confirm:$false").Errors);
            try
            {
                var update = session.Run("Invoke-KxUpdate -Verbose");

                Assert.Empty(update.Errors);
                var result = Assert.Single(update.Output);
                Assert.Equal(true, result.Properties["Success"].Value);
                Assert.Contains(update.Verbose, v => v.Message.StartsWith("Started POST /containers/", StringComparison.Ordinal)
                    && v.Message.Contains("KX_MIGRATION_HOLD", StringComparison.Ordinal));
                Assert.DoesNotContain(update.Verbose, v => v.Message.Contains("ended unused", StringComparison.Ordinal));
                var applied = ((System.Collections.IEnumerable)result.Properties["MigrationsApplied"].Value).Cast<object>().Select(m => m.ToString()).ToList();
                Assert.Contains("ideas.0001_initial", applied);
                Assert.Empty(MigrationLockScriptsInDjango());
                EnvFileSecrets.AssertNoneIn(Backend.Backend, update.Everything());
            }
            finally
            {
                session.Run("Invoke-KxMigrate -InRunningContainer");
            }
        }

        [EngineFact]
        public void A_failed_build_ends_the_migrate_Invoke_KxUpdate_started_before_it_and_leaves_no_process_in_django()
        {
            using var session = Backend.NewSession();
            var dockerfile = Path.Combine(Backend.Backend, "compose", "local", "django", "Dockerfile");
            var original = File.ReadAllText(dockerfile);
            File.AppendAllText(dockerfile, "RUN false\n");
            try
            {
                var update = session.Run("Invoke-KxUpdate -Verbose");

                Assert.NotNull(update.Terminating ?? update.Errors.FirstOrDefault());
                Assert.Contains(update.Verbose, v => v.Message.StartsWith("Started POST /containers/", StringComparison.Ordinal)
                    && v.Message.Contains("KX_MIGRATION_HOLD", StringComparison.Ordinal));
                Assert.Empty(MigrationLockScriptsInDjango());
            }
            finally
            {
                File.WriteAllText(dockerfile, original);
            }
        }

        [EngineFact]
        public void Invoke_KxManage_emits_the_lines_the_command_prints_in_a_one_off_or_the_running_container()
        {
            using var session = Backend.NewSession();

            var running = session.Run("Invoke-KxManage check -InRunningContainer");
            var oneOff = session.Run("Invoke-KxManage shell --command 'print(6 * 7)'");

            Assert.Empty(running.Errors);
            Assert.All(running.Output, line => Assert.IsType<string>(line.BaseObject));
            Assert.Contains(running.Output, line => line.ToString() == "System check identified no issues (0 silenced).");
            Assert.Empty(oneOff.Errors);
            // The sample's entrypoint prints its (masked) DATABASE_URL first; the command's own line is the last.
            Assert.Equal("42", oneOff.Output[^1].ToString());
            EnvFileSecrets.AssertNoneIn(Backend.Backend, running.Everything() + oneOff.Everything());
        }

        [EngineFact]
        public void In_the_running_container_the_entrypoint_runs_once_per_container_start_and_later_calls_reuse_its_environment()
        {
            using var session = Backend.NewSession();
            // A start of django no earlier test has called into.
            Assert.Empty(session.Run("Restart-KxService django").Errors);

            var calls = Enumerable.Range(0, 2).Select(_ => session.Run("Invoke-KxManage check -InRunningContainer -Verbose")).ToList();

            Assert.All(calls, call => Assert.Empty(call.Errors));
            // Django's check reads DATABASE_URL, which only the entrypoint sets: both calls had it.
            Assert.All(calls, call => Assert.Contains(call.Output, line => line.ToString() == "System check identified no issues (0 silenced)."));
            Assert.Contains(calls[0].Verbose, v => v.Message.StartsWith("Running: POST /containers/", StringComparison.Ordinal)
                && v.Message.Contains("(reads the environment its entrypoint sets up, kept for later calls), then POST ", StringComparison.Ordinal));
            Assert.Contains(calls[1].Verbose, v => v.Message.StartsWith("Running: POST /containers/", StringComparison.Ordinal)
                && v.Message.EndsWith("/exec (env <its entrypoint's environment>, KX_EXEC_ID): python manage.py check", StringComparison.Ordinal));
            EnvFileSecrets.AssertNoneIn(Backend.Backend, string.Join("\n", calls.Select(call => call.Everything())));
        }

        private static string Described(PSObject migration) =>
            $"{migration.Properties["App"].Value}.{migration.Properties["Name"].Value} applied={migration.Properties["Applied"].Value}";

        private string Containers() => string.Join(",", DockerCli.Run("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.State}} {{.CreatedAt}}",
            "--filter", "label=com.docker.compose.project=" + Backend.ProjectName).OrderBy(line => line));

        /// <summary>Every file of the copy with its length and time: what a change would touch (the ledger among them).</summary>
        private string Snapshot() => string.Join("\n", Directory.GetFiles(Backend.Backend, "*", SearchOption.AllDirectories)
            .Where(file => !file.Contains("__pycache__", StringComparison.Ordinal))
            .Select(file => new FileInfo(file)).OrderBy(file => file.FullName).Select(file => $"{file.FullName} {file.Length} {file.LastWriteTimeUtc.Ticks}"));

        /// <summary>An app of our own with one model and its migration, installed in the sample's settings (once per copy).</summary>
        /// <summary>The processes in django's container that run the migration lock script (held or not), as docker top lists them.</summary>
        private IReadOnlyList<string> MigrationLockScriptsInDjango()
        {
            var django = DockerCli.Run("ps", "-q", "--filter", "label=com.docker.compose.project=" + Backend.ProjectName, "--filter", "label=com.docker.compose.service=django").Single();
            return DockerCli.Run("top", django, "-eo", "pid,args").Where(line => line.Contains("import os, runpy", StringComparison.Ordinal)).ToList();
        }

        private void AddApp()
        {
            var settings = Path.Combine(Backend.Backend, "config", "settings", "base.py");
            if (Directory.Exists(AppFolder))
            {
                return;
            }

            Directory.CreateDirectory(Path.Combine(AppFolder, "migrations"));
            File.WriteAllText(Path.Combine(AppFolder, "__init__.py"), string.Empty);
            File.WriteAllText(Path.Combine(AppFolder, "migrations", "__init__.py"), string.Empty);
            File.WriteAllText(Path.Combine(AppFolder, "models.py"),
                "from django.db import models\n\n\nclass Note(models.Model):\n    text = models.CharField(max_length=40)\n");
            File.WriteAllText(InitialMigration,
                "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    initial = True\n    dependencies = []\n" +
                "    operations = [\n        migrations.CreateModel(\n            name=\"Note\",\n            fields=[\n" +
                "                (\"id\", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name=\"ID\")),\n" +
                "                (\"text\", models.CharField(max_length=40)),\n            ],\n        ),\n    ]\n");
            File.WriteAllText(settings, File.ReadAllText(settings).Replace("    \"konnaxion.ideas\",\n", $"    \"konnaxion.ideas\",\n    \"konnaxion.{App}\",\n", StringComparison.Ordinal));
            Assert.Contains($"konnaxion.{App}", File.ReadAllText(settings));
        }
    }

    [Collection(ComposeV1Collection.Name)]
    public sealed class MigrationCmdletComposeV1Tests : MigrationCmdletTests
    {
        public MigrationCmdletComposeV1Tests(ComposeV1Backend backend)
            : base(backend)
        {
        }
    }

    [Collection(ComposeV2Collection.Name)]
    public sealed class MigrationCmdletComposeV2Tests : MigrationCmdletTests
    {
        public MigrationCmdletComposeV2Tests(ComposeV2Backend backend)
            : base(backend)
        {
        }
    }
}
