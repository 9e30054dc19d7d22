using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using Konnaxion.Ops.PowerShell.Tests.Engine;

namespace Konnaxion.Ops.PowerShell.Tests.Runbook
{
    /// <summary>Invoke-KxBuild: the fixture's build (`Invoke-KxBuild -Wait`) read back, and the prompts that keep it from running.</summary>
    public abstract partial class RunbookTests
    {
        [EngineFact]
        public void Invoke_KxBuild_Wait_emits_one_successful_result_for_the_whole_stack()
        {
            var result = Assert.Single(Backend.Build.Output);

            Assert.Equal("Konnaxion.Ops.KxBuildResult", result.BaseObject.GetType().FullName);
            Assert.Equal(true, Property(result, "Success"));
            Assert.Equal(Backend.ProjectName, Property(result, "Project"));
            Assert.Equal(new[] { "django", "postgres", "worker" }, Strings(Property(result, "Services")));
            Assert.StartsWith(Backend.Compose == "V1" ? "docker-compose 1." : "docker compose 2.", (string)Property(result, "ComposeVersion")!);
            using var session = NewSession();
            session.AssertNoSecret(Backend.Build);
        }

        [EngineFact]
        public void Invoke_KxBuild_reports_progress_for_the_build_and_each_service_and_completes_every_activity()
        {
            var progress = Backend.Build.Progress;
            var build = progress.First(p => p.ParentActivityId < 0);
            var services = progress.Where(p => p.ParentActivityId == build.ActivityId).Select(p => p.Activity).Distinct().OrderBy(a => a);

            Assert.Equal(new[] { "django", "postgres", "worker" }, services);
            foreach (var activity in progress.GroupBy(p => p.ActivityId))
            {
                Assert.True(activity.Last().RecordType == ProgressRecordType.Completed,
                    $"Progress activity '{activity.Last().Activity}' ended with '{activity.Last().StatusDescription}', not a Completed record.");
            }
        }

        [EngineFact]
        public void Invoke_KxBuild_WhatIf_shows_the_compose_command_line_and_changes_nothing()
        {
            using var session = NewSession();
            var before = Containers.StartTimes(Backend.ProjectName);

            var run = session.Run("Invoke-KxBuild -WhatIf");

            var whatIf = Assert.Single(Regex.Matches(run.Shown, "^What if: .*$", RegexOptions.Multiline)).Value.TrimEnd();
            Assert.Equal($"What if: Performing the operation \"Build and start django, postgres, worker [{LocalComposeLine} up -d --build]\" on target \"{Backend.ProjectName} (Local)\".", whatIf);
            Assert.Empty(run.Output);
            Assert.Empty(run.Progress);
            Assert.Equal(before, Containers.StartTimes(Backend.ProjectName));
        }

        [EngineFact]
        public void Invoke_KxBuild_Confirm_answered_No_runs_nothing()
        {
            using var session = NewSession();
            var before = Containers.StartTimes(Backend.ProjectName);
            session.Screen.AnswerChoice("No");

            var run = session.Run("Invoke-KxBuild -NoBuild -Confirm");

            var prompt = Assert.Single(run.Prompts);
            Assert.Contains($"{LocalComposeLine} up -d --no-build", prompt.Message);
            Assert.Null(run.Terminating);
            Assert.Empty(run.Errors);
            Assert.Empty(run.Output);
            Assert.Equal(before, Containers.StartTimes(Backend.ProjectName));
        }
    }
}
