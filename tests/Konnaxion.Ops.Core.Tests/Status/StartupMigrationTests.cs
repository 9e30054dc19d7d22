using System;
using System.Linq;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Status;

namespace Konnaxion.Ops.Tests.Status
{
    public sealed class StartupMigrationTests
    {
        private static readonly TimeSpan JustStarted = TimeSpan.FromSeconds(2);

        [Fact]
        public void The_entrypoint_still_waiting_for_postgres_is_a_start_in_progress()
        {
            var reason = StartupMigration.WhyWait(Processes(
                ("4100", "4000", "bash /entrypoint /start"),
                ("4150", "4100", "python -")), JustStarted);

            Assert.Equal("its main process is still the start script 'bash /entrypoint /start', which has not handed over to the server", reason);
        }

        [Fact]
        public void The_start_scripts_migrate_is_waited_for()
        {
            var reason = StartupMigration.WhyWait(Processes(
                ("4100", "4000", "/bin/bash /start"),
                ("4200", "4100", "python manage.py migrate")), TimeSpan.FromMinutes(5));

            Assert.Equal("it is running 'python manage.py migrate'", reason);
        }

        [Theory]
        [InlineData("python /app/manage.py migrate --noinput")]
        [InlineData("/usr/local/bin/django-admin migrate")]
        public void Any_migrate_in_the_container_is_waited_for_even_in_another_exec_session(string command)
        {
            var reason = StartupMigration.WhyWait(Processes(
                ("4100", "4000", "python manage.py runserver 0.0.0.0:8000"),
                ("5000", "3999", command)), TimeSpan.FromMinutes(5));

            Assert.Equal($"it is running '{command}'", reason);
        }

        [Fact]
        public void A_server_that_took_over_from_the_start_script_means_the_start_is_done()
        {
            Assert.Null(StartupMigration.WhyWait(Processes(
                ("4100", "4000", "python manage.py runserver 0.0.0.0:8000"),
                ("4180", "4100", "/usr/bin/python3 manage.py runserver 0.0.0.0:8000"),
                ("5000", "3999", "sh -c cat /proc/1/cmdline")), JustStarted));
        }

        [Fact]
        public void Migrate_in_other_words_is_not_a_migrate()
        {
            Assert.Null(StartupMigration.WhyWait(Processes(
                ("4100", "4000", "gunicorn config.wsgi --bind 0.0.0.0:5000"),
                ("4300", "4100", "grep -qE manage\\.py[[:space:]]+migrate /start"),
                ("4400", "4100", "python manage.py showmigrations migrate")), JustStarted));
        }

        [Fact]
        public void A_shell_that_never_hands_over_counts_only_during_the_grace_period()
        {
            var processes = Processes(("4100", "4000", "sh -c python manage.py runserver"), ("4200", "4100", "python manage.py runserver"));

            Assert.NotNull(StartupMigration.WhyWait(processes, StartupMigration.ShellGrace - TimeSpan.FromSeconds(1)));
            Assert.Null(StartupMigration.WhyWait(processes, StartupMigration.ShellGrace));
        }

        [Fact]
        public void Below_an_init_process_the_command_is_its_child()
        {
            var reason = StartupMigration.WhyWait(Processes(
                ("4100", "4000", "/sbin/docker-init -- /entrypoint /start"),
                ("4101", "4100", "bash /entrypoint /start")), JustStarted);

            Assert.Equal("its main process is still the start script 'bash /entrypoint /start', which has not handed over to the server", reason);
        }

        [Fact]
        public void An_interactive_exec_session_is_not_taken_for_the_main_process()
        {
            // Listed first, but younger than the container's command (a larger PID): its parent is the runtime's shim too.
            Assert.Null(StartupMigration.WhyWait(Processes(
                ("5000", "3999", "bash"),
                ("4100", "4000", "uvicorn config.asgi:application --host 0.0.0.0")), JustStarted));
        }

        private static EngineProcess[] Processes(params (string Pid, string Parent, string Command)[] processes) =>
            processes.Select(p => new EngineProcess(p.Pid, p.Parent, p.Command)).ToArray();
    }
}
