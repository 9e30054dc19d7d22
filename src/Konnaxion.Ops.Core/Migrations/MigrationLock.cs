using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Konnaxion.Ops.Django;

namespace Konnaxion.Ops.Migrations
{
    /// <summary>
    /// The migration lock: while the module migrates, a session-level PostgreSQL advisory lock on Django's own
    /// connection, so that two runbooks migrating one database at once (a teammate and CI) take turns instead of racing
    /// (Django takes no lock of its own). manage.py runs as before, only under <see cref="Script"/>:
    /// <code>python -c SCRIPT TIMEOUT_SECONDS HOLDER migrate --noinput [app] [target] [--fake]</code>
    /// The script runs the project's own manage.py with the migrate arguments, so its environment (settings module,
    /// sys.path, DATABASE_URL from the entrypoint), its output and its exit codes are those of <c>manage.py migrate</c>.
    /// <para>
    /// It polls <c>pg_try_advisory_lock</c> between sleeps, each sleep outside any transaction: a session queued in
    /// <c>pg_advisory_lock</c> would deadlock with a migration's CREATE INDEX CONCURRENTLY, which waits for every open
    /// transaction, and <c>pg_advisory_xact_lock</c> would end with the first migration, since Django commits each
    /// one. The lock ends with the session, when migrate closes its connection.
    /// </para>
    /// <para>
    /// With <see cref="HoldVariable"/> set, it waits for <see cref="ReleaseWord"/> on stdin once Django is set up.
    /// </para>
    /// <para>
    /// The script is fixed: the timeout, the holder's name and the migrate arguments come after it in argv. It talks
    /// to <see cref="MigrationLockOutput"/> in lines that start with <see cref="LinePrefix"/>.
    /// </para>
    /// </summary>
    internal static class MigrationLock
    {
        /// <summary>The advisory lock's key, one bigint ("KXMG"); advisory locks are per database.</summary>
        public const long Key = 0x4b584d47;

        /// <summary>What starts the script's lines, then tab-separated fields.</summary>
        public const string LinePrefix = "KX-MIGRATION-LOCK";

        /// <summary>The script's exit code when the timeout passed without the lock (EX_TEMPFAIL).</summary>
        public const int TimedOutExitCode = 75;

        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

        /// <summary>
        /// Set to 1 in the environment, the script waits, once Django is set up and migrate's modules imported, for
        /// <see cref="ReleaseWord"/> on a line of stdin before it touches the database; any other line, or end of file,
        /// ends it with exit code 0 having done nothing. Lets Django's start run while something else does (the build).
        /// </summary>
        public const string HoldVariable = "KX_MIGRATION_HOLD";

        public const string ReleaseWord = "go";

        /// <summary>PostgreSQL keeps the first 63 bytes of application_name (NAMEDATALEN - 1), printable ASCII only.</summary>
        public const int MaxHolderLength = 63;

        private const int PollSeconds = 1;

        /// <summary>
        /// Replaces Django's execute_from_command_line, which manage.py calls, with one that takes the lock on the
        /// connection migrate will use, then runs manage.py as `python manage.py` would. No double quote, so the command
        /// line needs no escaping on any platform. The holder query's row is pid, application_name,
        /// client_addr and backend_start (epoch seconds); empty fields when no session holds the lock any more.
        /// </summary>
        public static readonly string Script = string.Join("\n", new[]
        {
            "import os, runpy, sys, time",
            "import django",
            "from django.core import management",
            "timeout, holder, sys.argv = float(sys.argv[1]), sys.argv[2], ['manage.py'] + sys.argv[3:]",
            "execute = management.execute_from_command_line",
            "def say(*fields):",
            $"    print('\\t'.join(['{LinePrefix}'] + [('' if f is None else str(f)).replace('\\t', ' ') for f in fields]), flush=True)",
            "def locked(argv):",
            "    management.execute_from_command_line = execute",
            "    django.setup()",
            $"    if os.environ.get('{HoldVariable}') == '1':",
            "        from django.core.management.commands import migrate",
            $"        if sys.stdin.readline() != '{ReleaseWord}\\n':",
            "            sys.exit(0)",
            "    from django.db import connection",
            "    if connection.vendor != 'postgresql':",
            "        say('unlocked', connection.vendor)",
            "        return execute(argv)",
            "    with connection.cursor() as cursor:",
            "        cursor.execute('SELECT set_config(%s, %s, false)', ['application_name', holder])",
            "        deadline = time.monotonic() + timeout",
            "        while True:",
            $"            cursor.execute('SELECT pg_try_advisory_lock({Key})')",
            "            if cursor.fetchone()[0]:",
            "                break",
            "            cursor.execute('SELECT a.pid, a.application_name, host(a.client_addr), extract(epoch FROM a.backend_start)::bigint'",
            "                ' FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = %s AND l.granted'",
            $"                ' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND l.classid = 0 AND l.objid = {Key} AND l.objsubid = 1', ['advisory'])",
            "            row = cursor.fetchone() or ()",
            "            if time.monotonic() >= deadline:",
            "                say('timeout', *row)",
            $"                sys.exit({TimedOutExitCode})",
            "            say('waiting', *row)",
            $"            time.sleep({PollSeconds})",
            "    say('locked')",
            "    execute(argv)",
            "management.execute_from_command_line = locked",
            "runpy.run_path('manage.py', run_name='__main__')",
        });

        /// <summary>
        /// The arguments after `python` that run <paramref name="migrateArguments"/> (manage.py's, starting with migrate)
        /// under the lock, waiting at most <paramref name="timeout"/> for it.
        /// </summary>
        public static IReadOnlyList<string> Command(IReadOnlyList<string> migrateArguments, TimeSpan timeout, string holder)
        {
            if (timeout < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The lock timeout cannot be negative.");
            }

            var seconds = ((long)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return new PythonScriptArguments(new[] { "-c", Script, seconds, holder }.Concat(migrateArguments).ToList());
        }

        /// <summary>This process as the lock's holder: who and where, for another runbook's "held by" message.</summary>
        public static string HolderName() =>
            HolderName(System.Environment.UserName, System.Environment.MachineName, System.Diagnostics.Process.GetCurrentProcess().Id);

        /// <summary>
        /// "konnaxion-ops migrate user@host pid N" in printable ASCII, cut to what PostgreSQL keeps of an application_name:
        /// user@host is shortened first, so the pid survives.
        /// </summary>
        public static string HolderName(string user, string host, int processId)
        {
            const string prefix = "konnaxion-ops migrate ";
            var suffix = " pid " + processId.ToString(CultureInfo.InvariantCulture);
            var who = Ascii(user) + "@" + Ascii(host);
            var room = MaxHolderLength - prefix.Length - suffix.Length;
            return prefix + (who.Length > room ? who.Substring(0, room) : who) + suffix;
        }

        private static string Ascii(string text)
        {
            var ascii = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                ascii.Append(c > ' ' && c <= '~' ? c : '?');
            }

            return ascii.ToString();
        }
    }
}
