using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Konnaxion.Ops.Commands.Tests
{
    /// <summary>
    /// The README's table of ErrorIds: one row per ErrorId with its categories, when it is raised and the fix.
    /// </summary>
    public static class ErrorTable
    {
        public const string Header = "| ErrorId | Category | Raised when | Fix |";

        private static readonly Regex Row = new Regex(@"^\|\s*`(?<id>\w+)`\s*\|(?<categories>[^|]*)\|(?<when>[^|]*)\|(?<fix>[^|]*)\|\s*$", RegexOptions.Multiline);
        private static readonly Regex Raised = new Regex(@"KxErrorIds\.(?<id>\w+)\s*,\s*KxErrorCategory\.(?<category>\w+)");

        /// <summary>ErrorId → the categories its row names.</summary>
        public static IReadOnlyDictionary<string, IReadOnlySet<string>> Read(string markdown)
        {
            var start = markdown.IndexOf(Header, StringComparison.Ordinal);
            if (start < 0)
            {
                throw new InvalidDataException("The README has no error table (a line " + Header + ").");
            }

            var table = markdown.Substring(start);
            return Row.Matches(table).ToDictionary(m => m.Groups["id"].Value,
                m => (IReadOnlySet<string>)m.Groups["categories"].Value.Split(',').Select(c => c.Trim()).Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);
        }

        /// <summary>The (ErrorId, category) pairs the source raises where both are written together: new KxException(KxErrorIds.X, KxErrorCategory.Y, …).</summary>
        public static IReadOnlyList<(string Id, string Category)> RaisedIn(IEnumerable<string> sourceTexts) =>
            sourceTexts.SelectMany(text => Raised.Matches(text).Select(m => (m.Groups["id"].Value, m.Groups["category"].Value))).Distinct().ToList();

        public static IReadOnlyList<string> Violations(IReadOnlyDictionary<string, IReadOnlySet<string>> table, IReadOnlyList<string> errorIds,
            IReadOnlyList<(string Id, string Category)> raised) =>
            errorIds.Where(id => !table.ContainsKey(id)).Select(id => $"{id} has no row in the error table")
                .Concat(table.Keys.Where(id => !errorIds.Contains(id)).Select(id => $"{id} is in the error table but not in KxErrorIds"))
                .Concat(raised.Where(r => table.TryGetValue(r.Id, out var categories) && !categories.Contains(r.Category))
                    .Select(r => $"{r.Id} is raised as {r.Category}, which its row does not list"))
                .ToList();
    }
}
