using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Konnaxion.Ops.Commands.Tests
{
    /// <summary>The views of a format.ps1xml file, by the type names they are selected by.</summary>
    public static class FormatFile
    {
        public static IReadOnlySet<string> ViewTypeNames(string formatXml) =>
            XDocument.Parse(formatXml).Descendants("View").Select(SelectedType).ToHashSet(StringComparer.Ordinal);

        /// <summary>The type name a view is selected by.</summary>
        private static string SelectedType(XElement view) => view.Element("ViewSelectedBy")!.Element("TypeName")!.Value.Trim();

        public static IReadOnlyList<string> ScriptBlocks(string formatXml) =>
            XDocument.Parse(formatXml).Descendants("ScriptBlock").Select(e => e.Value.Trim()).ToList();

        /// <summary>Calls to the display helper that name a method it does not have (a rename the format file missed).</summary>
        public static IReadOnlyList<string> UnknownHelperCalls(string formatXml, IReadOnlySet<string> helperMethods) =>
            ScriptBlocks(formatXml)
                .SelectMany(block => Regex.Matches(block, @"\[" + Regex.Escape(CompiledModule.DisplayFormatType) + @"\]::(\w+)").Select(m => m.Groups[1].Value))
                .Where(method => !helperMethods.Contains(method))
                .Distinct()
                .Select(method => $"{CompiledModule.DisplayFormatType} has no public static method {method}")
                .ToList();

        /// <summary>
        /// Properties a view reads (PropertyName, and $_.Name in its script blocks) that its type does not have: PowerShell
        /// shows such a column empty, without an error. A script block nested in Where-Object or ForEach-Object is left
        /// out: its $_ is another object.
        /// </summary>
        public static IReadOnlyList<string> UnknownProperties(string formatXml, IReadOnlyDictionary<string, IReadOnlySet<string>> typeProperties) =>
            XDocument.Parse(formatXml).Descendants("View")
                .SelectMany(view =>
                {
                    var type = SelectedType(view);
                    if (!typeProperties.TryGetValue(type, out var properties))
                    {
                        return new[] { $"{type} (view {view.Element("Name")?.Value.Trim()}) is not a public type of the module" };
                    }

                    var read = view.Descendants("PropertyName").Select(e => e.Value.Trim())
                        .Concat(view.Descendants("ScriptBlock").SelectMany(e =>
                            Regex.Matches(Regex.Replace(e.Value, @"(Where-Object|ForEach-Object)\s*\{[^{}]*\}", string.Empty), @"\$_\.(\w+)")
                                .Select(m => m.Groups[1].Value)));
                    return read.Where(property => !properties.Contains(property)).Distinct()
                        .Select(property => $"{type} has no property {property}, which its view reads");
                })
                .ToList();

        /// <summary>
        /// The columns of each table view, by type name: a header's Label (else its item's PropertyName), its Width and
        /// whether it is right-aligned.
        /// </summary>
        public static IReadOnlyDictionary<string, IReadOnlyList<TableColumn>> TableColumns(string formatXml) =>
            XDocument.Parse(formatXml).Descendants("View")
                .Where(view => view.Element("TableControl") != null)
                .ToDictionary(
                    SelectedType,
                    view =>
                    {
                        var table = view.Element("TableControl")!;
                        var items = table.Descendants("TableColumnItem").ToList();
                        return (IReadOnlyList<TableColumn>)table.Element("TableHeaders")!.Elements("TableColumnHeader")
                            .Select((header, index) => new TableColumn(
                                header.Element("Label")?.Value.Trim() ?? items[index].Element("PropertyName")!.Value.Trim(),
                                header.Element("Width") is { } width ? int.Parse(width.Value, System.Globalization.CultureInfo.InvariantCulture) : null,
                                header.Element("Alignment")?.Value.Trim() == "Right"))
                            .ToList();
                    },
                    StringComparer.Ordinal);

        /// <summary>
        /// The tables a console text shows: each header line is the one above a line of dash runs, one run a column,
        /// as long as its name and aligned like it (a name may hold a space: "Applied at").
        /// </summary>
        public static IReadOnlyList<ConsoleTable> ConsoleTables(string text)
        {
            var lines = text.Replace("\r\n", "\n").Split('\n');
            var tables = new List<ConsoleTable>();
            for (var i = 1; i < lines.Length; i++)
            {
                var rule = lines[i].TrimEnd();
                if (rule.Length == 0 || rule.Any(c => c != '-' && c != ' '))
                {
                    continue;
                }

                var runs = Regex.Matches(rule, "-+").Select(m => (Start: m.Index, End: m.Index + m.Length)).ToList();
                var header = lines[i - 1];
                var names = runs.Select(run => run.Start >= header.Length ? string.Empty : header.Substring(run.Start, Math.Min(run.End, header.Length) - run.Start)).ToList();
                tables.Add(new ConsoleTable(names, runs));
            }

            return tables;
        }

        /// <summary>
        /// Tables shown in <paramref name="text"/> that PowerShell would not print from any table view: their column
        /// names are no view's, or a column of a view with a Width is not where that width puts it (PowerShell pads
        /// each such column to its width, plus one space, and aligns its header and dashes left or right in it).
        /// </summary>
        public static IReadOnlyList<string> TablesUnlikeTheViews(string text, IReadOnlyDictionary<string, IReadOnlyList<TableColumn>> views)
        {
            var violations = new List<string>();
            foreach (var table in ConsoleTables(text))
            {
                var named = string.Join(", ", table.Names);
                var columns = views.Values.FirstOrDefault(v => v.Select(c => c.Label).SequenceEqual(table.Names, StringComparer.Ordinal));
                if (columns == null)
                {
                    violations.Add($"the table with columns {named} is the columns of no view in {ModuleBuild.FormatFileName}");
                    continue;
                }

                // Where the column starts; unknown after a column without a Width (PowerShell sizes it to its content).
                int? start = 0;
                for (var n = 0; n < columns.Count; n++)
                {
                    var (column, run) = (columns[n], table.Runs[n]);
                    start ??= column.RightAligned ? run.End - column.Width : run.Start;
                    if (start == null)
                    {
                        continue;
                    }

                    // A right-aligned column without a Width has no known end.
                    var expected = column.RightAligned ? start + column.Width : start;
                    if (expected != null && (column.RightAligned ? run.End : run.Start) != expected)
                    {
                        violations.Add($"the table with columns {named}: {column.Label} should {(column.RightAligned ? "end" : "start")} at character {expected}, " +
                            "as the view's widths and alignment put it");
                    }

                    start = column.Width == null ? null : start + column.Width + 1;
                }
            }

            return violations;
        }

        /// <summary>Every module type a cmdlet emits needs a default view; strings and other System types format themselves.</summary>
        public static IReadOnlyList<string> TypesWithoutView(IEnumerable<CompiledCmdlet> cmdlets, IReadOnlySet<string> viewTypeNames) =>
            cmdlets.SelectMany(c => c.OutputTypes.Where(t => t.IsModuleType).Select(t => (Cmdlet: c.Name, Type: t.Name)))
                .Where(o => !viewTypeNames.Contains(o.Type))
                .GroupBy(o => o.Type)
                .Select(g => $"{g.Key} (emitted by {string.Join(", ", g.Select(o => o.Cmdlet).Distinct())}) has no view in {ModuleBuild.FormatFileName}")
                .OrderBy(v => v, StringComparer.Ordinal)
                .ToList();
    }

    /// <summary>A column of a table view.</summary>
    public sealed record TableColumn(string Label, int? Width, bool RightAligned);

    /// <summary>A table as a console shows it: its column names and the dash run under each, as [Start, End).</summary>
    public sealed record ConsoleTable(IReadOnlyList<string> Names, IReadOnlyList<(int Start, int End)> Runs);
}
