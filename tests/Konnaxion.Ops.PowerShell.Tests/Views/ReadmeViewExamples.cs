using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Views
{
    /// <summary>A command line of README.md's views section and the text shown under it.</summary>
    public sealed record ReadmeViewExample(string CommandLine, string Shown);

    /// <summary>
    /// The examples of README.md's "What you see: the default views": in its text blocks, each "PS> " line is a command
    /// line, and the lines up to the next one are what the console showed for it.
    /// </summary>
    public static class ReadmeViewExamples
    {
        public const string Section = "## What you see: the default views";

        private const string Prompt = "PS> ";

        /// <summary>The script that fakes the examples' cmdlets with the objects the examples show.</summary>
        public static string Fakes { get; } = Path.Combine(ModuleSession.RepositoryRoot, "tests", "Konnaxion.Ops.PowerShell.Tests", "Views", "ReadmeExampleFakes.ps1");

        /// <summary>The section's text, from its heading to the next one.</summary>
        public static string SectionText()
        {
            var readme = File.ReadAllText(Path.Combine(ModuleSession.RepositoryRoot, "README.md")).Replace("\r\n", "\n");
            var start = readme.IndexOf(Section, StringComparison.Ordinal);
            Assert.True(start >= 0, $"README.md has no section '{Section}'");
            var end = readme.IndexOf("\n## ", start + Section.Length, StringComparison.Ordinal);
            return end < 0 ? readme.Substring(start) : readme.Substring(start, end - start);
        }

        public static IReadOnlyList<ReadmeViewExample> Read()
        {
            var examples = new List<ReadmeViewExample>();
            foreach (Match block in Regex.Matches(SectionText(), @"^```text\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline))
            {
                var lines = block.Groups[1].Value.TrimEnd('\n').Split('\n');
                if (!lines[0].StartsWith(Prompt, StringComparison.Ordinal))
                {
                    continue;
                }

                for (var i = 0; i < lines.Length;)
                {
                    var shown = lines.Skip(i + 1).TakeWhile(line => !line.StartsWith(Prompt, StringComparison.Ordinal)).ToList();
                    examples.Add(new ReadmeViewExample(lines[i].Substring(Prompt.Length), string.Join("\n", shown)));
                    i += 1 + shown.Count;
                }
            }

            return examples;
        }

        /// <summary>
        /// A console text as a person compares it: line ends unified, trailing spaces dropped, and the blank lines at the
        /// end (the one before the next prompt) left out.
        /// </summary>
        public static string AsRead(string text) =>
            string.Join("\n", text.Replace("\r\n", "\n").Split('\n').Select(line => line.TrimEnd())).TrimEnd('\n');

        /// <summary>A table's header line and the dashes under it, the first in the text.</summary>
        public static (string Header, string Dashes) TableHeader(string text)
        {
            var lines = AsRead(text).Split('\n');
            var dashes = Array.FindIndex(lines, line => line.Length > 0 && line.All(c => c == '-' || c == ' '));
            Assert.True(dashes > 0, $"no table header in:\n{text}");
            return (lines[dashes - 1], lines[dashes]);
        }
    }
}
