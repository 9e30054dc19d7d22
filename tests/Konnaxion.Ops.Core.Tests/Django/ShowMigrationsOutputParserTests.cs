using System;
using System.Linq;
using Konnaxion.Ops.Django;
using static Konnaxion.Ops.Tests.Django.DjangoRun;

namespace Konnaxion.Ops.Tests.Django
{
    public class ShowMigrationsOutputParserTests
    {
        // Captured from Django 3.2.25: manage.py showmigrations --list.
        private const string ListStdout = """
            admin
             [X] 0001_initial
             [X] 0002_logentry_remove_auto_add
             [X] 0003_logentry_add_action_flag_choices
            auth
             [X] 0001_initial
             [X] 0002_alter_permission_name_max_length
             [X] 0003_alter_user_email_max_length
             [X] 0004_alter_user_username_opts
             [X] 0005_alter_user_last_login_null
             [X] 0006_require_contenttypes_0002
             [X] 0007_alter_validators_add_error_messages
             [X] 0008_alter_user_username_max_length
             [X] 0009_alter_user_last_name_max_length
             [X] 0010_alter_group_name_max_length
             [X] 0011_update_proxy_permissions
             [X] 0012_alter_user_first_name_max_length
            contenttypes
             [X] 0001_initial
             [X] 0002_remove_content_type_name
            ideas
             [X] 0001_initial
             [X] 0002_auto_summary
             [X] 0003_data
            idées
             [X] 0001_initial
             [X] 0002_alter_réflexion_titre
            sessions
             [X] 0001_initial
            """;

        // showmigrations --list -v 2.
        private const string ListVerbosity2Stdout = """
            admin
             [X] 0001_initial (applied at 2026-11-21 20:13:58)
             [X] 0002_logentry_remove_auto_add (applied at 2026-11-21 20:13:58)
             [X] 0003_logentry_add_action_flag_choices (applied at 2026-11-21 20:13:58)
            auth
             [X] 0001_initial (applied at 2026-11-21 20:13:58)
             [X] 0002_alter_permission_name_max_length (applied at 2026-11-21 20:13:58)
             [X] 0003_alter_user_email_max_length (applied at 2026-11-21 20:13:58)
             [X] 0004_alter_user_username_opts (applied at 2026-11-21 20:13:58)
             [X] 0005_alter_user_last_login_null (applied at 2026-11-21 20:13:58)
             [X] 0006_require_contenttypes_0002 (applied at 2026-11-21 20:13:58)
             [X] 0007_alter_validators_add_error_messages (applied at 2026-11-21 20:13:58)
             [X] 0008_alter_user_username_max_length (applied at 2026-11-21 20:13:58)
             [X] 0009_alter_user_last_name_max_length (applied at 2026-11-21 20:13:58)
             [X] 0010_alter_group_name_max_length (applied at 2026-11-21 20:13:58)
             [X] 0011_update_proxy_permissions (applied at 2026-11-21 20:13:58)
             [X] 0012_alter_user_first_name_max_length (applied at 2026-11-21 20:13:58)
            contenttypes
             [X] 0001_initial (applied at 2026-11-21 20:13:58)
             [X] 0002_remove_content_type_name (applied at 2026-11-21 20:13:58)
            ideas
             [X] 0001_initial (applied at 2026-11-21 20:13:58)
             [X] 0002_auto_summary (applied at 2026-11-21 20:14:02)
             [X] 0003_data (applied at 2026-11-21 20:14:02)
            idées
             [X] 0001_initial (applied at 2026-11-21 20:14:03)
             [X] 0002_alter_réflexion_titre (applied at 2026-11-21 20:14:03)
            sessions
             [X] 0001_initial (applied at 2026-11-21 20:13:58)
            """;

        // showmigrations --plan -v 2: dependencies after " ... ".
        private const string PlanVerbosity2Stdout = """
            [X]  contenttypes.0001_initial
            [X]  auth.0001_initial ... (contenttypes.0001_initial)
            [X]  admin.0001_initial ... (auth.0001_initial, contenttypes.0001_initial)
            [X]  admin.0002_logentry_remove_auto_add ... (admin.0001_initial)
            [X]  admin.0003_logentry_add_action_flag_choices ... (admin.0002_logentry_remove_auto_add)
            [X]  contenttypes.0002_remove_content_type_name ... (contenttypes.0001_initial)
            [X]  auth.0002_alter_permission_name_max_length ... (auth.0001_initial)
            [X]  auth.0003_alter_user_email_max_length ... (auth.0002_alter_permission_name_max_length)
            [X]  auth.0004_alter_user_username_opts ... (auth.0003_alter_user_email_max_length)
            [X]  auth.0005_alter_user_last_login_null ... (auth.0004_alter_user_username_opts)
            [X]  auth.0006_require_contenttypes_0002 ... (auth.0005_alter_user_last_login_null, contenttypes.0002_remove_content_type_name)
            [X]  auth.0007_alter_validators_add_error_messages ... (auth.0006_require_contenttypes_0002)
            [X]  auth.0008_alter_user_username_max_length ... (auth.0007_alter_validators_add_error_messages)
            [X]  auth.0009_alter_user_last_name_max_length ... (auth.0008_alter_user_username_max_length)
            [X]  auth.0010_alter_group_name_max_length ... (auth.0009_alter_user_last_name_max_length)
            [X]  auth.0011_update_proxy_permissions ... (auth.0010_alter_group_name_max_length, contenttypes.0002_remove_content_type_name)
            [X]  auth.0012_alter_user_first_name_max_length ... (auth.0011_update_proxy_permissions)
            [X]  ideas.0001_initial
            [X]  ideas.0002_auto_summary ... (ideas.0001_initial)
            [X]  ideas.0003_data ... (ideas.0002_auto_summary)
            [X]  idées.0001_initial
            [X]  idées.0002_alter_réflexion_titre ... (idées.0001_initial)
            [X]  sessions.0001_initial
            """;

        // showmigrations ideas idées with a squashed migration and one not applied.
        private const string ListWithSquashStdout = """
            ideas
             [X] 0001_squashed_0002_auto_summary (2 squashed migrations)
             [X] 0003_data
             [ ] 0004_tag_model
            idées
             [X] 0001_initial
             [X] 0002_alter_réflexion_titre
            """;

        // showmigrations --plan ideas, the same state.
        private const string PlanWithSquashStdout = """
            [X]  ideas.0001_squashed_0002_auto_summary
            [X]  ideas.0003_data
            [ ]  ideas.0004_tag_model
            """;

        // showmigrations idées --force-color: the app label's reset code starts the next line.
        private const string ListColouredStdout = $$"""
            {{Esc}}[1midées
            {{Esc}}[0m [X] 0001_initial
             [X] 0002_alter_réflexion_titre
            """;

        // showmigrations vide ideas, vide having no migrations folder.
        private const string ListAppWithoutMigrationsStdout = """
            vide
             (no migrations)
            ideas
             [X] 0001_squashed_0002_auto_summary (2 squashed migrations)
             [X] 0003_data
             [ ] 0004_tag_model
            """;

        // showmigrations --plan vide.
        private const string PlanWithoutMigrationsStdout = """
            (no migrations)
            """;

        // Written from Django 4.x/5.x showmigrations source (squash applied but not recorded, -v 2); not captured.
        private const string NewerListVerbosity2Stdout = """
            ideas
             [-] 0001_squashed_0002_auto_summary (2 squashed migrations) Run 'manage.py migrate' to finish recording.
             [X] 0003_data (applied at 2024-01-01 10:00:00)
            """;

        // showmigrations nope.
        private const string UnknownAppStderr = """
            No installed app with label 'nope'.
            """;

        [Fact]
        public void ReadsTheListOfEveryApp()
        {
            var states = Feed(new ShowMigrationsOutputParser(), ListStdout).GetStates();

            Assert.Equal(23, states.Count);
            AssertState(states[0], "admin", "0001_initial", applied: true);
            AssertState(states[3], "auth", "0001_initial", applied: true);
            AssertState(states[21], "idées", "0002_alter_réflexion_titre", applied: true);
            AssertState(states[22], "sessions", "0001_initial", applied: true);
            Assert.All(states, state => Assert.Null(state.AppliedAt));
            Assert.Equal("idées.0002_alter_réflexion_titre", states[21].ToString());
        }

        [Fact]
        public void ReadsWhenEachMigrationWasApplied()
        {
            var states = Feed(new ShowMigrationsOutputParser(), ListVerbosity2Stdout).GetStates();

            Assert.Equal(23, states.Count);
            AssertState(states[0], "admin", "0001_initial", applied: true, appliedAt: new DateTime(2026, 11, 21, 20, 13, 58));
            AssertState(states[19], "ideas", "0003_data", applied: true, appliedAt: new DateTime(2026, 11, 21, 20, 14, 2));
            AssertState(states[20], "idées", "0001_initial", applied: true, appliedAt: new DateTime(2026, 11, 21, 20, 14, 3));
            Assert.Equal(DateTimeKind.Unspecified, states[0].AppliedAt?.Kind);
        }

        [Fact]
        public void ReadsThePlanWithDependencies()
        {
            var states = Feed(new ShowMigrationsOutputParser(), PlanVerbosity2Stdout).GetStates();

            Assert.Equal(23, states.Count);
            AssertState(states[0], "contenttypes", "0001_initial", applied: true);
            AssertState(states[5], "contenttypes", "0002_remove_content_type_name", applied: true);
            AssertState(states[21], "idées", "0002_alter_réflexion_titre", applied: true);
            AssertState(states[22], "sessions", "0001_initial", applied: true);
        }

        [Fact]
        public void ReadsSquashedAndUnappliedMigrationsInTheList()
        {
            var states = Feed(new ShowMigrationsOutputParser(), ListWithSquashStdout).GetStates();

            Assert.Equal(5, states.Count);
            AssertState(states[0], "ideas", "0001_squashed_0002_auto_summary", applied: true);
            AssertState(states[1], "ideas", "0003_data", applied: true);
            AssertState(states[2], "ideas", "0004_tag_model", applied: false);
            AssertState(states[3], "idées", "0001_initial", applied: true);
            AssertState(states[4], "idées", "0002_alter_réflexion_titre", applied: true);
        }

        [Fact]
        public void ReadsSquashedAndUnappliedMigrationsInThePlan()
        {
            var states = Feed(new ShowMigrationsOutputParser(), PlanWithSquashStdout).GetStates();

            Assert.Equal(3, states.Count);
            AssertState(states[0], "ideas", "0001_squashed_0002_auto_summary", applied: true);
            AssertState(states[1], "ideas", "0003_data", applied: true);
            AssertState(states[2], "ideas", "0004_tag_model", applied: false);
        }

        [Fact]
        public void ReadsASquashNotYetRecorded()
        {
            var states = Feed(new ShowMigrationsOutputParser(), NewerListVerbosity2Stdout).GetStates();

            Assert.Equal(2, states.Count);
            AssertState(states[0], "ideas", "0001_squashed_0002_auto_summary", applied: true, recordingIncomplete: true);
            AssertState(states[1], "ideas", "0003_data", applied: true, appliedAt: new DateTime(2024, 1, 1, 10, 0, 0));
        }

        [Fact]
        public void ReadsColouredAndCrLfOutput()
        {
            var states = Feed(new ShowMigrationsOutputParser(), WithCrLf(ListColouredStdout)).GetStates();

            Assert.Equal(new[] { "idées.0001_initial", "idées.0002_alter_réflexion_titre" }, states.Select(state => state.ToString()));
        }

        [Fact]
        public void SkipsAppsWithoutMigrations()
        {
            var states = Feed(new ShowMigrationsOutputParser(), ListAppWithoutMigrationsStdout).GetStates();

            Assert.Equal(new[] { "ideas.0001_squashed_0002_auto_summary", "ideas.0003_data", "ideas.0004_tag_model" },
                states.Select(state => state.ToString()));
        }

        [Fact]
        public void ReadsAnEmptyPlan()
        {
            Assert.Empty(Feed(new ShowMigrationsOutputParser(), PlanWithoutMigrationsStdout).GetStates());
        }

        [Fact]
        public void ReportsAnUnknownAppLabelFromStderr()
        {
            var parser = Feed(new ShowMigrationsOutputParser(), string.Empty, UnknownAppStderr);

            Assert.Empty(parser.GetStates());
            Assert.Equal("No installed app with label 'nope'.", parser.GetError()?.Message);
        }

        private static void AssertState(KxMigrationState state, string app, string name, bool applied,
            bool recordingIncomplete = false, DateTime? appliedAt = null)
        {
            Assert.Equal(app, state.App);
            Assert.Equal(name, state.Name);
            Assert.Equal(applied, state.Applied);
            Assert.Equal(recordingIncomplete, state.RecordingIncomplete);
            Assert.Equal(appliedAt, state.AppliedAt);
        }
    }
}
