using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
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

        /// <summary>The loader runs in any host, one that hosts PowerShell with nothing but its core commands included.</summary>
        [Fact]
        public void The_loader_uses_only_commands_of_Microsoft_PowerShell_Core()
        {
            var psm1 = Path.Combine(ModuleSession.ModuleFolder, "Konnaxion.Ops.psm1");
            var ast = Parser.ParseFile(psm1, out _, out var errors);
            Assert.Empty(errors);
            var commands = ast.FindAll(node => node is CommandAst, searchNestedScriptBlocks: true).Cast<CommandAst>()
                .Select(c => c.GetCommandName()).Distinct().ToList();
            using var session = new ModuleSession(import: false);

            var modules = commands.ToDictionary(c => c, c => session.Invoke($"(Get-Command '{c}').ModuleName").Single().ToString());

            Assert.NotEmpty(commands);
            Assert.All(modules, pair => Assert.True(pair.Value == "Microsoft.PowerShell.Core", $"Konnaxion.Ops.psm1 calls {pair.Key} of {pair.Value}"));
        }
    }
}
