using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Konnaxion.Ops.PowerShell.Tests.ConsoleHost;
using Konnaxion.Ops.PowerShell.Tests.Engine;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Pester
{
    /// <summary>
    /// The Pester suite shipped in tests/pester, each file run by Pester 5.7.1 (the downloaded package, imported by path)
    /// in a pwsh of its own against the laid-out module, as build.ps1 -Task Test runs it. A process of its own: the suite
    /// puts a fake docker first on PATH and imports the module with -Force, which must not reach this process.
    /// Each test checks which tests passed and which were skipped, so that a skipped one never counts as a pass.
    /// </summary>
    public sealed class ShippedPesterSuiteTests
    {
        private static readonly string Suite = Path.Combine(ModuleSession.RepositoryRoot, "tests", "pester");

        [Fact]
        public void Module_tests_all_pass_but_the_Windows_PowerShell_one_which_is_skipped()
        {
            using var session = new ModuleSession();
            var cmdlets = session.Invoke("@(Get-Command -Module Konnaxion.Ops).Count").Single().BaseObject;
            var views = session.Invoke("@(Get-Command -Module Konnaxion.Ops | ForEach-Object { $_.OutputType.Name } | Where-Object { $_ -like 'Konnaxion.Ops.*' } | Sort-Object -Unique).Count").Single().BaseObject;

            var run = PesterRun.Of("Module.Tests.ps1");

            run.AssertNothingFailed();
            Assert.Equal(new[] { "Loading.loads Konnaxion.Ops.Yaml from bin/dependencies on Windows PowerShell" }, run.WithResult("Skipped"));
            // The manifest 2, help 4 a cmdlet, the about topic 1, a view a type, the status table 1, completion 5,
            // loading 3 on PowerShell 7.
            Assert.Equal(2 + 4 * (int)cmdlets + 1 + (int)views + 1 + 5 + 3, run.WithResult("Passed").Count);
        }

        [Fact]
        public void WhatIf_tests_pass_for_every_cmdlet_that_changes_something()
        {
            using var session = new ModuleSession();
            var changing = session.Invoke("Get-Command -Module Konnaxion.Ops | Where-Object { $_.Parameters.ContainsKey('WhatIf') } | ForEach-Object Name")
                .Select(name => $"{name} -WhatIf.runs nothing but compose version and changes no file").OrderBy(p => p, StringComparer.Ordinal).ToList();

            var run = PesterRun.Of("WhatIf.Tests.ps1");

            run.AssertNothingFailed();
            Assert.Empty(run.WithResult("Skipped"));
            Assert.NotEmpty(changing);
            Assert.Equal(changing, run.WithResult("Passed"));
        }

        /// <summary>The suite skips its engine tests when `docker info` fails; here, as in CI, they must run.</summary>
        [EngineFact]
        public void Engine_tests_build_pipe_restart_and_create_a_superuser_against_the_engine()
        {
            DockerEngine.Require();

            var run = PesterRun.Of("Engine.Tests.ps1");

            run.AssertNothingFailed();
            Assert.Empty(run.WithResult("Skipped"));
            Assert.Equal(new[]
            {
                "Against the Docker engine.builds and starts every service",
                "Against the Docker engine.creates a superuser from a credential without showing its password",
                "Against the Docker engine.restarts the services piped from Get-KxServiceStatus",
                "Against the Docker engine.shows postgres healthy in the status table",
            }, run.WithResult("Passed"));
        }

        /// <summary>What Invoke-Pester -PassThru returned for one file, and what pwsh printed while it ran.</summary>
        private sealed record PesterRun(string Result, int FailedBlocksCount, int FailedContainersCount, IReadOnlyList<(string Path, string Result)> Tests, PwshExit Process)
        {
            public static PesterRun Of(string file)
            {
                var summary = Path.Combine(Path.GetTempPath(), $"kxtest-pester-{Guid.NewGuid():N}.json");
                var pester = Path.Combine(ModuleSession.NuGetPackageRoot, "pester", "5.7.1", "tools", "Pester.psd1");
                var command = $$"""
                    $ErrorActionPreference = 'Stop'
                    Import-Module {{Pwsh.Quote(pester)}}
                    $configuration = New-PesterConfiguration
                    $configuration.Run.Path = {{Pwsh.Quote(Path.Combine(Suite, file))}}
                    $configuration.Run.PassThru = $true
                    $configuration.Output.Verbosity = 'Detailed'
                    $run = Invoke-Pester -Configuration $configuration
                    [pscustomobject]@{
                        Result = $run.Result
                        FailedBlocksCount = $run.FailedBlocksCount
                        FailedContainersCount = $run.FailedContainersCount
                        Tests = @($run.Tests | ForEach-Object { [pscustomobject]@{ Path = $_.ExpandedPath; Result = [string] $_.Result } })
                    } | ConvertTo-Json -Depth 3 | Set-Content -LiteralPath {{Pwsh.Quote(summary)}} -Encoding utf8
                    """;
                try
                {
                    var process = Pwsh.Command(command, ModuleSession.RepositoryRoot, TimeSpan.FromMinutes(20),
                        new Dictionary<string, string?> { ["KX_MODULE_MANIFEST"] = ModuleSession.Manifest });
                    Assert.True(process.ExitCode == 0 && File.Exists(summary), $"Running {file} under Pester failed: {process}");
                    using var json = JsonDocument.Parse(File.ReadAllText(summary));
                    var root = json.RootElement;
                    var tests = root.GetProperty("Tests").EnumerateArray()
                        .Select(t => (t.GetProperty("Path").GetString()!, t.GetProperty("Result").GetString()!)).ToList();
                    return new PesterRun(root.GetProperty("Result").GetString()!, root.GetProperty("FailedBlocksCount").GetInt32(),
                        root.GetProperty("FailedContainersCount").GetInt32(), tests, process);
                }
                finally
                {
                    File.Delete(summary);
                }
            }

            /// <summary>The paths (Describe.It) of the tests with that result, in ordinal order.</summary>
            public IReadOnlyList<string> WithResult(string result) =>
                Tests.Where(t => t.Result == result).Select(t => t.Path).OrderBy(p => p, StringComparer.Ordinal).ToList();

            /// <summary>No test failed or was left not run, and no BeforeAll, AfterAll or discovery failed around them.</summary>
            public void AssertNothingFailed()
            {
                var unexpected = Tests.Where(t => t.Result != "Passed" && t.Result != "Skipped").Select(t => $"{t.Result}: {t.Path}").ToList();
                Assert.True(Result == "Passed" && FailedBlocksCount == 0 && FailedContainersCount == 0 && unexpected.Count == 0,
                    $"Pester: {Result}, {FailedBlocksCount} failed block(s), {FailedContainersCount} failed container(s); {string.Join("; ", unexpected)}\n{Process.Output}\n{Process.Error}");
            }
        }
    }
}
