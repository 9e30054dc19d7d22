using Konnaxion.Ops.Django;
using static Konnaxion.Ops.Tests.Django.DjangoRun;

namespace Konnaxion.Ops.Tests.Django
{
    public class DjangoErrorReaderTests
    {
        // Captured from Django 3.2.25 (Python 3.11): migrate where a RunSQL fails; sqlite's error is chained.
        private const string ChainedSqliteErrorStderr = """
            Traceback (most recent call last):
              File "/usr/lib/python3/dist-packages/django/db/backends/utils.py", line 82, in _execute
                return self.cursor.execute(sql)
                       ^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/backends/sqlite3/base.py", line 421, in execute
                return Database.Cursor.execute(self, query)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            sqlite3.OperationalError: no such table: nope

            The above exception was the direct cause of the following exception:

            Traceback (most recent call last):
              File "/tmp/kxdj/manage.py", line 22, in <module>
                main()
              File "/tmp/kxdj/manage.py", line 18, in main
                execute_from_command_line(sys.argv)
              File "/usr/lib/python3/dist-packages/django/core/management/__init__.py", line 419, in execute_from_command_line
                utility.execute()
              File "/usr/lib/python3/dist-packages/django/core/management/__init__.py", line 413, in execute
                self.fetch_command(subcommand).run_from_argv(self.argv)
              File "/usr/lib/python3/dist-packages/django/core/management/base.py", line 354, in run_from_argv
                self.execute(*args, **cmd_options)
              File "/usr/lib/python3/dist-packages/django/core/management/base.py", line 398, in execute
                output = self.handle(*args, **options)
                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/core/management/base.py", line 89, in wrapped
                res = handle_func(*args, **kwargs)
                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/core/management/commands/migrate.py", line 244, in handle
                post_migrate_state = executor.migrate(
                                     ^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/migrations/executor.py", line 117, in migrate
                state = self._migrate_all_forwards(state, plan, full_plan, fake=fake, fake_initial=fake_initial)
                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/migrations/executor.py", line 147, in _migrate_all_forwards
                state = self.apply_migration(state, migration, fake=fake, fake_initial=fake_initial)
                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/migrations/executor.py", line 227, in apply_migration
                state = migration.apply(state, schema_editor)
                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/migrations/migration.py", line 126, in apply
                operation.database_forwards(self.app_label, schema_editor, old_state, project_state)
              File "/usr/lib/python3/dist-packages/django/db/migrations/operations/special.py", line 105, in database_forwards
                self._run_sql(schema_editor, self.sql)
              File "/usr/lib/python3/dist-packages/django/db/migrations/operations/special.py", line 130, in _run_sql
                schema_editor.execute(statement, params=None)
              File "/usr/lib/python3/dist-packages/django/db/backends/base/schema.py", line 145, in execute
                cursor.execute(sql, params)
              File "/usr/lib/python3/dist-packages/django/db/backends/utils.py", line 98, in execute
                return super().execute(sql, params)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/backends/utils.py", line 66, in execute
                return self._execute_with_wrappers(sql, params, many=False, executor=self._execute)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/backends/utils.py", line 75, in _execute_with_wrappers
                return executor(sql, params, many, context)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/backends/utils.py", line 79, in _execute
                with self.db.wrap_database_errors:
              File "/usr/lib/python3/dist-packages/django/db/utils.py", line 90, in __exit__
                raise dj_exc_value.with_traceback(traceback) from exc_value
              File "/usr/lib/python3/dist-packages/django/db/backends/utils.py", line 82, in _execute
                return self.cursor.execute(sql)
                       ^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/backends/sqlite3/base.py", line 421, in execute
                return Database.Cursor.execute(self, query)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            django.db.utils.OperationalError: no such table: nope
            """;

        // migrate with models that fail the system checks.
        private const string SystemCheckStderr = """
            SystemCheckError: System check identified some issues:

            ERRORS:
            ideas.Broken.name: (fields.E120) CharFields must define a 'max_length' attribute.
            ideas.Broken.when: (fields.E160) The options auto_now, auto_now_add, and default are mutually exclusive. Only one of these options may be present.
            """;

        // migrate --bogus.
        private const string UnrecognizedArgumentStderr = """
            usage: manage.py migrate [-h] [--noinput] [--database DATABASE] [--fake]
                                     [--fake-initial] [--plan] [--run-syncdb] [--check]
                                     [--version] [-v {0,1,2,3}] [--settings SETTINGS]
                                     [--pythonpath PYTHONPATH] [--traceback] [--no-color]
                                     [--force-color] [--skip-checks]
                                     [app_label] [migration_name]
            manage.py migrate: error: unrecognized arguments: --bogus
            """;

        // manage.py migrat.
        private const string UnknownCommandStderr = """
            Unknown command: 'migrat'. Did you mean migrate?
            Type 'manage.py help' for usage.
            """;

        // makemigrations nope nada.
        private const string UnknownAppsStderr = """
            No installed app with label 'nada'.
            No installed app with label 'nope'.
            """;

        // migrate nope.
        private const string UnknownAppCommandErrorStderr = """
            CommandError: No installed app with label 'nope'.
            """;

        // Written in psycopg's format (its message spans lines, the caret indented); not captured.
        private const string PostgresTracebackStderr = """
            Traceback (most recent call last):
              File "/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py", line 105, in _execute
                return self.cursor.execute(sql, params)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            psycopg.errors.UndefinedTable: relation "ideas_idea" does not exist
            LINE 1: SELECT "ideas_idea"."id" FROM "ideas_idea"
                                                  ^

            The above exception was the direct cause of the following exception:

            Traceback (most recent call last):
              File "/app/manage.py", line 31, in <module>
                execute_from_command_line(sys.argv)
              File "/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py", line 105, in _execute
                return self.cursor.execute(sql, params)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            django.db.utils.ProgrammingError: relation "ideas_idea" does not exist
            LINE 1: SELECT "ideas_idea"."id" FROM "ideas_idea"
                                                  ^

            """;

        [Fact]
        public void IgnoresTheExitCodeComposeV1PrintsAfterAFailedRun()
        {
            // docker-compose 1.29 `run`: the container's stderr, then compose's own line with the exit code.
            var error = ReadError("Creating kxtest_django_run ... done\r\nCommandError: No installed app with label 'nope'.\n1\n");

            Assert.NotNull(error);
            Assert.Equal(DjangoErrorKind.CommandError, error.Kind);
            Assert.Equal("No installed app with label 'nope'.", error.Message);
        }

        [Fact]
        public void KeepsTheLastExceptionOfAChain()
        {
            var error = ReadError(ChainedSqliteErrorStderr);

            Assert.NotNull(error);
            Assert.Equal(DjangoErrorKind.UnhandledException, error.Kind);
            Assert.Equal("django.db.utils.OperationalError: no such table: nope", error.Message);
        }

        [Fact]
        public void KeepsEveryLineOfAMultiLineExceptionMessage()
        {
            var error = ReadError(PostgresTracebackStderr);

            Assert.NotNull(error);
            Assert.Equal(
                "django.db.utils.ProgrammingError: relation \"ideas_idea\" does not exist\n"
                + "LINE 1: SELECT \"ideas_idea\".\"id\" FROM \"ideas_idea\"\n"
                + "                                      ^",
                error.Message);
        }

        [Fact]
        public void StripsTheCommandErrorPrefix()
        {
            var error = ReadError("CommandError: Error: That username is already taken.");

            Assert.NotNull(error);
            Assert.Equal(DjangoErrorKind.CommandError, error.Kind);
            Assert.Equal("Error: That username is already taken.", error.Message);
        }

        [Fact]
        public void ReadsACommandErrorStyledForATerminal()
        {
            // With a TTY Django styles stderr red and puts the line break inside the style.
            var error = ReadError(WithCrLf($"{Esc}[31;1mCommandError: Error: That username is already taken.\n{Esc}[0m"));

            Assert.NotNull(error);
            Assert.Equal(DjangoErrorKind.CommandError, error.Kind);
            Assert.Equal("Error: That username is already taken.", error.Message);
        }

        [Fact]
        public void KeepsASystemCheckErrorWhole()
        {
            var error = ReadError(SystemCheckStderr);

            Assert.NotNull(error);
            Assert.Equal(DjangoErrorKind.CommandError, error.Kind);
            Assert.Equal(
                "System check identified some issues:\n\nERRORS:\n"
                + "ideas.Broken.name: (fields.E120) CharFields must define a 'max_length' attribute.\n"
                + "ideas.Broken.when: (fields.E160) The options auto_now, auto_now_add, and default are mutually exclusive. "
                + "Only one of these options may be present.",
                error.Message);
        }

        [Fact]
        public void LeavesOutWhatStderrHeldBeforeTheError()
        {
            // cookiecutter-django's entrypoint reports the database on stderr before Django starts.
            const string stderr = """
                Waiting for PostgreSQL to become available...
                PostgreSQL is available
                CommandError: Conflicting migrations detected; multiple leaf nodes in the migration graph: (0002_a, 0002_b in ideas).
                To fix them run 'python manage.py makemigrations --merge'
                """;

            Assert.Equal(
                "Conflicting migrations detected; multiple leaf nodes in the migration graph: (0002_a, 0002_b in ideas).\n"
                + "To fix them run 'python manage.py makemigrations --merge'",
                ReadError(stderr)?.Message);
        }

        [Fact]
        public void ReadsArgparseErrorsWithoutTheUsage()
        {
            var error = ReadError(UnrecognizedArgumentStderr);

            Assert.NotNull(error);
            Assert.Equal(DjangoErrorKind.Usage, error.Kind);
            Assert.Equal("manage.py migrate: error: unrecognized arguments: --bogus", error.Message);
        }

        [Fact]
        public void ReadsAnUnknownCommandWithoutTheShellAdvice()
        {
            var error = ReadError(UnknownCommandStderr);

            Assert.NotNull(error);
            Assert.Equal(DjangoErrorKind.Usage, error.Kind);
            Assert.Equal("Unknown command: 'migrat'. Did you mean migrate?", error.Message);
        }

        [Fact]
        public void ReadsEveryUnknownAppLabel()
        {
            var error = ReadError(UnknownAppsStderr);

            Assert.NotNull(error);
            Assert.Equal(DjangoErrorKind.Usage, error.Kind);
            Assert.Equal("No installed app with label 'nada'.\nNo installed app with label 'nope'.", error.Message);
        }

        [Fact]
        public void ReadsAnUnknownAppLabelRaisedAsACommandError()
        {
            var error = ReadError(UnknownAppCommandErrorStderr);

            Assert.NotNull(error);
            Assert.Equal(DjangoErrorKind.CommandError, error.Kind);
            Assert.Equal("No installed app with label 'nope'.", error.Message);
        }

        [Fact]
        public void FallsBackToTheLastNonEmptyLine()
        {
            const string stderr = """
                [+] Creating 1/1
                 ✔ Container konnaxion-postgres-1  Running
                  Le service a refusé la connexion 😕

                """;

            var error = ReadError(stderr);

            Assert.NotNull(error);
            Assert.Equal(DjangoErrorKind.Other, error.Kind);
            Assert.Equal("Le service a refusé la connexion 😕", error.Message);
        }

        [Theory]
        [InlineData("")]
        [InlineData("\n\r\n   ")]
        public void IsNullWhenStderrHeldNothing(string stderr)
        {
            Assert.Null(ReadError(stderr));
        }
    }
}
