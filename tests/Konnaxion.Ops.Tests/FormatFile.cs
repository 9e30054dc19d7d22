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

        /// <summary>Every module type a cmdlet emits needs a default view; strings and other System types format themselves.</summary>
        public static IReadOnlyList<string> TypesWithoutView(IEnumerable<CompiledCmdlet> cmdlets, IReadOnlySet<string> viewTypeNames) =>
            cmdlets.SelectMany(c => c.OutputTypes.Where(t => t.IsModuleType).Select(t => (Cmdlet: c.Name, Type: t.Name)))
                .Where(o => !viewTypeNames.Contains(o.Type))
                .GroupBy(o => o.Type)
                .Select(g => $"{g.Key} (emitted by {string.Join(", ", g.Select(o => o.Cmdlet).Distinct())}) has no view in {ModuleBuild.FormatFileName}")
                .OrderBy(v => v, StringComparer.Ordinal)
                .ToList();
    }
}
