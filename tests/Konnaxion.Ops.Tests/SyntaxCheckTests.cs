using System.Linq;

namespace Konnaxion.Ops.Commands.Tests
{
    public sealed class SyntaxCheckTests
    {
        [Fact]
        public void Every_PowerShell_file_of_the_repository_parses()
        {
            var (parsed, violations) = SyntaxCheck.Run(ModuleBuild.RepositoryRoot);

            Violations.AssertNone(violations);
            Assert.Superset(new[] { "Konnaxion.Ops.psd1", "Konnaxion.Ops.psm1", "build.ps1", "tests/pester/Module.Tests.ps1", "tests/pester/WhatIf.Tests.ps1" }.ToHashSet(),
                parsed.ToHashSet());
        }

        [Fact]
        public void The_check_catches_a_broken_script()
        {
            using var folder = new TempFolder();
            folder.Write("good.ps1", "function Get-Thing {\n    param([string] $Name)\n    \"Hello $Name\" | Write-Output\n}\n");
            folder.Write("broken.psm1", "function Get-Thing {\n    if ($x) {\n        'unclosed'\n}\n");

            var (parsed, violations) = SyntaxCheck.Run(folder.Root);

            Assert.Equal(new[] { "broken.psm1:1:20: Missing closing '}' in statement block or type definition." }, violations);
            Assert.Equal(new[] { "good.ps1" }, parsed);
        }

        [Fact]
        public void Build_output_and_packages_are_not_the_repositorys_own_files()
        {
            const string broken = "if ($x) {\n";
            using var folder = new TempFolder();
            folder.Write("out/Konnaxion.Ops/Konnaxion.Ops.psm1", broken);
            folder.Write(".ci/tool/node_modules/x/y.ps1", broken);
            folder.Write("src/Konnaxion.Ops/bin/Debug/a.ps1", broken);
            folder.Write("src/Konnaxion.Ops/obj/a.ps1", broken);
            folder.Write("TestResults/a.ps1", broken);
            folder.Write(".git/a.ps1", broken);
            folder.Write("tests/pester/Broken.Tests.ps1", broken);
            folder.Write("build.ps1", "param([string[]] $Task = 'Build')\n");
            folder.Write("README.md", broken);

            Assert.Equal(new[] { "build.ps1", "tests/pester/Broken.Tests.ps1" }, SyntaxCheck.Files(folder.Root));
            var (parsed, violations) = SyntaxCheck.Run(folder.Root);
            Assert.Equal(new[] { "build.ps1" }, parsed);
            Assert.Equal(new[] { "tests/pester/Broken.Tests.ps1:1:9: Missing closing '}' in statement block or type definition." }, violations);
        }
    }
}
