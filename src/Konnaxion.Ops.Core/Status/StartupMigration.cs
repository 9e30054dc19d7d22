using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Konnaxion.Ops.Engine;

namespace Konnaxion.Ops.Status
{
    /// <summary>
    /// Tells from a running django container's processes whether its own start may still be migrating, so that a
    /// migrate of ours does not race it (two migrates applying the same migration: one fails on "relation already
    /// exists", or both record it).
    /// <para>
    /// The signal is the process table, not "running" or a log line. cookiecutter-django's local <c>/start</c>, like
    /// Konnaxion's, is a shell script that runs <c>python manage.py migrate</c> and then <c>exec</c>s the server; the
    /// entrypoint before it is a shell script that waits for PostgreSQL and <c>exec</c>s the command. So while the
    /// container's main process is still a shell, the start has not got past its migrate; once the main process is
    /// the server, it has. A <c>manage.py migrate</c> process anywhere in the container (the start's, or another
    /// session's) is waited for too. Log lines were rejected: the server's banner differs between runserver,
    /// runserver_plus, uvicorn and gunicorn, and the log keeps the lines of earlier starts. <c>migrate --check</c>
    /// was rejected: it never passes while there is something to apply, which is exactly when we are about to.
    /// </para>
    /// <para>
    /// A start script that runs its server without <c>exec</c> keeps a shell as the main process for good: the shell
    /// alone counts only during the first <see cref="ShellGrace"/> of the container's life, long enough for the
    /// entrypoint's wait for PostgreSQL and the start's migrate of an ordinary project.
    /// </para>
    /// </summary>
    internal static class StartupMigration
    {
        /// <summary>How long a main process that is still a shell counts as a start in progress.</summary>
        public static readonly TimeSpan ShellGrace = TimeSpan.FromSeconds(60);

        private static readonly HashSet<string> Shells = new HashSet<string>(StringComparer.Ordinal) { "sh", "bash", "dash", "ash", "zsh", "busybox" };

        /// <summary>Init processes that run the command as their child (docker run --init, tini in an image).</summary>
        private static readonly HashSet<string> Inits = new HashSet<string>(StringComparer.Ordinal) { "tini", "docker-init", "dumb-init", "catatonit" };

        /// <summary>Why a migrate must wait, in words, or null when the container's start cannot be migrating.</summary>
        /// <param name="processes">The container's processes, as the engine lists them.</param>
        /// <param name="uptime">How long the container has been running.</param>
        public static string? WhyWait(IReadOnlyList<EngineProcess> processes, TimeSpan uptime)
        {
            var migrate = processes.FirstOrDefault(p => IsMigrate(Words(p.Command)));
            if (migrate != null)
            {
                return $"it is running '{migrate.Command}'";
            }

            var main = MainProcess(processes);
            if (main != null && uptime < ShellGrace && Shells.Contains(Program(Words(main.Command))))
            {
                return $"its main process is still the start script '{main.Command}', which has not handed over to the server";
            }

            return null;
        }

        /// <summary>
        /// The container's command, below an init if there is one. Exec sessions also have a parent outside the
        /// container (the runtime's shim), so of the processes without a parent inside, the main one is the oldest.
        /// </summary>
        private static EngineProcess? MainProcess(IReadOnlyList<EngineProcess> processes)
        {
            var ids = new HashSet<string>(processes.Select(p => p.ProcessId), StringComparer.Ordinal);
            var main = processes
                .Where(p => p.ParentProcessId == null || !ids.Contains(p.ParentProcessId))
                .OrderBy(p => long.TryParse(p.ProcessId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : long.MaxValue)
                .FirstOrDefault();
            if (main != null && Inits.Contains(Program(Words(main.Command))))
            {
                return processes.FirstOrDefault(p => p.ParentProcessId == main.ProcessId) ?? main;
            }

            return main;
        }

        /// <summary>`python manage.py migrate …`, `/app/manage.py migrate`, `django-admin migrate`.</summary>
        private static bool IsMigrate(IReadOnlyList<string> words)
        {
            for (var i = 0; i + 1 < words.Count; i++)
            {
                var program = FileName(words[i]);
                if ((program == "manage.py" || program == "django-admin") && words[i + 1] == "migrate")
                {
                    return true;
                }
            }

            return false;
        }

        private static IReadOnlyList<string> Words(string command) => command.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);

        private static string Program(IReadOnlyList<string> words) => words.Count == 0 ? string.Empty : FileName(words[0]);

        private static string FileName(string path) => path.Substring(path.LastIndexOf('/') + 1);
    }
}
