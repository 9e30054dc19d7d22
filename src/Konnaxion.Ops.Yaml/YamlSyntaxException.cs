using System;

namespace Konnaxion.Ops.Yaml
{
    /// <summary>
    /// The text is not valid YAML. Its own type, not YamlDotNet's YamlException, so that callers outside this assembly's
    /// load context can catch it. <see cref="Exception.Message"/> is the parser's account of the problem.
    /// </summary>
    public sealed class YamlSyntaxException : Exception
    {
        internal YamlSyntaxException(string message, int? line, int? column, bool isApproximate, Exception innerException)
            : base(message, innerException)
        {
            Line = line;
            Column = column;
            IsApproximate = isApproximate;
        }

        /// <summary>The line of the problem, from 1; null when the parser failed before reading anything.</summary>
        public int? Line { get; }

        /// <summary>The column of the problem, from 1; null with <see cref="Line"/>.</summary>
        public int? Column { get; }

        /// <summary>
        /// Whether the parser failed without saying where (YamlDotNet does on some malformed input, such as an unclosed
        /// '[' followed by more lines): <see cref="Line"/> and <see cref="Column"/> are then those of the last thing it
        /// read, where the text stops making sense, and the message says nothing more useful.
        /// </summary>
        public bool IsApproximate { get; }
    }
}
