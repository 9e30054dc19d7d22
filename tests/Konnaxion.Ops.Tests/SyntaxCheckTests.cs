using System.Linq;

namespace Konnaxion.Ops.Commands.Tests
{
    public sealed class SyntaxCheckTests
    {
        [SyntaxCheckFact]
        public void Every_PowerShell_file_of_the_repository_parses()
        {
            SyntaxCheck.Require();

            var (_, lines) = SyntaxCheck.Run(ModuleBuild.RepositoryRoot);

            Violations.AssertNone(SyntaxCheck.Violations(lines));
            Assert.True(lines.Last().StartsWith("syntax-check: ", System.StringComparison.Ordinal), string.Join("\n", lines));
            Assert.Superset(new[] { "Konnaxion.Ops.psd1", "Konnaxion.Ops.psm1", "build.ps1", "tests/pester/Module.Tests.ps1", "tests/pester/WhatIf.Tests.ps1" }.ToHashSet(),
                SyntaxCheck.Parsed(lines).ToHashSet());
        }

        [SyntaxCheckFact]
        public void The_check_catches_a_broken_script()
        {
            SyntaxCheck.Require();
            using var folder = new TempFolder();
            folder.Write("good.ps1", "function Get-Thing {\n    param([string] $Name)\n    \"Hello $Name\" | Write-Output\n}\n");
            folder.Write("broken.psm1", "function Get-Thing {\n    if ($x) {\n        'unclosed'\n}\n");

            var (exitCode, lines) = SyntaxCheck.Run(folder.Root);

            Assert.Equal(1, exitCode);
            var violation = Assert.Single(SyntaxCheck.Violations(lines));
            Assert.StartsWith("SYNTAX ERROR broken.psm1:", violation);
            Assert.Equal(new[] { "good.ps1" }, SyntaxCheck.Parsed(lines));
        }

        [Fact]
        public void Build_output_and_packages_are_not_the_repositorys_own_files() =>
            Assert.Equal(new[] { "SYNTAX ERROR tests/pester/Broken.Tests.ps1:3:1" },
                SyntaxCheck.Violations(new[]
                {
                    "SYNTAX ERROR out/Konnaxion.Ops/Konnaxion.Ops.psm1:1:1",
                    "SYNTAX ERROR .ci/syntax-check/node_modules/x/y.ps1:1:1",
                    "SYNTAX ERROR src/Konnaxion.Ops/bin/Debug/a.ps1:1:1",
                    "SYNTAX ERROR tests/pester/Broken.Tests.ps1:3:1",
                    "ok build.ps1",
                }));
    }
}
