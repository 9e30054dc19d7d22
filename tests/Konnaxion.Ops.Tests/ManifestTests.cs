using System;
using System.IO;
using System.Linq;

namespace Konnaxion.Ops.Commands.Tests
{
    public sealed class ManifestTests
    {
        private static string Manifest => File.ReadAllText(ModuleBuild.Manifest);

        [Fact]
        public void CmdletsToExport_lists_exactly_the_compiled_cmdlets() =>
            Violations.AssertNone(ManifestFile.ExportViolations(ManifestFile.ReadArray(Manifest, "CmdletsToExport"), ModuleBuild.Module.Cmdlets.Select(c => c.Name)));

        [Fact]
        public void FormatsToProcess_lists_the_format_file_which_exists()
        {
            Assert.Equal(new[] { ModuleBuild.FormatFileName }, ManifestFile.ReadArray(Manifest, "FormatsToProcess"));
            Assert.True(File.Exists(ModuleBuild.FormatFile), ModuleBuild.FormatFile + " is missing");
        }

        [Fact]
        public void The_manifest_exports_no_functions_variables_or_aliases_by_wildcard()
        {
            Assert.Empty(ManifestFile.ReadArray(Manifest, "FunctionsToExport"));
            Assert.Empty(ManifestFile.ReadArray(Manifest, "VariablesToExport"));
            Assert.Empty(ManifestFile.ReadArray(Manifest, "AliasesToExport"));
        }

        [Fact]
        public void Arrays_are_read_in_every_shape_a_manifest_writes_them()
        {
            const string psd1 = "@{\n    RootModule = 'Konnaxion.Ops.psm1'\n    CmdletsToExport = @(\n        'Get-KxA'\n        # 'Get-KxCommentedOut'\n        \"Get-KxB\"\n    )\n" +
                                "    FormatsToProcess = @('a.ps1xml', 'b''s.ps1xml')\n    AliasesToExport = @()\n    FunctionsToExport = 'Only-One'\n}\n";

            Assert.Equal(new[] { "Get-KxA", "Get-KxB" }, ManifestFile.ReadArray(psd1, "CmdletsToExport"));
            Assert.Equal(new[] { "a.ps1xml", "b's.ps1xml" }, ManifestFile.ReadArray(psd1, "FormatsToProcess"));
            Assert.Empty(ManifestFile.ReadArray(psd1, "AliasesToExport"));
            Assert.Equal(new[] { "Only-One" }, ManifestFile.ReadArray(psd1, "FunctionsToExport"));
            Assert.Throws<FormatException>(() => ManifestFile.ReadArray(psd1, "TypesToProcess"));
        }

        [Fact]
        public void The_export_rule_catches_a_missing_an_extra_and_a_duplicate_cmdlet()
        {
            var violations = ManifestFile.ExportViolations(new[] { "Get-KxA", "Get-KxGone", "Get-KxA" }, new[] { "Get-KxA", "Wait-KxNew" });

            Assert.Equal(new[]
            {
                "Get-KxA is listed twice in CmdletsToExport",
                "Get-KxGone is in CmdletsToExport but no cmdlet class declares it",
                "Wait-KxNew is compiled but not in CmdletsToExport",
            }, violations);
        }
    }
}
