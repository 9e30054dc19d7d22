using System;
using System.Linq;
using System.Text.RegularExpressions;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Views
{
    /// <summary>
    /// README.md's view examples are what PowerShell itself prints: each command line is typed into a session whose
    /// cmdlets are faked with the example's objects (<see cref="ReadmeViewExamples.Fakes"/>), and what Out-Default shows
    /// through the module's views, on a 120-column console, is the text under it.
    /// </summary>
    public sealed class ReadmeViewTests
    {
        [Fact]
        public void Every_example_is_what_Out_Default_shows_for_its_objects()
        {
            using var session = FakedSession();
            var examples = ReadmeViewExamples.Read();

            Assert.Contains(examples, e => e.CommandLine == "Get-KxServiceStatus");
            Assert.All(examples, example =>
            {
                var run = session.Show(example.CommandLine);

                Assert.True(run.Terminating == null && run.Errors.Count == 0, $"'{example.CommandLine}' failed:\n{run.Shown}");
                Assert.Equal(ReadmeViewExamples.AsRead(example.Shown), ReadmeViewExamples.AsRead(run.Shown));
            });
        }

        [Fact]
        public void The_examples_show_every_view_of_the_format_file()
        {
            using var session = FakedSession();
            var viewed = session.Invoke("(Get-FormatData -TypeName 'Konnaxion.Ops.*').TypeNames").Select(t => t.ToString()).ToHashSet();

            var shown = ReadmeViewExamples.Read().SelectMany(e => session.Invoke(e.CommandLine)).Select(o => o.BaseObject.GetType().FullName).ToHashSet();

            Assert.Contains("Konnaxion.Ops.KxUpdateStep", viewed);
            Assert.Empty(viewed.Except(shown));
        }

        /// <summary>The README's way of faking a result in a Pester test runs, and the fakes are the module's own types.</summary>
        [Fact]
        public void The_readme_fakes_are_built_with_the_public_constructors()
        {
            using var session = new ModuleSession();
            var block = Regex.Match(ReadmeViewExamples.SectionText(), @"^```powershell\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline);
            Assert.True(block.Success, "the views section has no powershell block of fakes");

            var answers = session.Invoke(block.Groups[1].Value).Select(o => o.BaseObject).ToList();

            Assert.Equal(new object[] { true }, answers);
        }

        private static ModuleSession FakedSession()
        {
            var session = new ModuleSession();
            session.Invoke($". '{ReadmeViewExamples.Fakes}'");
            Assert.Equal("Function", session.Invoke("(Get-Command Get-KxServiceStatus).CommandType").Single().ToString());
            return session;
        }
    }
}
