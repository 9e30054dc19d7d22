using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;

namespace Konnaxion.Ops.Tests.Processes
{
    public sealed class CommandLineTests
    {
        /// <summary>Arguments that break naive quoting.</summary>
        public static readonly string[] NastyArguments =
        {
            "",
            "plain",
            "two words",
            "he said \"bonjour\"",
            "\"",
            "\"\"",
            "trailing\\",
            "trailing space\\",
            "two trailing\\\\",
            "\\",
            "\\\\",
            "a\\\"b",
            "a\\\\\"b",
            "a\\\\\\\"b",
            "C:\\Program Files\\Docker\\",
            "\\\\server\\share",
            "tab\there",
            "line1\nline2",
            "vertical\vtab",
            "--email=\"jean dupont\"@exemple.fr",
            "Idées été",
            "é",
            "🌍 emoji",
            "$HOME `id` ; | & > *",
            "'single'",
            "  leading and trailing  ",
        };

        public static IEnumerable<object[]> NastyArgumentData => NastyArguments.Select(a => new object[] { a });

        [Theory]
        [InlineData("", "\"\"")]
        [InlineData("plain", "plain")]
        [InlineData("café", "café")]
        [InlineData("two words", "\"two words\"")]
        [InlineData("tab\there", "\"tab\there\"")]
        [InlineData("he said \"hi\"", "\"he said \\\"hi\\\"\"")]
        [InlineData("trailing\\", "trailing\\")]
        [InlineData("trailing space\\", "\"trailing space\\\\\"")]
        [InlineData("C:\\Program Files\\x", "\"C:\\Program Files\\x\"")]
        [InlineData("a\\\"b", "\"a\\\\\\\"b\"")]
        [InlineData("a\\\\\"b", "\"a\\\\\\\\\\\"b\"")]
        [InlineData("\"", "\"\\\"\"")]
        public void QuotesExactly(string argument, string expected) => Assert.Equal(expected, CommandLine.Quote(argument));

        [Fact]
        public void JoinsWithSingleSpaces() =>
            Assert.Equal("compose exec \"\" \"a b\" c", CommandLine.Join(new[] { "compose", "exec", "", "a b", "c" }));

        [Fact]
        public void FormatsTheProgramQuotedToo()
        {
            Assert.Equal("\"C:\\Program Files\\Docker\\docker.exe\" compose version",
                CommandLine.Format("C:\\Program Files\\Docker\\docker.exe", new[] { "compose", "version" }));
            Assert.Equal("docker", CommandLine.Format("docker", new string[0]));
            Assert.Equal("docker compose exec django python manage.py shell -c \"print('bonjour été')\"",
                new ProcessSpec("docker", new[] { "compose", "exec", "django", "python", "manage.py", "shell", "-c", "print('bonjour été')" }).ToString());
        }

        [Theory]
        [MemberData(nameof(NastyArgumentData))]
        public void EachArgumentReachesAChildProcessIntact(string argument) =>
            Assert.Equal(new[] { "first", argument, "last" }, EchoArguments(new[] { "first", argument, "last" }));

        [Fact]
        public void AllArgumentsTogetherReachAChildProcessIntact() =>
            Assert.Equal(NastyArguments, EchoArguments(NastyArguments));

        /// <summary>The argv a real child process receives, as JSON so that no argument can hide in line breaks.</summary>
        private static string[] EchoArguments(IReadOnlyList<string> arguments)
        {
            var spec = new ProcessSpec("python3",
                new[] { "-c", "import sys, json; print(json.dumps(sys.argv[1:]))" }.Concat(arguments).ToList(),
                new Dictionary<string, string> { ["PYTHONUTF8"] = "1" });
            var lines = new List<ProcessLine>();

            var exitCode = ProcessRunner.Instance.Run(spec, lines.Add, CancellationToken.None);

            Assert.Equal(0, exitCode);
            var output = Assert.Single(lines, l => l.Stream == ProcessStream.StandardOutput);
            return JsonSerializer.Deserialize<string[]>(output.Text)!;
        }
    }
}
