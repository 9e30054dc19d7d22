using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Konnaxion.Ops.Django;

namespace Konnaxion.Ops.Postgres
{
    /// <summary>
    /// Reads what cookiecutter-django's PostgreSQL maintenance scripts print (with ANSI colours, on stdout):
    /// <code>
    /// SUCCESS: 'konnaxion' database backup 'backup_2024_05_01_12_00_00.sql.gz' has been created and placed in '/backups'.
    /// </code>
    /// from <c>backup</c>, and from <c>backups</c> an <c>ls -lht</c> of the backup folder:
    /// <code>
    /// These are the backups you have got:
    /// total 8.0K
    /// -rw-r--r-- 1 root root 1.9K May  1 12:00 backup_2024_05_01_12_00_00.sql.gz
    /// </code>
    /// </summary>
    internal static class MaintenanceOutput
    {
        private static readonly Regex Created = new Regex(
            @"database backup '(?<file>[^'/]+)' has been created and placed in '(?<folder>[^']+)'", RegexOptions.CultureInvariant);

        // A regular file: mode, links, owner, group, size, three date fields ("May  1 12:00" or "May  1  2023"), the name.
        private static readonly Regex ListedFile = new Regex(
            @"^-\S*\s+\d+\s+\S+\s+\S+\s+(?<size>\S+)\s+\S+\s+\S+\s+\S+\s(?<file>.+)$", RegexOptions.CultureInvariant);

        // backup_2024_05_01_12_00_00.sql.gz; newer cookiecutter-django puts a T between date and time.
        private static readonly Regex Timestamp = new Regex(
            @"_(?<y>\d{4})_(?<mo>\d\d)_(?<d>\d\d)[_T](?<h>\d\d)_(?<mi>\d\d)_(?<s>\d\d)\.", RegexOptions.CultureInvariant);

        /// <summary>The file name and folder the backup script reported creating, or null when it reported none.</summary>
        public static (string File, string Folder)? ReadCreated(IEnumerable<string> stdout)
        {
            var match = stdout.Select(line => Created.Match(DjangoOutputText.Clean(line))).LastOrDefault(m => m.Success);
            return match == null ? ((string, string)?)null : (match.Groups["file"].Value, match.Groups["folder"].Value);
        }

        /// <summary>The files the backups script listed, newest first as ls -t sorts them, with their sizes.</summary>
        public static IReadOnlyList<(string File, string Size)> ReadListing(IEnumerable<string> stdout) =>
            stdout.Select(line => ListedFile.Match(DjangoOutputText.Clean(line)))
                .Where(match => match.Success)
                .Select(match => (match.Groups["file"].Value, match.Groups["size"].Value))
                .ToList();

        /// <summary>When a backup was taken, from its name; null for a name in another format.</summary>
        public static DateTime? ReadTimestamp(string fileName)
        {
            var match = Timestamp.Match(fileName);
            if (!match.Success)
            {
                return null;
            }

            var text = string.Join("-", new[] { "y", "mo", "d", "h", "mi", "s" }.Select(group => match.Groups[group].Value));
            return DateTime.TryParseExact(text, "yyyy-MM-dd-HH-mm-ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var taken)
                ? taken
                : (DateTime?)null;
        }

        /// <summary>The script's own ERROR: line, if it printed one (it writes errors to stdout).</summary>
        public static string? ReadError(IEnumerable<string> stdout) =>
            stdout.Select(DjangoOutputText.Clean).LastOrDefault(line => line.StartsWith("ERROR: ", StringComparison.Ordinal))?.Substring("ERROR: ".Length);
    }
}
