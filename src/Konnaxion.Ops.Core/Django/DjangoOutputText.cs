using System.Text.RegularExpressions;

namespace Konnaxion.Ops.Django
{
    /// <summary>Turns one line a management command printed into the text a terminal would have shown.</summary>
    internal static class DjangoOutputText
    {
        // CSI sequences (Django's colours are SGR: ESC [ 36;1 m), OSC sequences and two-character escapes.
        private static readonly Regex TerminalEscape = new Regex(
            @"\x1B(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(?:\x07|\x1B\\)|[0-~])",
            RegexOptions.CultureInvariant);

        /// <summary>
        /// Removes escape sequences and carriage returns. Django colours output when it believes it writes to a
        /// terminal, and ends a styled line with its reset code, which can land at the start of the next line.
        /// </summary>
        public static string Clean(string line)
        {
            var text = line.IndexOf('\x1B') >= 0 ? TerminalEscape.Replace(line, string.Empty) : line;
            text = text.TrimEnd('\r');

            // Text after a carriage return overwrote the start of the line on a terminal.
            var overwrite = text.LastIndexOf('\r');
            return overwrite >= 0 ? text.Substring(overwrite + 1) : text;
        }
    }
}
