using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Help
{
    /// <summary>
    /// Get-Help, typed in PowerShell 7.6, finds the help the layout ships: the cmdlets' MAML beside their assembly
    /// (bin/en-US/Konnaxion.Ops.dll-Help.xml) and the about topic beside the manifest (en-US/about_Konnaxion.Ops.help.txt).
    /// Texts are compared without their white space: Get-Help breaks its lines at the console's edge, inside words too.
    /// </summary>
    public sealed class HelpTests
    {
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        private static string MamlFile { get; } = Path.Combine(ModuleSession.ModuleFolder, "bin", "en-US", "Konnaxion.Ops.dll-Help.xml");

        private static string AboutFile { get; } = Path.Combine(ModuleSession.ModuleFolder, "en-US", "about_Konnaxion.Ops.help.txt");

        /// <summary>
        /// Each cmdlet's full help shows its MAML: synopsis, description, every parameter with its description, and two
        /// examples or more. PowerShell's own help of a cmdlet without MAML has the syntax only, so none of these.
        /// </summary>
        [Fact]
        public void Get_Help_Full_of_every_cmdlet_shows_its_shipped_help()
        {
            var maml = XDocument.Load(MamlFile).Root!.Elements(Command + "command")
                .ToDictionary(c => c.Element(Command + "details")!.Element(Command + "name")!.Value.Trim());
            using var session = new ModuleSession();
            var cmdlets = session.Invoke("(Get-Module Konnaxion.Ops).ExportedCmdlets.Keys | Sort-Object").Select(c => c.ToString()).ToList();

            Assert.Equal(14, cmdlets.Count);
            Assert.All(cmdlets, cmdlet =>
            {
                Assert.True(maml.TryGetValue(cmdlet, out var help), $"{MamlFile} has no help for {cmdlet}");
                var text = session.Show($"Get-Help {cmdlet} -Full").Shown;
                var shown = Collapsed(text);
                var synopsis = Paragraphs(help!.Element(Command + "details")!).Single();

                Assert.Equal(synopsis, Collapsed(session.Invoke($"(Get-Help {cmdlet}).Synopsis").Single().ToString()));
                Assert.Contains(synopsis, shown);
                Assert.All(Paragraphs(help), paragraph => Assert.Contains(paragraph, shown));

                var parameters = help.Element(Command + "parameters")!.Elements(Command + "parameter").ToList();
                var declared = session.Invoke($"(Get-Command {cmdlet}).Parameters.Keys | Where-Object {{ $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.Cmdlet]::OptionalCommonParameters }}")
                    .Select(p => p.ToString()).ToList();
                Assert.Contains("Path", declared);
                Assert.Empty(declared.Except(parameters.Select(p => p.Element(Maml + "name")!.Value.Trim())));
                Assert.All(parameters, parameter =>
                {
                    // Its entry in PARAMETERS: the name at the start of a line, its type or nothing after it.
                    var name = parameter.Element(Maml + "name")!.Value.Trim();
                    Assert.Matches(new Regex($@"^    -{name}( <|\r?$)", RegexOptions.Multiline), text);
                    Assert.All(Paragraphs(parameter), paragraph => Assert.Contains(paragraph, shown));
                });

                var examples = help.Element(Command + "examples")!.Elements(Command + "example").ToList();
                Assert.True(examples.Count >= 2, $"{cmdlet} has {examples.Count} example(s)");
                Assert.All(examples, example => Assert.Contains(Collapsed(example.Element(Dev + "code")!.Value), shown));
            });
        }

        [Fact]
        public void Get_Help_about_Konnaxion_Ops_shows_the_about_topic()
        {
            using var session = new ModuleSession();

            var shown = session.Show("Get-Help about_Konnaxion.Ops").Shown;

            Assert.StartsWith("TOPIC", shown.TrimStart());
            Assert.Equal(Collapsed(File.ReadAllText(AboutFile)), Collapsed(shown));
        }

        /// <summary>The paragraphs of an element's own description.</summary>
        private static string[] Paragraphs(XElement element) =>
            element.Element(Maml + "description")!.Elements(Maml + "para").Select(p => Collapsed(p.Value)).Where(p => p.Length > 0).ToArray();

        private static string Collapsed(string text) => Regex.Replace(text, @"\s+", string.Empty);
    }
}
