using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Konnaxion.Ops.Commands.Tests
{
    /// <summary>
    /// Reads a module manifest's string arrays. A .psd1 is a data file, a hashtable of literals, so a key's value is
    /// read as text: @('a', 'b'), @( 'a' newline 'b' ), or a single 'a'. Whole-line comments are ignored.
    /// </summary>
    public static class ManifestFile
    {
        private static readonly Regex Comment = new Regex(@"(?m)^\s*#.*$");
        private static readonly Regex Quoted = new Regex(@"'((?:[^']|'')*)'|""([^""]*)""");

        public static IReadOnlyList<string> ReadArray(string psd1Text, string key)
        {
            var text = Comment.Replace(psd1Text, string.Empty);
            var match = new Regex(@"(?im)^\s*" + Regex.Escape(key) + @"\s*=\s*(?:@\((?<items>[^)]*)\)|(?<items>'(?:[^']|'')*'|""[^""]*""))").Match(text);
            if (!match.Success)
            {
                throw new FormatException($"The manifest has no {key} = @(...) entry.");
            }

            return Quoted.Matches(match.Groups["items"].Value)
                .Select(m => m.Groups[1].Success ? m.Groups[1].Value.Replace("''", "'") : m.Groups[2].Value)
                .ToList();
        }

        /// <summary>CmdletsToExport must list exactly the compiled cmdlets: a missing one is not exported, an extra one does not exist.</summary>
        public static IReadOnlyList<string> ExportViolations(IReadOnlyList<string> exported, IEnumerable<string> compiled)
        {
            var compiledSet = compiled.ToHashSet(StringComparer.OrdinalIgnoreCase);
            return compiledSet.Where(c => !exported.Contains(c, StringComparer.OrdinalIgnoreCase)).Select(c => $"{c} is compiled but not in CmdletsToExport")
                .Concat(exported.Where(e => !compiledSet.Contains(e)).Select(e => $"{e} is in CmdletsToExport but no cmdlet class declares it"))
                .Concat(exported.GroupBy(e => e, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => $"{g.Key} is listed twice in CmdletsToExport"))
                .OrderBy(v => v, StringComparer.Ordinal)
                .ToList();
        }
    }
}
