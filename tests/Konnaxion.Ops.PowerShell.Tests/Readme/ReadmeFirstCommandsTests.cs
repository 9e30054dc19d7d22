using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Konnaxion.Ops.PowerShell.Tests.ConsoleHost;
using Konnaxion.Ops.PowerShell.Tests.Engine;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Readme
{
    /// <summary>
    /// The README's first command block, read from README.md and typed as it stands into PowerShell 7.6's console host
    /// at the repository root: it builds the module, imports it and runs the runbook against examples/konnaxion.
    /// </summary>
    public sealed class ReadmeFirstCommandsTests
    {
        private static readonly Regex FirstPowerShellBlock = new Regex(@"^```powershell\r?\n(?<commands>.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline);

        /// <remarks>
        /// ./build.ps1 lays out out/Konnaxion.Ops again while this process has its DLLs loaded (the hosted sessions import
        /// them from there): fine on Linux, where MSBuild's Copy deletes a file before it writes the new one, so the loaded
        /// one lives on as an unlinked file.
        /// The variables are what a person here would need too: no registry for the base images; and a project name of the
        /// test's own and a port the engine picks, so that it cannot meet a stack already running. The project is removed
        /// afterwards.
        /// </remarks>
        [EngineFact]
        public void The_first_commands_build_the_module_and_run_the_runbook_against_the_sample()
        {
            DockerEngine.Require();
            var commands = FirstPowerShellBlock.Match(File.ReadAllText(Path.Combine(ModuleSession.RepositoryRoot, "README.md"))).Groups["commands"].Value;
            Assert.NotEmpty(commands);
            var project = $"kxtest-readme-{Guid.NewGuid().ToString("N").Substring(0, 8)}";

            PwshExit exit;
            try
            {
                exit = Pwsh.Command(commands, ModuleSession.RepositoryRoot, TimeSpan.FromMinutes(20), new Dictionary<string, string?>
                {
                    ["KX_BASE_IMAGE"] = SampleBackend.BaseImage,
                    ["COMPOSE_PROJECT_NAME"] = project,
                    // Host port 0: the engine picks a free one.
                    ["KX_DJANGO_PORT"] = "0",
                });
            }
            finally
            {
                DockerCli.RemoveProject(project);
            }

            Assert.True(exit.ExitCode == 0 && exit.Error.Length == 0, $"The README's commands failed:\n{commands}\n{exit}");
            // The block is one script, so one Out-Default shows all its objects: the build result first, in its table;
            // the status objects that follow are of another type, which PowerShell then lists, every property a line.
            var shows = new[] { $@"(?m)^{project}\s+Local\s+Succeeded\b" }.Concat(new[] { "django", "postgres", "worker" }
                .Select(service => $@"(?m)^Project\s+:\s+{project}\n^Service\s+:\s+{service}\n(?:.+\n)*?^State\s+:\s+running$"));
            foreach (var shown in shows)
            {
                Assert.True(Regex.IsMatch(exit.Output, shown), $"The output does not show /{shown}/:\n{exit.Output}");
            }

            // The sample's migrations are up to date, so makemigrations writes nothing into the repository, and what the
            // runbook records beside the compose file is committed as it writes it.
            Assert.Equal(string.Empty, GitStatusOfExamples());
        }

        /// <summary>What git sees new or changed under examples/, ignored files aside.</summary>
        private static string GitStatusOfExamples()
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = ModuleSession.RepositoryRoot, RedirectStandardOutput = true, RedirectStandardInput = true };
            foreach (var argument in new[] { "status", "--porcelain", "--untracked-files=all", "--", "examples/" })
            {
                start.ArgumentList.Add(argument);
            }

            using var git = Process.Start(start)!;
            git.StandardInput.Close();
            var status = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            Assert.Equal(0, git.ExitCode);
            return status;
        }
    }
}
