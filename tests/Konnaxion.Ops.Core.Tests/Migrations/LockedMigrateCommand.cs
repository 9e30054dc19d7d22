using System.Text.RegularExpressions;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Processes;

namespace Konnaxion.Ops.Tests.Migrations
{
    /// <summary>What a migrate under the migration lock looks like on a command line, for the tests that expect one.</summary>
    internal static class LockedMigrateCommand
    {
        /// <summary>
        /// A regex for `python -c "SCRIPT" SECONDS "konnaxion-ops migrate USER@HOST pid N" migrate ARGUMENTS`, to end a
        /// command-line pattern with.
        /// </summary>
        public static string Pattern(string migrateArguments, int timeoutSeconds = 600) =>
            "python -c " + Regex.Escape(CommandLine.Quote(MigrationLock.Script)) + " " + timeoutSeconds +
            " \"konnaxion-ops migrate \\S+ pid \\d+\" " + Regex.Escape(migrateArguments);
    }
}
