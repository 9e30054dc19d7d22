using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Konnaxion.Ops.Commands.Tests
{
    /// <summary>
    /// Parses PowerShell files with the repository's tree-sitter checker (.ci/syntax-check/check.mjs), which needs node
    /// and its node_modules (`npm ci --prefix .ci/syntax-check --ignore-scripts`).
    /// </summary>
    public static class SyntaxCheck
    {
        /// <summary>Build output and installed packages are not the repository's own PowerShell.</summary>
        private static readonly string[] ExcludedFolders = { "out/", "node_modules/", "bin/", "obj/" };

        public static string Script { get; } = Path.Combine(ModuleBuild.RepositoryRoot, ".ci", "syntax-check", "check.mjs");

        public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>Why the checker cannot run here, or null when it can.</summary>
        public static string? Problem { get; } = FindProblem();

        /// <summary>Only reached without the checker when CI=true (<see cref="SyntaxCheckFactAttribute"/> skips otherwise): then it is a failure.</summary>
        public static void Require()
        {
            if (Problem != null)
            {
                Assert.Fail(Problem + " and CI=true");
            }
        }

        /// <summary>Runs the checker on a folder: its exit code and its output lines ("ok PATH", "SYNTAX ERROR PATH:LINE:COL", a summary).</summary>
        public static (int ExitCode, IReadOnlyList<string> Lines) Run(string root)
        {
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Script);
            start.ArgumentList.Add(root);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
            process.WaitForExit();
            lines.AddRange(stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "stderr: " + l.TrimEnd('\r')));
            return (process.ExitCode, lines);
        }

        /// <summary>The files that did not parse, outside the excluded folders.</summary>
        public static IReadOnlyList<string> Violations(IEnumerable<string> lines) =>
            lines.Where(l => l.StartsWith("SYNTAX ERROR ", StringComparison.Ordinal) && !Excluded(l.Substring("SYNTAX ERROR ".Length)))
                .ToList();

        /// <summary>The files that parsed, outside the excluded folders.</summary>
        public static IReadOnlyList<string> Parsed(IEnumerable<string> lines) =>
            lines.Where(l => l.StartsWith("ok ", StringComparison.Ordinal)).Select(l => l.Substring(3)).Where(p => !Excluded(p)).ToList();

        private static bool Excluded(string path) => ExcludedFolders.Any(folder => path.StartsWith(folder, StringComparison.Ordinal) || path.Contains("/" + folder, StringComparison.Ordinal));

        private static string? FindProblem()
        {
            if (!Directory.Exists(Path.Combine(ModuleBuild.RepositoryRoot, ".ci", "syntax-check", "node_modules", "web-tree-sitter")))
            {
                return "The syntax checker's packages are not installed (npm ci --prefix .ci/syntax-check --ignore-scripts)";
            }

            try
            {
                using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
                node.StandardOutput.ReadToEnd();
                node.WaitForExit();
                return node.ExitCode == 0 ? null : $"node --version exited with {node.ExitCode}";
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                return "node is not on PATH (" + ex.Message + ")";
            }
        }
    }

    /// <summary>
    /// A test that needs the syntax checker. Without node or its packages it is skipped on a developer machine and
    /// fails under CI=true, so that CI cannot pass by not checking.
    /// </summary>
    public sealed class SyntaxCheckFactAttribute : FactAttribute
    {
        public SyntaxCheckFactAttribute()
        {
            if (SyntaxCheck.Problem != null && !SyntaxCheck.InCi)
            {
                Skip = SyntaxCheck.Problem + " (set CI=true to make this a failure)";
            }
        }
    }
}
