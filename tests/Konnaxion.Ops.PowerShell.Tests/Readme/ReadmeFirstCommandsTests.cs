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
    /// at the repository root: ./build.ps1 -Task Demo builds the module and runs the seed runbook against
    /// examples/konnaxion in a PowerShell process of its own, one cmdlet per manual command.
    /// </summary>
    public sealed class ReadmeFirstCommandsTests
    {
        private static readonly Regex FirstPowerShellBlock = new Regex(@"^```powershell\r?\n(?<commands>.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline);

        /// <summary>The header line of each step: "== cmdlet (replaces: manual command)".</summary>
        private static readonly Regex StepHeader = new Regex(@"^== (?<cmdlet>\S+) \(replaces: .+\)$", RegexOptions.Multiline);

        /// <remarks>
        /// ./build.ps1 lays out out/Konnaxion.Ops again while this process has its DLLs loaded (the hosted sessions import
        /// them from there): fine on Linux, where MSBuild's Copy deletes a file before it writes the new one, so the loaded
        /// one lives on as an unlinked file.
        /// The variables are what a person here would need too: no registry for the base images; and a project name of the
        /// test's own and a port the engine picks, so that it cannot meet a stack already running. The project is removed
        /// afterwards.
        /// The block runs twice on the same project, as a person runs the demo again: the second run finds the superuser
        /// made and goes on, and the session that ran build.ps1 has loaded none of the module's assemblies.
        /// </remarks>
        [EngineFact]
        public void The_first_command_builds_the_module_and_runs_the_runbook_against_the_sample_again_and_again()
        {
            DockerEngine.Require();
            var commands = FirstPowerShellBlock.Match(File.ReadAllText(Path.Combine(ModuleSession.RepositoryRoot, "README.md"))).Groups["commands"].Value;
            Assert.NotEmpty(commands);
            var project = $"kxtest-readme-{Guid.NewGuid().ToString("N").Substring(0, 8)}";
            const string loadedProbe = "\n'Konnaxion.Ops assemblies loaded here: ' + @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -like 'Konnaxion.Ops*' }).Count";

            PwshExit first, again;
            try
            {
                first = Run(commands, project);
                again = Run(commands + loadedProbe, project);
            }
            finally
            {
                DockerCli.RemoveProject(project);
            }

            var steps = AssertEveryStepRan(commands, first);
            AssertShows(steps["Invoke-KxBuild"], $@"^{project}\s+Local\s+Succeeded\b");
            AssertShows(steps["Get-KxServiceStatus"], $@"^\s+Project: {project}$");
            foreach (var service in new[] { "django", "postgres", "worker" })
            {
                AssertShows(steps["Get-KxServiceStatus"], $@"^{service}\s+running\b");
            }

            AssertShows(steps["New-KxSuperuser"], $@"^{project}\s+demo\s+demo@example\.com\b");
            AssertShows(steps["Restart-KxService"], $@"^\s+Project: {project}$");
            AssertShows(steps["Restart-KxService"], @"^django\s+running\b");

            var stepsAgain = AssertEveryStepRan(commands, again);
            AssertShows(stepsAgain["New-KxSuperuser"], @"^SuperuserExists \(demo\): done by an earlier run, left as it is\.$");
            AssertShows(stepsAgain["Restart-KxService"], @"^django\s+running\b");
            AssertShows(again.Output, @"^Konnaxion.Ops assemblies loaded here: 0$");

            // The sample's migrations are up to date, so makemigrations writes nothing into the repository, and what the
            // runbook records beside the compose file is committed as it writes it.
            Assert.Equal(string.Empty, GitStatusOfExamples());
        }

        private static PwshExit Run(string commands, string project) =>
            Pwsh.Command(commands, ModuleSession.RepositoryRoot, TimeSpan.FromMinutes(20), new Dictionary<string, string?>
            {
                ["KX_BASE_IMAGE"] = SampleBackend.BaseImage,
                ["COMPOSE_PROJECT_NAME"] = project,
                // Host port 0: the engine picks a free one.
                ["KX_DJANGO_PORT"] = "0",
            });

        /// <summary>Asserts that the run succeeded through the six steps in the runbook's order; returns what each step printed.</summary>
        private static IReadOnlyDictionary<string, string> AssertEveryStepRan(string commands, PwshExit exit)
        {
            Assert.True(exit.ExitCode == 0 && exit.Error.Length == 0, $"The README's commands failed:\n{commands}\n{exit}");
            var output = exit.Output.Replace("\r\n", "\n", StringComparison.Ordinal);
            var headers = StepHeader.Matches(output);
            Assert.Equal(new[] { "Invoke-KxBuild", "New-KxMigration", "Invoke-KxMigrate", "Get-KxServiceStatus", "New-KxSuperuser", "Restart-KxService" },
                headers.Select(header => header.Groups["cmdlet"].Value));
            return headers.Select((header, i) => (header, end: i + 1 < headers.Count ? headers[i + 1].Index : output.Length))
                .ToDictionary(step => step.header.Groups["cmdlet"].Value, step => output.Substring(step.header.Index, step.end - step.header.Index));
        }

        private static void AssertShows(string text, string pattern) =>
            Assert.True(Regex.IsMatch(text, pattern, RegexOptions.Multiline), $"The output does not show /{pattern}/:\n{text}");

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
