using System.Linq;
using Konnaxion.Ops.Django;
using static Konnaxion.Ops.Tests.Django.DjangoRun;

namespace Konnaxion.Ops.Tests.Django
{
    public class MigrateOutputParserTests
    {
        // Captured from Django 3.2.25: manage.py migrate on an empty database.
        private const string InitialStdout = """
            Operations to perform:
              Apply all migrations: admin, auth, contenttypes, ideas, idées, sessions
            Running migrations:
              Applying contenttypes.0001_initial... OK
              Applying auth.0001_initial... OK
              Applying admin.0001_initial... OK
              Applying admin.0002_logentry_remove_auto_add... OK
              Applying admin.0003_logentry_add_action_flag_choices... OK
              Applying contenttypes.0002_remove_content_type_name... OK
              Applying auth.0002_alter_permission_name_max_length... OK
              Applying auth.0003_alter_user_email_max_length... OK
              Applying auth.0004_alter_user_username_opts... OK
              Applying auth.0005_alter_user_last_login_null... OK
              Applying auth.0006_require_contenttypes_0002... OK
              Applying auth.0007_alter_validators_add_error_messages... OK
              Applying auth.0008_alter_user_username_max_length... OK
              Applying auth.0009_alter_user_last_name_max_length... OK
              Applying auth.0010_alter_group_name_max_length... OK
              Applying auth.0011_update_proxy_permissions... OK
              Applying auth.0012_alter_user_first_name_max_length... OK
              Applying ideas.0001_initial... OK
              Applying idées.0001_initial... OK
              Applying sessions.0001_initial... OK
            """;

        // migrate -v 2: durations, pre/post-migrate handlers, and a RunPython that prints between "..." and " OK".
        private const string Verbosity2Stdout = """
            Operations to perform:
              Apply all migrations: admin, auth, contenttypes, ideas, idées, sessions
            Running pre-migrate handlers for application admin
            Running pre-migrate handlers for application auth
            Running pre-migrate handlers for application contenttypes
            Running pre-migrate handlers for application sessions
            Running pre-migrate handlers for application ideas
            Running pre-migrate handlers for application idées
            Running migrations:
              Applying ideas.0002_auto_summary... OK (0.007s)
              Applying ideas.0003_data...Migrating 0 rows
            Migrating 0 rows
             OK (0.022s)
              Applying idées.0002_alter_réflexion_titre... OK (0.005s)
            Running post-migrate handlers for application admin
            Running post-migrate handlers for application auth
            Running post-migrate handlers for application contenttypes
            Running post-migrate handlers for application sessions
            Running post-migrate handlers for application ideas
            Adding content type 'ideas | vote'
            Adding permission 'Permission object (None)'
            Adding permission 'Permission object (None)'
            Adding permission 'Permission object (None)'
            Adding permission 'Permission object (None)'
            Running post-migrate handlers for application idées
            """;

        // migrate ideas --fake.
        private const string FakeStdout = """
            Operations to perform:
              Apply all migrations: ideas
            Running migrations:
              Applying ideas.0002_auto_summary... FAKED
              Applying ideas.0003_data... FAKED
            """;

        // migrate ideas 0001: unapplies after rendering model states.
        private const string UnapplyStdout = """
            Operations to perform:
              Target specific migration: 0001_initial, from ideas
            Running migrations:
              Rendering model states... DONE
              Unapplying ideas.0003_data... OK
              Unapplying ideas.0002_auto_summary... OK
            """;

        // migrate idées zero --force-color.
        private const string UnapplyZeroColouredStdout = $$"""
            {{Esc}}[36;1mOperations to perform:{{Esc}}[0m
            {{Esc}}[1m  Unapply all migrations: {{Esc}}[0midées
            {{Esc}}[36;1mRunning migrations:{{Esc}}[0m
              Rendering model states...{{Esc}}[32;1m DONE{{Esc}}[0m
              Unapplying idées.0002_alter_réflexion_titre...{{Esc}}[32;1m OK{{Esc}}[0m
              Unapplying idées.0001_initial...{{Esc}}[32;1m OK{{Esc}}[0m
            """;

        // migrate idées 0001_initial.
        private const string TargetStdout = """
            Operations to perform:
              Target specific migration: 0001_initial, from idées
            Running migrations:
              Applying idées.0001_initial... OK
            """;

        // migrate --run-syncdb with an app that has no migrations.
        private const string RunSyncdbStdout = """
            Operations to perform:
              Synchronize unmigrated apps: messages, staticfiles, vide
              Apply all migrations: admin, auth, contenttypes, ideas, idées, sessions
            Synchronizing apps without migrations:
              Creating tables...
                Running deferred SQL...
            Running migrations:
              Applying ideas.0004_tag_model... OK
            """;

        // migrate --force-color with nothing to apply and a model changed without a migration.
        private const string NothingToApplyColouredStdout = $$"""
            {{Esc}}[36;1mOperations to perform:{{Esc}}[0m
            {{Esc}}[1m  Apply all migrations: {{Esc}}[0madmin, auth, contenttypes, ideas, idées, sessions
            {{Esc}}[36;1mRunning migrations:{{Esc}}[0m
              No migrations to apply.
            {{Esc}}[31m  Your models in app(s): 'ideas' have changes that are not yet reflected in a migration, and so won't be applied.{{Esc}}[0m
            {{Esc}}[31m  Run 'manage.py makemigrations' to make new migrations, and then re-run 'manage.py migrate' to apply them.{{Esc}}[0m
            """;

        // migrate where ideas.0004_bad's RunPython raises: stdout stops after "...", the traceback is on stderr.
        private const string FailingMigrationStdout = """
            Operations to perform:
              Apply all migrations: admin, auth, contenttypes, ideas, idées, sessions
            Running migrations:
              Applying ideas.0004_bad...
            """;

        private const string FailingMigrationStderr = """
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
              File "/usr/lib/python3/dist-packages/django/db/migrations/operations/special.py", line 190, in database_forwards
                self.code(from_state.apps, schema_editor)
              File "/tmp/kxdj/konnaxion/ideas/migrations/0004_bad.py", line 5, in explode
                raise RuntimeError("Données invalides 🚫\nligne 2 : détail")
            RuntimeError: Données invalides 🚫
            ligne 2 : détail
            """;

        // migrate ideas 0001 where 0003_data's RunPython has no reverse code.
        private const string IrreversibleUnapplyStdout = """
            Operations to perform:
              Target specific migration: 0001_initial, from ideas
            Running migrations:
              Rendering model states... DONE
              Unapplying ideas.0003_data...
            """;

        private const string IrreversibleUnapplyStderr = """
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
              File "/usr/lib/python3/dist-packages/django/db/migrations/executor.py", line 121, in migrate
                state = self._migrate_all_backwards(plan, full_plan, fake=fake)
                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/migrations/executor.py", line 196, in _migrate_all_backwards
                self.unapply_migration(states[migration], migration, fake=fake)
              File "/usr/lib/python3/dist-packages/django/db/migrations/executor.py", line 252, in unapply_migration
                state = migration.unapply(state, schema_editor)
                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/migrations/migration.py", line 149, in unapply
                raise IrreversibleError("Operation %s in %s is not reversible" % (operation, self))
            django.db.migrations.exceptions.IrreversibleError: Operation <RunPython <function forwards at 0x7f26d8f465c0>> in ideas.0003_data is not reversible
            """;

        // migrate --plan.
        private const string PlanStdout = """
            Planned operations:
            ideas.0002_auto_summary
                Add field summary to idea
                Create model Vote
            ideas.0003_data
                Raw Python operation -> Fill summaries
                Raw SQL operation -> SELECT 1
                Raw Python operation -> Fill summaries
            idées.0002_alter_réflexion_titre
                Alter field titre on réflexion
            """;

        // migrate ideas 0001 --plan, first RunPython without reverse code.
        private const string BackwardsPlanStdout = """
            Planned operations:
            ideas.0003_data
                Raw Python operation -> IRREVERSIBLE
                Raw SQL operation -> SELECT 2
                Raw Python operation
            ideas.0002_auto_summary
                Undo Add field summary to idea
                Undo Create model Vote
            """;

        // migrate ideas 0004 --plan where 0005_backfill has neither reverse code nor reverse SQL.
        private const string BackwardsPlanIrreversibleOnlyStdout = """
            Planned operations:
            ideas.0005_backfill
                Raw Python operation -> IRREVERSIBLE
                Raw SQL operation -> IRREVERSIBLE
            """;

        // migrate ideas 0001 --plan after giving 0003_data's RunPython reverse code (RunPython.noop).
        private const string BackwardsPlanWithNoopStdout = """
            Planned operations:
            ideas.0003_data
                Raw Python operation
                Raw SQL operation -> SELECT 2
                Raw Python operation
            ideas.0002_auto_summary
                Undo Add field summary to idea
                Undo Create model Vote
            """;

        // migrate --plan with everything applied.
        private const string EmptyPlanStdout = """
            Planned operations:
              No planned migration operations.
            """;

        // migrate idées zero --plan --force-color: Django styles each line with its break, so the reset starts the next.
        private const string BackwardsPlanColouredStdout = $$"""
            {{Esc}}[1mPlanned operations:
            {{Esc}}[0m{{Esc}}[36;1midées.0002_alter_réflexion_titre
            {{Esc}}[0m    Undo Alter field titre on réflexion
            {{Esc}}[36;1midées.0001_initial
            {{Esc}}[0m    Undo Create model Réflexion
            """;

        [Fact]
        public void ReadsEveryAppliedMigrationInOrder()
        {
            var steps = Feed(new MigrateOutputParser(), InitialStdout).GetSteps();

            Assert.Equal(20, steps.Count);
            AssertStep(steps[0], "contenttypes", "0001_initial", KxMigrationAction.Apply, KxMigrationOutcome.Applied);
            AssertStep(steps[17], "ideas", "0001_initial", KxMigrationAction.Apply, KxMigrationOutcome.Applied);
            AssertStep(steps[18], "idées", "0001_initial", KxMigrationAction.Apply, KxMigrationOutcome.Applied);
            AssertStep(steps[19], "sessions", "0001_initial", KxMigrationAction.Apply, KxMigrationOutcome.Applied);
            Assert.All(steps, step => Assert.Empty(step.Operations));
        }

        [Fact]
        public void ReadsDurationsAndOutputTheMigrationPrinted()
        {
            var steps = Feed(new MigrateOutputParser(), Verbosity2Stdout).GetSteps();

            Assert.Equal(new[] { "ideas.0002_auto_summary", "ideas.0003_data", "idées.0002_alter_réflexion_titre" },
                steps.Select(step => step.ToString()));
            Assert.All(steps, step => Assert.Equal(KxMigrationOutcome.Applied, step.Outcome));
        }

        [Fact]
        public void ReadsFakedMigrations()
        {
            var steps = Feed(new MigrateOutputParser(), FakeStdout).GetSteps();

            Assert.Equal(2, steps.Count);
            AssertStep(steps[0], "ideas", "0002_auto_summary", KxMigrationAction.Apply, KxMigrationOutcome.Faked);
            AssertStep(steps[1], "ideas", "0003_data", KxMigrationAction.Apply, KxMigrationOutcome.Faked);
        }

        [Fact]
        public void ReadsUnappliedMigrations()
        {
            var steps = Feed(new MigrateOutputParser(), UnapplyStdout).GetSteps();

            Assert.Equal(2, steps.Count);
            AssertStep(steps[0], "ideas", "0003_data", KxMigrationAction.Unapply, KxMigrationOutcome.Applied);
            AssertStep(steps[1], "ideas", "0002_auto_summary", KxMigrationAction.Unapply, KxMigrationOutcome.Applied);
        }

        [Fact]
        public void ReadsColouredOutput()
        {
            var steps = Feed(new MigrateOutputParser(), UnapplyZeroColouredStdout).GetSteps();

            Assert.Equal(2, steps.Count);
            AssertStep(steps[0], "idées", "0002_alter_réflexion_titre", KxMigrationAction.Unapply, KxMigrationOutcome.Applied);
            AssertStep(steps[1], "idées", "0001_initial", KxMigrationAction.Unapply, KxMigrationOutcome.Applied);
        }

        [Fact]
        public void ReadsCrLfLines()
        {
            var steps = Feed(new MigrateOutputParser(), WithCrLf(UnapplyZeroColouredStdout)).GetSteps();

            Assert.Equal(new[] { "idées.0002_alter_réflexion_titre", "idées.0001_initial" }, steps.Select(step => step.ToString()));
            Assert.All(steps, step => Assert.Equal(KxMigrationOutcome.Applied, step.Outcome));
        }

        [Fact]
        public void ReadsATargetedMigration()
        {
            var step = Assert.Single(Feed(new MigrateOutputParser(), TargetStdout).GetSteps());

            AssertStep(step, "idées", "0001_initial", KxMigrationAction.Apply, KxMigrationOutcome.Applied);
        }

        [Fact]
        public void IgnoresTheSyncdbPhase()
        {
            var step = Assert.Single(Feed(new MigrateOutputParser(), RunSyncdbStdout).GetSteps());

            AssertStep(step, "ideas", "0004_tag_model", KxMigrationAction.Apply, KxMigrationOutcome.Applied);
        }

        [Fact]
        public void ReadsTheAppsAMigrateWithoutTargetBringsUpToDate()
        {
            Assert.Equal(new[] { "admin", "auth", "contenttypes", "ideas", "idées", "sessions" },
                Feed(new MigrateOutputParser(), InitialStdout).AppsMigratedFully);
            Assert.Equal(new[] { "admin", "auth", "contenttypes", "ideas", "idées", "sessions" },
                Feed(new MigrateOutputParser(), NothingToApplyColouredStdout).AppsMigratedFully);
        }

        [Fact]
        public void AMigrateToATargetBringsNoAppFullyUpToDate()
        {
            Assert.Empty(Feed(new MigrateOutputParser(), TargetStdout).AppsMigratedFully);
            Assert.Empty(Feed(new MigrateOutputParser(), UnapplyStdout).AppsMigratedFully);
        }

        [Fact]
        public void ReadsTheAppsWithChangesNoMigrationHolds()
        {
            var parser = Feed(new MigrateOutputParser(), NothingToApplyColouredStdout);

            Assert.Empty(parser.GetSteps());
            Assert.False(parser.IsPlan);
            Assert.Equal(new[] { "ideas" }, parser.AppsWithUnmigratedChanges);
        }

        [Fact]
        public void ReadsSeveralAppsWithChangesNoMigrationHolds()
        {
            const string stdout = """
                Operations to perform:
                  Apply all migrations: admin, auth, contenttypes, ideas, idées, sessions
                Running migrations:
                  No migrations to apply.
                  Your models in app(s): 'ideas', 'idées' have changes that are not yet reflected in a migration, and so won't be applied.
                  Run 'manage.py makemigrations' to make new migrations, and then re-run 'manage.py migrate' to apply them.
                """;

            var parser = Feed(new MigrateOutputParser(), stdout);

            Assert.Empty(parser.GetSteps());
            Assert.Equal(new[] { "ideas", "idées" }, parser.AppsWithUnmigratedChanges);
        }

        [Fact]
        public void MarksTheMigrationThatRaisedAsFailedAndReadsItsError()
        {
            var parser = Feed(new MigrateOutputParser(), FailingMigrationStdout, FailingMigrationStderr);

            var step = Assert.Single(parser.GetSteps());
            AssertStep(step, "ideas", "0004_bad", KxMigrationAction.Apply, KxMigrationOutcome.Failed);
            var error = parser.GetError();
            Assert.NotNull(error);
            Assert.Equal(DjangoErrorKind.UnhandledException, error.Kind);
            Assert.Equal("RuntimeError: Données invalides 🚫\nligne 2 : détail", error.Message);
        }

        [Fact]
        public void MarksAFailedUnapplyAfterTheOnesThatSucceeded()
        {
            var parser = Feed(new MigrateOutputParser(), IrreversibleUnapplyStdout, IrreversibleUnapplyStderr);

            var step = Assert.Single(parser.GetSteps());
            AssertStep(step, "ideas", "0003_data", KxMigrationAction.Unapply, KxMigrationOutcome.Failed);
            Assert.StartsWith("django.db.migrations.exceptions.IrreversibleError: Operation <RunPython", parser.GetError()?.Message);
        }

        [Fact]
        public void ReadsSuccessAfterOutputWithoutALineBreak()
        {
            // A migration that prints with end="" leaves Django's " OK" at the end of its own text.
            const string stdout = """
                Running migrations:
                  Applying ideas.0003_data...Migrating 0 rows OK
                  Applying ideas.0004_more...
                Done. FAKED (0.010s)
                """;

            var steps = Feed(new MigrateOutputParser(), stdout).GetSteps();

            Assert.Equal(2, steps.Count);
            AssertStep(steps[0], "ideas", "0003_data", KxMigrationAction.Apply, KxMigrationOutcome.Applied);
            AssertStep(steps[1], "ideas", "0004_more", KxMigrationAction.Apply, KxMigrationOutcome.Faked);
        }

        [Fact]
        public void CountsAMigrationAsAppliedOnceDjangoStartsTheNext()
        {
            // Django starts a migration only after reporting the previous one, so a lost " OK" still means success.
            const string stdout = """
                Running migrations:
                  Applying ideas.0001_initial...
                  Applying ideas.0002_auto_summary... OK
                """;

            var steps = Feed(new MigrateOutputParser(), stdout).GetSteps();

            Assert.Equal(2, steps.Count);
            AssertStep(steps[0], "ideas", "0001_initial", KxMigrationAction.Apply, KxMigrationOutcome.Applied);
            AssertStep(steps[1], "ideas", "0002_auto_summary", KxMigrationAction.Apply, KxMigrationOutcome.Applied);
        }

        [Fact]
        public void ReadsAForwardsPlanWithItsOperations()
        {
            var parser = Feed(new MigrateOutputParser(), PlanStdout);

            Assert.True(parser.IsPlan);
            var steps = parser.GetSteps();
            Assert.Equal(3, steps.Count);
            AssertStep(steps[0], "ideas", "0002_auto_summary", KxMigrationAction.Apply, KxMigrationOutcome.Planned,
                "Add field summary to idea", "Create model Vote");
            AssertStep(steps[1], "ideas", "0003_data", KxMigrationAction.Apply, KxMigrationOutcome.Planned,
                "Raw Python operation -> Fill summaries", "Raw SQL operation -> SELECT 1", "Raw Python operation -> Fill summaries");
            AssertStep(steps[2], "idées", "0002_alter_réflexion_titre", KxMigrationAction.Apply, KxMigrationOutcome.Planned,
                "Alter field titre on réflexion");
        }

        [Fact]
        public void ReadsABackwardsPlanMarkedIrreversible()
        {
            var steps = Feed(new MigrateOutputParser(), BackwardsPlanStdout).GetSteps();

            Assert.Equal(2, steps.Count);
            AssertStep(steps[0], "ideas", "0003_data", KxMigrationAction.Unapply, KxMigrationOutcome.Planned,
                "Raw Python operation -> IRREVERSIBLE", "Raw SQL operation -> SELECT 2", "Raw Python operation");
            AssertStep(steps[1], "ideas", "0002_auto_summary", KxMigrationAction.Unapply, KxMigrationOutcome.Planned,
                "Undo Add field summary to idea", "Undo Create model Vote");
        }

        [Fact]
        public void ReadsABackwardsPlanOfIrreversibleOperations()
        {
            var step = Assert.Single(Feed(new MigrateOutputParser(), BackwardsPlanIrreversibleOnlyStdout).GetSteps());

            AssertStep(step, "ideas", "0005_backfill", KxMigrationAction.Unapply, KxMigrationOutcome.Planned,
                "Raw Python operation -> IRREVERSIBLE", "Raw SQL operation -> IRREVERSIBLE");
        }

        [Fact]
        public void ReadsABackwardsPlanFromItsUndoOperations()
        {
            var steps = Feed(new MigrateOutputParser(), BackwardsPlanWithNoopStdout).GetSteps();

            Assert.Equal(new[] { KxMigrationAction.Unapply, KxMigrationAction.Unapply }, steps.Select(step => step.Action));
            Assert.Equal(new[] { "Raw Python operation", "Raw SQL operation -> SELECT 2", "Raw Python operation" }, steps[0].Operations);
        }

        [Fact]
        public void ReadsAnEmptyPlan()
        {
            var parser = Feed(new MigrateOutputParser(), EmptyPlanStdout);

            Assert.True(parser.IsPlan);
            Assert.Empty(parser.GetSteps());
        }

        [Fact]
        public void ReadsAPlanWithColoursAndCrLf()
        {
            var steps = Feed(new MigrateOutputParser(), WithCrLf(BackwardsPlanColouredStdout)).GetSteps();

            Assert.Equal(2, steps.Count);
            AssertStep(steps[0], "idées", "0002_alter_réflexion_titre", KxMigrationAction.Unapply, KxMigrationOutcome.Planned,
                "Undo Alter field titre on réflexion");
            AssertStep(steps[1], "idées", "0001_initial", KxMigrationAction.Unapply, KxMigrationOutcome.Planned,
                "Undo Create model Réflexion");
        }

        private static void AssertStep(KxMigrationStep step, string app, string name, KxMigrationAction action,
            KxMigrationOutcome outcome, params string[] operations)
        {
            Assert.Equal(app, step.App);
            Assert.Equal(name, step.Name);
            Assert.Equal(action, step.Action);
            Assert.Equal(outcome, step.Outcome);
            Assert.Equal(operations, step.Operations);
        }
    }
}
