using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Konnaxion.Ops.ModuleLayout.Packaging;

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
        public void The_repository_manifest_holds_the_version_placeholder_and_the_laid_out_one_the_built_version()
        {
            var built = AssemblyName.GetAssemblyName(ModuleBuild.CmdletAssembly).Version!;
            var laidOut = Version.Parse(new ModuleManifest(File.ReadAllText(Path.Combine(ModuleBuild.ModuleFolder, "Konnaxion.Ops.psd1"))).ReadString("ModuleVersion"));

            Assert.Equal(ModuleManifest.VersionPlaceholder, new ModuleManifest(Manifest).ReadString("ModuleVersion"));
            Assert.Equal(new Version(built.Major, built.Minor, built.Build), laidOut);
        }

        [Fact]
        public void The_manifest_has_what_a_gallery_shows()
        {
            var manifest = new ModuleManifest(Manifest);
            foreach (var key in new[] { "Description", "Author", "CompanyName", "Copyright", "ReleaseNotes" })
            {
                Assert.False(string.IsNullOrWhiteSpace(manifest.ReadString(key)), key + " is empty");
            }

            Assert.Contains("Konnaxion.Ops contributors", manifest.ReadString("Copyright"), StringComparison.Ordinal);
            Assert.Superset(new[] { "PSEdition_Desktop", "PSEdition_Core", "Windows", "Linux", "MacOS" }.ToHashSet(), manifest.ReadArray("Tags").ToHashSet());
            // No public URL is known to the repository: a release passes KxProjectUri/KxLicenseUri, none is made up here.
            Assert.Null(manifest.TryReadString("ProjectUri"));
            Assert.Null(manifest.TryReadString("LicenseUri"));
        }

        [Fact]
        public void Stamping_writes_the_version_and_a_release_s_urls_once()
        {
            var stamped = new ModuleManifest(Manifest).Stamped("1.2.3", "https://example.invalid/project", "https://example.invalid/license");

            Assert.Equal("1.2.3", stamped.ReadString("ModuleVersion"));
            Assert.Equal("https://example.invalid/project", stamped.ReadString("ProjectUri"));
            Assert.Equal("https://example.invalid/license", stamped.ReadString("LicenseUri"));
            Assert.Equal(stamped.Text, stamped.Stamped("1.2.3", "https://example.invalid/project", "https://example.invalid/license").Text);
            Assert.Equal(new ModuleManifest(Manifest).ReadArray("CmdletsToExport"), stamped.ReadArray("CmdletsToExport"));
            Assert.Throws<FormatException>(() => new ModuleManifest(Manifest).Stamped("one", null, null));
            Assert.Throws<FormatException>(() => new ModuleManifest(Manifest).Stamped("1.2.3", "not a url", null));
        }

        [Fact]
        public void The_nuspec_tags_the_package_as_a_module_with_each_exported_cmdlet()
        {
            var manifest = new ModuleManifest(Manifest).Stamped("1.2.3", null, null);
            var nuspec = XDocument.Parse(Nuspec.Write(manifest));
            string Field(string name) => nuspec.Descendants().Single(e => e.Name.LocalName == name).Value;
            var tags = Field("tags").Split(' ');

            Assert.Equal("Konnaxion.Ops", Field("id"));
            Assert.Equal("1.2.3", Field("version"));
            Assert.Equal("MIT", Field("license"));
            Assert.Equal(manifest.ReadString("Description"), Field("description"));
            Assert.Contains("PSModule", tags);
            Assert.Contains("PSIncludes_Cmdlet", tags);
            Assert.Equal(manifest.ReadArray("CmdletsToExport").Select(c => "PSCmdlet_" + c).OrderBy(t => t), tags.Where(t => t.StartsWith("PSCmdlet_", StringComparison.Ordinal)).OrderBy(t => t));
            Assert.DoesNotContain(nuspec.Descendants(), e => e.Name.LocalName == "projectUrl");
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
