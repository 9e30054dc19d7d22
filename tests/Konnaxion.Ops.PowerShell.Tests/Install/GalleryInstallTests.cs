using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Konnaxion.Ops.PowerShell.Tests.ConsoleHost;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Install
{
    /// <summary>
    /// The package as a gallery serves it and PowerShell installs it: found by Get-Module -ListAvailable, its cmdlets
    /// autoloaded without Import-Module, the version asked for loaded when two are installed, its manifest valid. Each
    /// check in a fresh pwsh whose only modules are the installed ones.
    /// </summary>
    public sealed class GalleryInstallTests : IClassFixture<GalleryPackages>
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

        private readonly GalleryPackages _packages;

        public GalleryInstallTests(GalleryPackages packages) => _packages = packages;

        [Fact]
        public void The_package_holds_the_module_at_its_root_and_a_nuspec_a_gallery_reads()
        {
            using var package = ZipFile.OpenRead(_packages.PackagePath(_packages.Version));
            var roots = package.Entries.Select(e => e.FullName.Split('/')[0]).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();

            Assert.Equal(new[] { "CHANGELOG.md", "Konnaxion.Ops.format.ps1xml", "Konnaxion.Ops.nuspec", "Konnaxion.Ops.psd1", "Konnaxion.Ops.psm1", "LICENSE",
                "[Content_Types].xml", "_rels", "bin", "en-US", "package" }.OrderBy(n => n, StringComparer.Ordinal), roots);
            using var nuspecStream = package.GetEntry("Konnaxion.Ops.nuspec")!.Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
            var tags = Field("tags").Split(' ');
            Assert.Equal(("Konnaxion.Ops", _packages.Version, "MIT"), (Field("id"), Field("version"), Field("license")));
            Assert.False(string.IsNullOrWhiteSpace(Field("authors")));
            Assert.False(string.IsNullOrWhiteSpace(Field("description")));
            Assert.Contains("PSModule", tags);
            Assert.Contains("PSIncludes_Cmdlet", tags);
            Assert.Contains("PSCmdlet_Get-KxProject", tags);
            Assert.Contains("PSCmdlet_Invoke-KxBuild", tags);
        }

        [Fact]
        public void Installed_it_is_listed_and_a_cmdlet_autoloads_without_Import_Module()
        {
            var sample = Path.Combine(ModuleSession.RepositoryRoot, "examples", "konnaxion");
            var run = Pwsh.Command(
                "(Get-Module -ListAvailable Konnaxion.Ops | Sort-Object Version | ForEach-Object { $_.Version.ToString() }) -join ','; " +
                $"(Get-KxProject -Path {Pwsh.Quote(sample)} -DockerHost unix:///nonexistent.sock -WarningAction SilentlyContinue).ProjectName; " +
                "$loaded = Get-Module Konnaxion.Ops; $loaded.Version.ToString(); $loaded.ModuleBase",
                ModuleSession.RepositoryRoot, Timeout, _packages.Environment);

            var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.True(run.ExitCode == 0 && run.Error.Length == 0, run.ToString());
            Assert.Equal(new[] { $"{_packages.Version},{_packages.LaterVersion}", "backend", _packages.LaterVersion,
                Path.Combine(_packages.ModulesFolder, "Konnaxion.Ops", _packages.LaterVersion) }, lines);
        }

        [Fact]
        public void With_two_versions_installed_the_one_asked_for_is_loaded()
        {
            foreach (var version in new[] { _packages.Version, _packages.LaterVersion })
            {
                var run = Pwsh.Command(
                    $"Import-Module Konnaxion.Ops -RequiredVersion {version}; (Get-Command Get-KxProject).Module.Version.ToString(); @(Get-Module Konnaxion.Ops).Count",
                    ModuleSession.RepositoryRoot, Timeout, _packages.Environment);

                Assert.True(run.ExitCode == 0 && run.Error.Length == 0, run.ToString());
                Assert.Equal(new[] { version, "1" }, run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        [Fact]
        public void Test_ModuleManifest_passes_on_the_installed_manifest()
        {
            using var session = new ModuleSession(import: false);

            var run = session.Run($"Test-ModuleManifest -Path {Pwsh.Quote(_packages.InstalledManifest(_packages.Version))}");

            Assert.True(run.Terminating == null && run.Errors.Count == 0, run.Everything());
            var manifest = run.Output.Single();
            Assert.Equal(_packages.Version, manifest.Properties["Version"].Value.ToString());
            Assert.Contains("Get-KxProject", ((System.Collections.IDictionary)manifest.Properties["ExportedCmdlets"].Value).Keys.Cast<string>());
        }
    }
}
