using System;
using System.IO;
using System.Linq;
using System.Text;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Tests.Engine;
using Konnaxion.Ops.Tests.Integration;
using Konnaxion.Ops.Tests.Processes;

namespace Konnaxion.Ops.Tests.Migrations
{
    /// <summary>
    /// The migration lock's command and what its script's lines become (progress, a warning, MigrationLocked), alone and
    /// through KxProject.Migrate with a fake runner; the script itself runs against the real engine in MigrationLockTests.
    /// </summary>
    public sealed class MigrationLockTests
    {
        private const string Tab = "\t";
        private static readonly string Backend = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend");

        [Fact]
        public void The_command_is_the_fixed_script_then_the_timeout_the_holder_and_migrates_arguments()
        {
            var command = MigrationLock.Command(new[] { "migrate", "--noinput", "ideas", "0002_vote", "--fake" }, TimeSpan.FromSeconds(2.5), "konnaxion-ops migrate a@b pid 1");

            Assert.Equal(new[] { "-c", MigrationLock.Script, "3", "konnaxion-ops migrate a@b pid 1", "migrate", "--noinput", "ideas", "0002_vote", "--fake" }, command);
            Assert.DoesNotContain("\"", MigrationLock.Script);
            Assert.Contains($"pg_try_advisory_lock({MigrationLock.Key})", MigrationLock.Script);
            Assert.DoesNotContain("pg_advisory_lock(", MigrationLock.Script);
            Assert.DoesNotContain("xact", MigrationLock.Script);
            Assert.Throws<ArgumentOutOfRangeException>(() => MigrationLock.Command(new[] { "migrate" }, TimeSpan.FromSeconds(-1), "x"));
        }

        [Theory]
        [InlineData("ci", "runner-7", 4242, "konnaxion-ops migrate ci@runner-7 pid 4242")]
        [InlineData("Zoé Tremblay", "poste", 12, "konnaxion-ops migrate Zo??Tremblay@poste pid 12")]
        public void The_holder_says_who_and_where_in_printable_ascii(string user, string host, int pid, string expected) =>
            Assert.Equal(expected, MigrationLock.HolderName(user, host, pid));

        [Fact]
        public void A_long_holder_keeps_its_pid_within_postgresqls_63_bytes()
        {
            var holder = MigrationLock.HolderName(new string('u', 40), new string('h', 40), int.MaxValue);

            Assert.Equal(MigrationLock.MaxHolderLength, Encoding.UTF8.GetByteCount(holder));
            Assert.EndsWith(" pid 2147483647", holder);
            Assert.StartsWith("konnaxion-ops migrate uuuu", holder);
            Assert.Equal(MigrationLock.HolderName(), MigrationLock.HolderName());
        }

        [Fact]
        public void Waiting_becomes_one_verbose_line_and_progress_until_the_lock_is_taken_and_other_lines_pass_through()
        {
            var recorded = new RecordingOutput();
            var output = new MigrationLockOutput(recorded, TimeSpan.FromMinutes(10), "the local database");

            output.WriteProcessLine(Line("PostgreSQL is available"));
            output.WriteProcessLine(Line(string.Join(Tab, "KX-MIGRATION-LOCK", "waiting", "311", "konnaxion-ops migrate ci@runner pid 9", "172.18.0.5", "1796150412")));
            output.WriteProcessLine(Line(string.Join(Tab, "KX-MIGRATION-LOCK", "waiting", "311", "konnaxion-ops migrate ci@runner pid 9", "172.18.0.5", "1796150412")));
            output.WriteProcessLine(Line(string.Join(Tab, "KX-MIGRATION-LOCK", "locked")));
            output.WriteProcessLine(Line("Operations to perform:"));
            output.WriteProcessLine(new ProcessLine(ProcessStream.StandardError, "KX-MIGRATION-LOCK" + Tab + "waiting"));
            output.ThrowIfTimedOut();

            Assert.Equal(new[] { "PostgreSQL is available", "Operations to perform:", "KX-MIGRATION-LOCK\twaiting" }, recorded.ProcessLines.Select(l => l.Text));
            const string holder = "'konnaxion-ops migrate ci@runner pid 9' from 172.18.0.5, database pid 311, connected since 2026-12-01 18:40:12Z";
            Assert.Equal("Waiting for the migration lock of the local database: another migrate holds it (" + holder + "); waiting up to 600 s.", recorded.Verbose[0]);
            Assert.Matches("^Took the migration lock of the local database after waiting [0-9.]+ s\\.$", recorded.Verbose[1]);
            Assert.Equal(new[] { ("Held by " + holder, false), ("Held by " + holder, false), ("Done", true) }, recorded.Progress.Select(p => (p.Status, p.Completed)));
            Assert.Empty(recorded.Warnings);
        }

        [Fact]
        public void Another_database_vendor_is_a_warning_and_no_lock()
        {
            var recorded = new RecordingOutput();
            var output = new MigrationLockOutput(recorded, TimeSpan.FromMinutes(10), "the local database");

            output.WriteProcessLine(Line("KX-MIGRATION-LOCK" + Tab + "unlocked" + Tab + "sqlite"));

            Assert.StartsWith("No migration lock: sqlite. ", Assert.Single(recorded.Warnings));
            Assert.Empty(recorded.ProcessLines);
            Assert.Empty(recorded.Progress);
        }

        [Fact]
        public void A_timeout_is_MigrationLocked_naming_the_holder_and_how_to_end_a_stale_session()
        {
            var output = new MigrationLockOutput(new RecordingOutput(), TimeSpan.FromSeconds(2), "the production database");
            output.WriteProcessLine(Line(string.Join(Tab, "KX-MIGRATION-LOCK", "timeout", "77", "psql", string.Empty, "1796150412")));

            var error = Assert.Throws<KxException>(() => output.ThrowIfTimedOut());

            Assert.Equal((KxErrorIds.MigrationLocked, KxErrorCategory.ResourceUnavailable), (error.ErrorId, error.Category));
            Assert.Equal("'psql', database pid 77, connected since 2026-12-01 18:40:12Z", error.TargetObject);
            Assert.StartsWith("Waited 2 s for the migration lock of the production database, which another migrate holds: 'psql', database pid 77, connected since 2026-12-01 18:40:12Z. ",
                error.Message);
            Assert.EndsWith("end it with SELECT pg_terminate_backend(77) and run again.", error.RecommendedAction);
        }

        [Fact]
        public void Migrate_runs_under_the_lock_warns_on_sqlite_and_fails_with_MigrationLocked_before_touching_the_ledger()
        {
            var runner = new FakeProcessRunner().On("docker compose version", 0, "Docker Compose version 2.26.1-4");
            using var project = KxProject.Open(Backend, KxEnvironment.Local, new KxProjectOptions
            {
                Compose = ComposeFlavor.V2, ProjectName = "kxlock", ProcessRunner = runner, Engine = new FakeDockerEngine(),
            });
            var ledger = Path.Combine(Backend, MigrationLedger.RelativePath);
            var before = File.Exists(ledger) ? File.ReadAllText(ledger) : null;
            var migrate = project.Migrate(new KxMigrateOptions { LockTimeout = TimeSpan.FromSeconds(5) });
            var sqlite = new RecordingOutput();

            runner.Otherwise = _ => FakeResponse.Ok("KX-MIGRATION-LOCK" + Tab + "unlocked" + Tab + "sqlite", "Running migrations:", "  No migrations to apply.");
            Assert.Empty(migrate.Invoke(sqlite));
            runner.Otherwise = _ => new FakeResponse(MigrationLock.TimedOutExitCode, Line(string.Join(Tab, "KX-MIGRATION-LOCK", "timeout", "77", "psql", "10.0.0.9", "1796150412")));
            var error = Assert.Throws<KxException>(() => migrate.Invoke());

            var arguments = runner.Calls.Last().Arguments.ToList();
            var script = arguments.IndexOf("-c");
            Assert.Equal(new[] { "django", "python", "-c", MigrationLock.Script, "5" }, arguments.Skip(script - 2).Take(5));
            Assert.Equal(new[] { MigrationLock.HolderName(), "migrate", "--noinput" }, arguments.Skip(script + 3));
            Assert.StartsWith("No migration lock: sqlite.", Assert.Single(sqlite.Warnings));
            Assert.DoesNotContain(sqlite.ProcessLines, line => line.Text.StartsWith("KX-MIGRATION-LOCK", StringComparison.Ordinal));
            Assert.Equal((KxErrorIds.MigrationLocked, "'psql' from 10.0.0.9, database pid 77, connected since 2026-12-01 18:40:12Z"), (error.ErrorId, error.TargetObject));
            Assert.Equal(before, File.Exists(ledger) ? File.ReadAllText(ledger) : null);
            Assert.EndsWith(" -T django python manage.py migrate --noinput --plan", project.Migrate(new KxMigrateOptions { Mode = KxMigrateMode.Plan }).CommandLines.Single());
        }

        [Fact]
        public void Only_the_lock_script_runs_as_python_itself_a_manage_py_command_that_looks_like_one_does_not()
        {
            var runner = new FakeProcessRunner().On("docker compose version", 0, "Docker Compose version 2.26.1-4");
            using var project = KxProject.Open(Backend, KxEnvironment.Local, new KxProjectOptions
            {
                Compose = ComposeFlavor.V2, ProjectName = "kxlock", ProcessRunner = runner, Engine = new FakeDockerEngine(),
            });

            Assert.EndsWith(" -T django python manage.py -c print(1)", project.Manage(new[] { "-c", "print(1)" }).CommandLines.Single());
            Assert.Contains(" -T django python -c ", project.Migrate().CommandLines.Single());
        }

        private static ProcessLine Line(string text) => new ProcessLine(ProcessStream.StandardOutput, text);
    }
}
