using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Konnaxion.Ops.PowerShell.Tests.ConsoleHost;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Module
{
    /// <summary>The module imported as the README says, into PowerShell 7.6.</summary>
    public sealed class ModuleImportTests
    {
        [Fact]
        public void Import_from_the_laid_out_folder_exports_every_cmdlet_of_the_manifest()
        {
            using var session = new ModuleSession();

            var exported = session.Invoke("(Get-Module Konnaxion.Ops).ExportedCmdlets.Keys").Select(k => k.ToString()).OrderBy(k => k, StringComparer.Ordinal);
            var manifest = session.Invoke($"(Test-ModuleManifest '{ModuleSession.Manifest}').ExportedCmdlets.Keys").Select(k => k.ToString()).OrderBy(k => k, StringComparer.Ordinal);

            Assert.Equal(14, manifest.Count());
            Assert.Equal(manifest, exported);
            Assert.Equal("Cmdlet", session.Invoke("(Get-Command Get-KxServiceStatus).CommandType").Single().ToString());
        }

        [Fact]
        public void A_second_import_with_Force_keeps_the_module_working()
        {
            using var session = new ModuleSession();

            session.Invoke($"Import-Module '{ModuleSession.Manifest}' -Force");

            Assert.Equal("Production", session.Invoke("[Konnaxion.Ops.KxEnvironment]::Production").Single().ToString());
        }

        [Fact]
        public void Scripts_name_the_modules_types_and_test_objects_with_is()
        {
            using var session = new ModuleSession();

            var answers = session.Invoke("""
                [Konnaxion.Ops.KxEnvironment]'Production'
                [Konnaxion.Ops.KxEnvironment]::Local -is [Konnaxion.Ops.KxEnvironment]
                [Konnaxion.Ops.KxServiceStatus].FullName
                [Konnaxion.Ops.Errors.KxErrorIds]::ServiceNotFound
                """).Select(o => o.ToString()).ToList();

            Assert.Equal(new[] { "Production", "True", "Konnaxion.Ops.KxServiceStatus", "ServiceNotFound" }, answers);
        }

        /// <summary>
        /// The manifest loads the cmdlets as its nested module and the .psm1 runs nothing: no script runs at import (a host
        /// with nothing but PowerShell's core commands imports it, and fast), and no other module is loaded.
        /// </summary>
        [Fact]
        public void The_import_runs_no_script_and_loads_the_cmdlets_as_the_manifests_nested_module()
        {
            var ast = Parser.ParseFile(Path.Combine(ModuleSession.ModuleFolder, "Konnaxion.Ops.psm1"), out _, out var errors);
            using var session = new ModuleSession();

            var modules = session.Invoke("Get-Module | ForEach-Object { '{0} {1}: {2}' -f $_.Name, $_.ModuleType, (($_.NestedModules | ForEach-Object { '{0} {1}' -f $_.Name, $_.ModuleType }) -join ', ') }")
                .Select(m => m.ToString());

            Assert.Empty(errors);
            Assert.Empty(ast.EndBlock.Statements);
            Assert.Equal(new[] { "Konnaxion.Ops Script: Konnaxion.Ops Binary" }, modules);
        }

        /// <summary>A folder without its build output says which file is missing; one without bin/dependencies says to build.</summary>
        [Theory]
        [InlineData("bin", "bin/Konnaxion.Ops.dll', listed in field 'NestedModules' of module manifest")]
        [InlineData("bin/dependencies", "Konnaxion.Ops is not built: ")]
        public void A_module_folder_missing_its_build_output_fails_the_import_saying_what_is_missing(string missing, string expected)
        {
            var folder = Path.Combine(Path.GetTempPath(), $"kxtest-unbuilt-{Guid.NewGuid():N}", "Konnaxion.Ops");
            try
            {
                foreach (var file in Directory.EnumerateFiles(ModuleSession.ModuleFolder, "*", SearchOption.AllDirectories))
                {
                    var copy = Path.Combine(folder, Path.GetRelativePath(ModuleSession.ModuleFolder, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                    File.Copy(file, copy);
                }

                Directory.Delete(Path.Combine(folder, missing), recursive: true);

                // A pwsh of its own: this process has the built module's assemblies loaded already.
                var exit = Pwsh.Command($"Import-Module {Pwsh.Quote(Path.Combine(folder, "Konnaxion.Ops.psd1"))}", folder, TimeSpan.FromMinutes(1));

                Assert.NotEqual(0, exit.ExitCode);
                Assert.Contains(expected, exit.Error.ReplaceLineEndings(" "), StringComparison.Ordinal);
            }
            finally
            {
                Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
            }
        }
    }
}
