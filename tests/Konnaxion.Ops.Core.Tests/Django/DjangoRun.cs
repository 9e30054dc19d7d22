using System;
using Konnaxion.Ops.Django;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Tests.Django
{
    /// <summary>Feeds a captured run to a parser the way the process runner does: one line at a time, without "\n".</summary>
    internal static class DjangoRun
    {
        /// <summary>The escape character Django's colours start with, for fixtures captured with --force-color.</summary>
        public const string Esc = "\u001b";

        public static T Feed<T>(T parser, string stdout, string stderr = "")
            where T : DjangoOutputParser
        {
            foreach (var line in Lines(stdout))
            {
                parser.Add(new ProcessLine(ProcessStream.StandardOutput, line));
            }

            foreach (var line in Lines(stderr))
            {
                parser.Add(new ProcessLine(ProcessStream.StandardError, line));
            }

            return parser;
        }

        public static DjangoError? ReadError(string stderr)
        {
            var reader = new DjangoErrorReader();
            foreach (var line in Lines(stderr))
            {
                reader.Add(line);
            }

            return reader.GetError();
        }

        /// <summary>The same output as a Windows console or a TTY would deliver it, each line ending in "\r".</summary>
        public static string WithCrLf(string text) => text.Replace("\n", "\r\n") + "\r";

        // A reader splitting on "\n" leaves any "\r" in place; an empty capture yields no line at all.
        private static string[] Lines(string text) => text.Length == 0 ? Array.Empty<string>() : text.Split('\n');
    }
}
