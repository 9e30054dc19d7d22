using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Konnaxion.Ops.Processes
{
    /// <summary>
    /// Joins an argument list into one command-line string that the Windows C runtime (and .NET on every
    /// platform) splits back into exactly the same arguments. netstandard2.0 has no ProcessStartInfo.ArgumentList,
    /// so this is the one place where arguments become a string; no shell ever sees it.
    /// </summary>
    public static class CommandLine
    {
        public static string Join(IEnumerable<string> arguments) => string.Join(" ", arguments.Select(Quote));

        /// <summary>The command as a person would type it, for -WhatIf and verbose output.</summary>
        public static string Format(string fileName, IEnumerable<string> arguments) =>
            arguments.Any() ? Quote(fileName) + " " + Join(arguments) : Quote(fileName);

        public static string Quote(string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
            {
                return argument;
            }

            var quoted = new StringBuilder("\"");
            var backslashes = 0;
            foreach (var c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }

                // Backslashes are literal unless they precede a quote: then each must be doubled.
                quoted.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
                backslashes = 0;
                quoted.Append(c);
            }

            quoted.Append('\\', backslashes * 2);
            return quoted.Append('"').ToString();
        }
    }
}
