using System;
using System.IO;
using System.Linq;

namespace Konnaxion.Ops.Commands.Tests.Help
{
    /// <summary>
    /// The help that ships (bin/en-US/Konnaxion.Ops.dll-Help.xml of the laid-out module) is written by the build from the
    /// cmdlets' doc comments and their compiled metadata (build/ModuleLayout); these tests hold its words to the rules.
    /// </summary>
    public sealed class HelpTests
    {
        [Fact]
        public void Every_cmdlet_has_a_synopsis_a_description_its_parameters_and_two_piped_examples_in_the_shipped_help() =>
            Violations.AssertNone(HelpRules.Violations(ModuleBuild.Module.Cmdlets, Maml.Read(File.ReadAllText(ModuleBuild.HelpFile))));

        [Fact]
        public void The_about_topic_covers_the_runbook_environments_safety_and_the_drift_ledger() =>
            Violations.AssertNone(AboutTopic.Violations(File.ReadAllText(ModuleBuild.AboutTopic)));

        [Fact]
        public void Maml_reads_back_what_it_wrote()
        {
            var cmdlet = CmdletContractTests.Fake("Restart", supportsShouldProcess: true,
                parameters: new[] { CmdletContractTests.Parameter("Service", "String[]", null), CmdletContractTests.Parameter("Force", "SwitchParameter", null) });
            var help = new CommandHelp("Restart-KxThing", "Restarts a thing.", new[] { "First paragraph.", "Second <paragraph> & more." },
                new System.Collections.Generic.Dictionary<string, string> { ["Service"] = "The services.", ["Force"] = "No questions.", ["WhatIf"] = "w", ["Confirm"] = "c" },
                new[] { new HelpExample("Restart all", "Get-KxThing | Restart-KxThing", new[] { "Restarts them." }) });

            var read = Assert.Single(Maml.Read(Maml.Write(new[] { (cmdlet, help) })));

            Assert.Equal(("Restart-KxThing", "Restarts a thing."), (read.Name, read.Synopsis));
            Assert.Equal(help.Description, read.Description);
            Assert.Equal(new[] { "Confirm", "Force", "Service", "WhatIf" }, read.ParameterDescriptions.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal("The services.", read.ParameterDescriptions["Service"]);
            var example = Assert.Single(read.Examples);
            Assert.Equal(("--------- Example 1: Restart all ---------", "Get-KxThing | Restart-KxThing", "Restarts them."), (example.Title, example.Code, example.Remarks.Single()));
        }

        [Fact]
        public void Doc_comments_give_the_synopsis_description_examples_and_parameters()
        {
            using var folder = new TempFolder();
            var xml = folder.Write("docs.xml", """
                <?xml version="1.0"?>
                <doc><members>
                  <member name="T:Fake.GetKxThingCommand">
                    <summary>Gets the <see cref="T:Konnaxion.Ops.KxThing"/> of the <c>django</c> service.</summary>
                    <remarks><para>First.</para><para>Second,
                      on two lines.</para></remarks>
                    <example>Show unhealthy things
                      <code>
                      Get-KxThing |
                          Where-Object Health -ne 'healthy'
                      </code>
                      <para>Filters them.</para></example>
                  </member>
                  <member name="P:Fake.Declaring.Service"><summary>The services; all by default.</summary></member>
                </members></doc>
                """);
            var cmdlet = CmdletContractTests.Fake("Get", parameters: new[] { CmdletContractTests.Parameter("Service", "String[]", null) });

            var help = DocComments.Load(xml).HelpOf(cmdlet);

            Assert.Equal("Gets the KxThing of the django service.", help.Synopsis);
            Assert.Equal(new[] { "First.", "Second, on two lines." }, help.Description);
            Assert.Equal("The services; all by default.", help.ParameterDescriptions["Service"]);
            var example = Assert.Single(help.Examples);
            Assert.Equal(("Show unhealthy things", "Get-KxThing |\n    Where-Object Health -ne 'healthy'", "Filters them."), (example.Title, example.Code, example.Remarks.Single()));
        }

        [Fact]
        public void The_help_rule_catches_missing_words_parameters_and_examples()
        {
            var cmdlets = new[]
            {
                CmdletContractTests.Fake("Get", parameters: new[] { CmdletContractTests.Parameter("Service", "String[]", null), CmdletContractTests.Parameter("Path", "String", null) }),
                CmdletContractTests.Fake("Backup", supportsShouldProcess: true),
                CmdletContractTests.Fake("Test"),
            };
            var help = new[]
            {
                new CommandHelp("Get-KxThing", "Gets things.", Array.Empty<string>(),
                    new System.Collections.Generic.Dictionary<string, string> { ["Service"] = "The services.", ["Path"] = string.Empty, ["Gone"] = "Removed." },
                    new[] { new HelpExample("Get one", "Get-KxThing -Service django", new[] { "Gets it." }) }),
                new CommandHelp("Backup-KxThing", string.Empty, new[] { "Backs up." }, new System.Collections.Generic.Dictionary<string, string> { ["WhatIf"] = "w" },
                    new[] { new HelpExample("a", "Get-KxThing | Backup-KxThing", new[] { "r" }), new HelpExample(string.Empty, "x | y", Array.Empty<string>()) }),
                new CommandHelp("Remove-KxThing", "Removes.", new[] { "d" }, new System.Collections.Generic.Dictionary<string, string>(), Array.Empty<HelpExample>()),
            };

            Assert.Equal(new[]
            {
                "Get-KxThing: no description (the class's <remarks>)",
                "Get-KxThing: -Path is not described (the property's <summary>)",
                "Get-KxThing: help describes -Gone, which the cmdlet does not have",
                "Get-KxThing: 1 example(s), needs at least 2 (<example> in the class's doc comment)",
                "Get-KxThing: example 'Get one' pipes nothing: show objects going through the pipeline",
                "Backup-KxThing: no synopsis (the class's <summary>)",
                "Backup-KxThing: -Confirm is not described (the property's <summary>)",
                "Backup-KxThing: example 'x | y' needs a title and a <para> saying what it does",
                "Test-KxThing: no help",
                "Remove-KxThing: help for a command the module does not have",
            }, HelpRules.Violations(cmdlets, help));
        }

        [Fact]
        public void The_about_topic_rule_catches_a_missing_section() =>
            Assert.Equal(new[] { "about_Konnaxion.Ops: no SAFETY section", "about_Konnaxion.Ops: no DRIFT LEDGER section" },
                AboutTopic.Violations("TOPIC\n    about_Konnaxion.Ops\n\nSHORT DESCRIPTION\n    x\n\nLONG DESCRIPTION\n    y\n\nRUNBOOK\n    z\n\nENVIRONMENTS\n    e\n\nSEE ALSO\n    Get-Help\n"));
    }
}
