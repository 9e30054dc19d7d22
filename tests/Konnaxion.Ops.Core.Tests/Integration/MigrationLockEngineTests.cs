using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Tests.Engine;

namespace Konnaxion.Ops.Tests.Integration
{
    /// <summary>
    /// The migration lock against the real engine on compose v1 and v2: two migrates of one database at once take turns
    /// (one in the running container, one in a one-off), and a migrate that cannot get the lock in time fails with
    /// MigrationLocked naming the holder; on SQLite the script migrates unlocked and says so. Each test removes the migration it added, unapplies it and removes the ledger.
    /// </summary>
    public abstract class MigrationLockEngineTests<TStack>
        where TStack : SampleStack
    {
        private static readonly string HeldLocks = $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = {MigrationLock.Key}";

        protected MigrationLockEngineTests(TStack stack)
        {
            Stack = stack;
        }

        protected TStack Stack { get; }

        private string MigrationsFolder => Path.Combine(Stack.BackendDirectory, "konnaxion", "ideas", "migrations");

        [EngineFact]
        public void Two_migrates_at_once_take_turns_and_apply_each_migration_once()
        {
            SettleStartupMigrate();
            // The migration holds the lock until the other migrate is connected and polling for it, so that the two
            // overlap however long each takes to start; the snapshot is cleared because the migration runs in a transaction.
            var migration = Path.Combine(MigrationsFolder, "0002_overlap.py");
            File.WriteAllText(migration,
                "import time\n\nfrom django.db import migrations\n\n\n" +
                "def wait_for_the_other_migrate(apps, schema_editor):\n" +
                "    with schema_editor.connection.cursor() as cursor:\n" +
                "        for _ in range(240):\n" +
                "            cursor.execute(\"SELECT pg_stat_clear_snapshot()\")\n" +
                "            cursor.execute(\"SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'konnaxion-ops migrate%' AND pid <> pg_backend_pid()\")\n" +
                "            if cursor.fetchone()[0]:\n" +
                "                break\n" +
                "            time.sleep(0.25)\n" +
                "    time.sleep(2)\n\n\n" +
                "class Migration(migrations.Migration):\n    dependencies = [(\"ideas\", \"0001_initial\")]\n" +
                "    operations = [migrations.RunPython(wait_for_the_other_migrate, migrations.RunPython.noop)]\n");
            try
            {
                using var inRunningContainer = Stack.Open(new KxProjectOptions { InRunningContainer = true });
                using var inOneOff = Stack.Open(new KxProjectOptions());
                var outputs = new[] { new RecordingOutput(), new RecordingOutput() };
                var exec = inRunningContainer.Migrate();
                var oneOff = inOneOff.Migrate();

                var runs = new[] { Task.Run(() => exec.Invoke(outputs[0])), Task.Run(() => oneOff.Invoke(outputs[1])) };
                var applied = runs.Select(run => run.GetAwaiter().GetResult()).ToList();

                Assert.Equal(new[] { "ideas.0002_overlap" }, applied.SelectMany(steps => steps).Select(step => step.ToString()));
                Assert.Equal("1", Stack.Sql("SELECT count(*) FROM django_migrations WHERE app = 'ideas' AND name = '0002_overlap'"));
                var waited = Assert.Single(outputs, output => output.Verbose.Any(line => line.StartsWith("Waiting for the migration lock of the local database: another migrate holds it ('konnaxion-ops migrate ", StringComparison.Ordinal)));
                Assert.Empty(applied[Array.IndexOf(outputs, waited)]);
                Assert.Contains(waited.Progress, progress => progress.Status.StartsWith("Held by 'konnaxion-ops migrate ", StringComparison.Ordinal));
                Assert.True(waited.Progress.Last().Completed);
                Assert.Contains(waited.Verbose, line => line.StartsWith("Took the migration lock of the local database after waiting ", StringComparison.Ordinal));
                Assert.All(outputs, output => Assert.DoesNotContain(output.ProcessLines, line => line.Text.StartsWith(MigrationLock.LinePrefix, StringComparison.Ordinal)));
                Assert.All(outputs, output => Assert.Empty(output.Warnings));
                Assert.Equal("0", Stack.Sql(HeldLocks));
            }
            finally
            {
                Remove(migration);
            }
        }

        [EngineFact]
        public void A_migrate_that_cannot_get_the_lock_in_time_fails_naming_the_holder_and_applies_nothing()
        {
            SettleStartupMigrate();
            var migration = Path.Combine(MigrationsFolder, "0002_locked_out.py");
            File.WriteAllText(migration, "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n" +
                                         "    dependencies = [(\"ideas\", \"0001_initial\")]\n    operations = []\n");
            var holder = Task.Run(() =>
            {
                var holdLock = "PGPASSWORD=\"$POSTGRES_PASSWORD\" PGAPPNAME=kx-test-holder psql -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" " +
                               $"-tAc \"SELECT pg_advisory_lock({MigrationLock.Key}), pg_sleep(120)\"";
                try
                {
                    Stack.Compose(new[] { "exec", "-T", "postgres", "sh", "-c", holdLock });
                }
                catch (Exception)
                {
                    // The test ends the holder's session: psql then fails, as it should.
                }
            });
            try
            {
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (Stack.Sql(HeldLocks) != "1")
                {
                    Assert.True(DateTime.UtcNow < deadline, "the holder never took the lock");
                    Thread.Sleep(200);
                }

                using var project = Stack.Open(new KxProjectOptions { InRunningContainer = true });
                var output = new RecordingOutput();
                var migrate = project.Migrate(new KxMigrateOptions { LockTimeout = TimeSpan.FromSeconds(2) });

                var error = Assert.Throws<KxException>(() => migrate.Invoke(output));

                Assert.Equal((KxErrorIds.MigrationLocked, KxErrorCategory.ResourceUnavailable), (error.ErrorId, error.Category));
                Assert.Matches("^Waited 2 s for the migration lock of the local database, which another migrate holds: 'kx-test-holder' from 127\\.0\\.0\\.1, " +
                               "database pid [0-9]+, connected since [0-9-]{10} [0-9:]{8}Z\\. ", error.Message);
                Assert.Matches("end it with SELECT pg_terminate_backend\\([0-9]+\\) and run again\\.$", error.RecommendedAction);
                Assert.Contains(output.Progress, progress => progress.Status.StartsWith("Held by 'kx-test-holder' from 127.0.0.1", StringComparison.Ordinal));
                Assert.Equal("0", Stack.Sql("SELECT count(*) FROM django_migrations WHERE app = 'ideas' AND name = '0002_locked_out'"));
            }
            finally
            {
                Stack.Sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'kx-test-holder'");
                Assert.True(holder.Wait(TimeSpan.FromSeconds(30)), "the holder's psql did not end");
                Remove(migration);
            }
        }

        /// <summary>
        /// Returns once django's /start is past its own migrate, which takes no lock and would apply the test's migration
        /// itself: a migrate of ours waits for it first.
        /// </summary>
        private void SettleStartupMigrate()
        {
            Stack.WaitFor("django", s => s.IsRunning);
            using var project = Stack.Open(new KxProjectOptions { InRunningContainer = true });
            project.Migrate().Invoke();
        }

        /// <summary>
        /// The lock script itself on a database that is not PostgreSQL: the sample's own settings on SQLite (a file in the
        /// one-off container, its entrypoint and postgres left out), where the script takes no lock, says so in its line
        /// (which the module turns into the warning "No migration lock: sqlite") and migrates as manage.py would.
        /// </summary>
        [EngineFact]
        public void On_SQLite_the_script_migrates_without_a_lock_and_says_so()
        {
            var arguments = new[] { "run", "--rm", "--no-deps", "-T", "--entrypoint", "python", "-e", "DATABASE_URL=sqlite:////tmp/kx-lock.sqlite3", "django" }
                .Concat(MigrationLock.Command(new[] { "migrate", "--noinput" }, TimeSpan.FromSeconds(5), "kxtest sqlite"))
                .ToList();

            var stdout = Stack.Compose(arguments);

            Assert.Equal(string.Join("\t", MigrationLock.LinePrefix, "unlocked", "sqlite"), stdout.First(line => line.StartsWith(MigrationLock.LinePrefix, StringComparison.Ordinal)));
            Assert.Single(stdout, line => line.StartsWith(MigrationLock.LinePrefix, StringComparison.Ordinal));
            Assert.Contains(stdout, line => line.Trim().StartsWith("Applying ideas.0001_initial", StringComparison.Ordinal));
        }

        /// <summary>Unapplies what the test applied beyond 0001_initial (while its file exists), then removes the file and the ledger.</summary>
        private void Remove(string migration)
        {
            Stack.Compose(new[] { "exec", "-T", "django", "/entrypoint", "python", "manage.py", "migrate", "ideas", "0001_initial", "--noinput" });
            File.Delete(migration);
            var ledger = Path.Combine(Stack.BackendDirectory, ".konnaxion-ops");
            if (Directory.Exists(ledger))
            {
                Directory.Delete(ledger, recursive: true);
            }
        }
    }

    [Collection(EngineCollection.Name)]
    public sealed class MigrationLockComposeV1Tests : MigrationLockEngineTests<ComposeV1Stack>, IClassFixture<ComposeV1Stack>
    {
        public MigrationLockComposeV1Tests(ComposeV1Stack stack)
            : base(stack)
        {
        }
    }

    [Collection(EngineCollection.Name)]
    public sealed class MigrationLockComposeV2Tests : MigrationLockEngineTests<ComposeV2Stack>, IClassFixture<ComposeV2Stack>
    {
        public MigrationLockComposeV2Tests(ComposeV2Stack stack)
            : base(stack)
        {
        }
    }
}
