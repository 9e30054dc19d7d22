using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace Konnaxion.Ops.Commands.Tests
{
    public sealed class FormatTests
    {
        private static string Format => File.ReadAllText(ModuleBuild.FormatFile);

        [Fact]
        public void Every_type_the_cmdlets_emit_has_a_default_view() =>
            Violations.AssertNone(FormatFile.TypesWithoutView(ModuleBuild.Module.Cmdlets, FormatFile.ViewTypeNames(Format)));

        [Fact]
        public void Every_view_is_named_after_its_type_and_has_a_control()
        {
            var views = XDocument.Parse(Format).Descendants("View").ToList();

            Assert.NotEmpty(views);
            Assert.All(views, view =>
            {
                var type = view.Element("ViewSelectedBy")!.Element("TypeName")!.Value;
                Assert.StartsWith(type, view.Element("Name")!.Value);
                Assert.Single(view.Elements(), e => e.Name.LocalName is "TableControl" or "ListControl" or "WideControl" or "CustomControl");
            });
        }

        [Fact]
        public void Table_views_have_as_many_headers_as_columns() =>
            Assert.All(XDocument.Parse(Format).Descendants("TableControl"), table =>
                Assert.All(table.Descendants("TableRowEntry"), row =>
                    Assert.Equal(table.Element("TableHeaders")!.Elements("TableColumnHeader").Count(), row.Element("TableColumnItems")!.Elements("TableColumnItem").Count())));

        [Fact]
        public void Script_blocks_call_only_methods_the_display_helper_has()
        {
            Assert.Contains("Duration", ModuleBuild.Module.DisplayFormatMethods);
            Violations.AssertNone(FormatFile.UnknownHelperCalls(Format, ModuleBuild.Module.DisplayFormatMethods));
            Assert.Equal(new[] { "Konnaxion.Ops.Commands.Formatting.DisplayFormat has no public static method Humanize" },
                FormatFile.UnknownHelperCalls("<Configuration><ScriptBlock>[Konnaxion.Ops.Commands.Formatting.DisplayFormat]::Humanize($_.Uptime)</ScriptBlock></Configuration>",
                    ModuleBuild.Module.DisplayFormatMethods));
        }

        [Fact]
        public void Views_read_only_properties_their_types_have()
        {
            Assert.Contains("Uptime", ModuleBuild.Module.TypeProperties["Konnaxion.Ops.KxServiceStatus"]);
            Violations.AssertNone(FormatFile.UnknownProperties(Format, ModuleBuild.Module.TypeProperties));
        }

        [Fact]
        public void The_property_rule_catches_a_column_and_a_script_block_naming_a_missing_property()
        {
            const string format = "<Configuration><ViewDefinitions><View><Name>Konnaxion.Ops.KxThing</Name><ViewSelectedBy><TypeName>Konnaxion.Ops.KxThing</TypeName></ViewSelectedBy>" +
                "<TableControl><TableRowEntries><TableRowEntry><TableColumnItems>" +
                "<TableColumnItem><PropertyName>Name</PropertyName></TableColumnItem>" +
                "<TableColumnItem><PropertyName>Colour</PropertyName></TableColumnItem>" +
                "<TableColumnItem><ScriptBlock>if ($_.Done) { @($_.Steps | Where-Object { $_.Failed }).Count } else { $_.Uptime.TotalSeconds }</ScriptBlock></TableColumnItem>" +
                "</TableColumnItems></TableRowEntry></TableRowEntries></TableControl></View></ViewDefinitions></Configuration>";
            var types = new Dictionary<string, IReadOnlySet<string>>
            {
                ["Konnaxion.Ops.KxThing"] = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Name", "Done", "Steps" },
            };

            Assert.Equal(new[] { "Konnaxion.Ops.KxThing has no property Colour, which its view reads", "Konnaxion.Ops.KxThing has no property Uptime, which its view reads" },
                FormatFile.UnknownProperties(format, types));
        }

        [Fact]
        public void Every_script_block_of_the_views_parses()
        {
            var blocks = FormatFile.ScriptBlocks(Format);

            Assert.NotEmpty(blocks);
            Violations.AssertNone(blocks.SelectMany((block, index) => SyntaxCheck.Check($"block{index:00}.ps1", block)).ToList());
        }

        [Fact]
        public void The_view_rule_catches_an_emitted_type_without_a_view()
        {
            var cmdlets = new[]
            {
                CmdletContractTests.Fake("Get", outputTypes: new[] { new OutputTypeRef("Konnaxion.Ops.KxViewed", true, true), new OutputTypeRef("System.String", true, false) }),
                CmdletContractTests.Fake("Backup", outputTypes: new[] { new OutputTypeRef("Konnaxion.Ops.KxUnviewed", true, true) }, supportsShouldProcess: true),
            };
            const string format = "<Configuration><ViewDefinitions><View><Name>Konnaxion.Ops.KxViewed</Name><ViewSelectedBy><TypeName>Konnaxion.Ops.KxViewed</TypeName></ViewSelectedBy><TableControl/></View></ViewDefinitions></Configuration>";

            var violations = FormatFile.TypesWithoutView(cmdlets, FormatFile.ViewTypeNames(format));

            Assert.Equal(new[] { "Konnaxion.Ops.KxUnviewed (emitted by Backup-KxThing) has no view in Konnaxion.Ops.format.ps1xml" }, violations);
        }
    }
}
