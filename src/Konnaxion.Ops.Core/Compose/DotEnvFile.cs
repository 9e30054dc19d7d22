using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Konnaxion.Ops.Compose
{
    /// <summary>
    /// Reads KEY=VALUE files the way compose reads <c>.env</c> and <c>env_file</c>: comments, blank lines,
    /// an optional <c>export</c>, single- or double-quoted values. Values are kept in memory only.
    /// </summary>
    public static class DotEnvFile
    {
        public static IReadOnlyDictionary<string, string> Read(string path)
        {
            return Parse(File.ReadAllText(path, Encoding.UTF8));
        }

        public static IReadOnlyDictionary<string, string> Parse(string text)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var rawLine in text.Split('\n'))
            {
                var line = rawLine.TrimEnd('\r').Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                if (line.StartsWith("export ", StringComparison.Ordinal))
                {
                    line = line.Substring("export ".Length).TrimStart();
                }

                var equals = line.IndexOf('=');
                if (equals <= 0)
                {
                    continue;
                }

                var key = line.Substring(0, equals).Trim();
                values[key] = Unquote(line.Substring(equals + 1).Trim());
            }

            return values;
        }

        private static string Unquote(string value)
        {
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\''))
            {
                var quote = value[0];
                var end = value.IndexOf(quote, 1);

                // In double quotes \" is an escaped quote, not the end of the value.
                while (quote == '"' && end > 0 && IsEscaped(value, end))
                {
                    end = value.IndexOf(quote, end + 1);
                }

                if (end > 0)
                {
                    var inner = value.Substring(1, end - 1);
                    return quote == '"' ? inner.Replace("\\n", "\n").Replace("\\\"", "\"") : inner;
                }
            }

            // An unquoted value ends at an inline comment that follows white space.
            var comment = value.IndexOf(" #", StringComparison.Ordinal);
            return comment >= 0 ? value.Substring(0, comment).TrimEnd() : value;
        }

        /// <summary>True when an odd number of backslashes precedes <paramref name="index"/>.</summary>
        private static bool IsEscaped(string value, int index)
        {
            var backslashes = 0;
            for (var i = index - 1; i >= 0 && value[i] == '\\'; i--)
            {
                backslashes++;
            }

            return backslashes % 2 == 1;
        }
    }
}
