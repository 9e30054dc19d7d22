using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;

namespace Konnaxion.Ops.Commands.Tests
{
    /// <summary>
    /// Parses PowerShell files with PowerShell's own parser (System.Management.Automation.Language.Parser), the one
    /// that reads them when they are run, dot-sourced or imported. Nothing is run.
    /// </summary>
    public static class SyntaxCheck
    {
        private static readonly string[] Extensions = { ".ps1", ".psm1", ".psd1" };

        /// <summary>Build output, installed packages and test results are not the repository's own PowerShell; .git is not the work tree.</summary>
        private static readonly HashSet<string> ExcludedFolders = new HashSet<string>(StringComparer.Ordinal)
        {
            ".git", "bin", "obj", "out", "node_modules", "TestResults",
        };

        /// <summary>The .ps1, .psm1 and .psd1 files under a folder, outside the excluded folders: paths relative to it, with '/', sorted.</summary>
        public static IReadOnlyList<string> Files(string root)
        {
            var files = new List<string>();
            Collect(root, root, files);
            files.Sort(StringComparer.Ordinal);
            return files;
        }

        /// <summary>
        /// Parses every file of <see cref="Files"/>: the files that parsed, and one violation per parse error,
        /// "PATH:LINE:COLUMN: the parser's message".
        /// </summary>
        public static (IReadOnlyList<string> Parsed, IReadOnlyList<string> Violations) Run(string root)
        {
            var parsed = new List<string>();
            var violations = new List<string>();
            foreach (var file in Files(root))
            {
                Parser.ParseFile(Path.Combine(root, file), out _, out var errors);
                if (errors.Length == 0)
                {
                    parsed.Add(file);
                }

                violations.AddRange(Describe(file, errors));
            }

            return (parsed, violations);
        }

        /// <summary>The parse errors of a script's text, as "NAME:LINE:COLUMN: the parser's message".</summary>
        public static IReadOnlyList<string> Check(string name, string text)
        {
            Parser.ParseInput(text, name, out _, out var errors);
            return Describe(name, errors).ToList();
        }

        private static IEnumerable<string> Describe(string name, IEnumerable<ParseError> errors) =>
            errors.Select(e => $"{name}:{e.Extent.StartLineNumber}:{e.Extent.StartColumnNumber}: {e.Message}");

        private static void Collect(string root, string folder, List<string> files)
        {
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                if (Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                {
                    files.Add(Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/'));
                }
            }

            foreach (var subfolder in Directory.EnumerateDirectories(folder))
            {
                if (!ExcludedFolders.Contains(Path.GetFileName(subfolder)))
                {
                    Collect(root, subfolder, files);
                }
            }
        }
    }
}
