using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Konnaxion.Ops
{
    /// <summary>
    /// Picks compose's own reasons out of a failed command's stderr tail. v2 ends with its reason, but v1 ends with a
    /// summary that names nothing ("Encountered errors while bringing up the project.", "Build failed"): the
    /// reason is lines before, so the last line alone is not enough.
    /// </summary>
    internal static class ComposeErrorLines
    {
        /// <summary>Enough for a build step's error and its summary, few enough for one message.</summary>
        internal const int MaxLines = 3;

        // Whole words: "Encountered errors" is v1's summary, not a reason.
        private static readonly Regex ErrorLine = new Regex(@"\b(error|failed)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // v1's progress ("Creating kxtest_web_1 ... error") says where; the ERROR: line after it says why.
        private static readonly Regex V1Progress = new Regex(@" \.\.\. error$", RegexOptions.CultureInvariant);

        // What BuildKit and v1 put before a reason they repeat: "#5 " (a build step), "ERROR: ", v1's "ERROR: for web  ".
        private static readonly Regex Decoration = new Regex(@"^(#\d+\s+)?(ERROR:\s*(for\s+\S+\s{2,})?)?", RegexOptions.CultureInvariant);

        /// <summary>
        /// The lines that read as errors (error, failed, Error response from daemon, ERROR:), in order, each reason
        /// once (a line whose reason another line repeats with more context gives way to it), at most
        /// <see cref="MaxLines"/>. When no line reads as an error: the last line, after the one before it, which says
        /// what compose was doing (v1's "Pulling web (image)..." before a registry's answer).
        /// </summary>
        public static IReadOnlyList<string> Select(IEnumerable<string> stderrTail)
        {
            var lines = stderrTail.Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
            var kept = new List<(string Line, string Reason)>();
            foreach (var line in lines.Where(line => ErrorLine.IsMatch(line) && !V1Progress.IsMatch(line)))
            {
                var reason = Decoration.Replace(line, string.Empty, 1);
                if (reason.Length == 0)
                {
                    reason = line;
                }

                if (kept.Any(k => k.Reason.Contains(reason)))
                {
                    continue;
                }

                // BuildKit's "failed to solve: " + the step's error comes after the step's error: keep the fuller line, where the first stood.
                var index = kept.FindIndex(k => reason.Contains(k.Reason));
                kept.RemoveAll(k => reason.Contains(k.Reason));
                kept.Insert(index < 0 ? kept.Count : index, (line, reason));
            }

            return kept.Count > 0
                ? kept.Take(MaxLines).Select(k => k.Line).ToList()
                : lines.Skip(lines.Count - 2).ToList();
        }
    }
}
