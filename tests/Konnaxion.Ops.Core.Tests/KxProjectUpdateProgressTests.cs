using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Tests.Integration;
using Konnaxion.Ops.Tests.Processes;

namespace Konnaxion.Ops.Tests
{
    /// <summary>Invoke-KxUpdate's progress: a record per step, the build's own per service, all completed when a step fails.</summary>
    public sealed class KxProjectUpdateProgressTests
    {
        private static readonly string Backend = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend");

        [Fact]
        public void A_failed_build_step_still_completes_the_update_and_build_progress()
        {
            var runner = new FakeProcessRunner
            {
                Otherwise = _ => new FakeResponse(1,
                    new ProcessLine(ProcessStream.StandardOutput, "#5 [django 2/9] WORKDIR /app"),
                    new ProcessLine(ProcessStream.StandardError, "failed to solve: process \"/bin/sh -c pip install\" did not complete successfully: exit code: 1")),
            }.On("docker compose version", 0, "Docker Compose version v2.26.1");
            using var project = KxProject.Open(Backend, KxEnvironment.Local, new KxProjectOptions { Compose = ComposeFlavor.V2, ProjectName = "kxupdate", ProcessRunner = runner });
            var output = new RecordingOutput();

            var result = project.Update().Invoke(output, CancellationToken.None);

            Assert.False(result.Success);
            var update = output.Progress.Where(p => p.Activity == "Updating kxupdate (Local)").ToList();
            Assert.Equal(new[] { ("Step 1 of 5: Build", 0, false), ("1 of 5 steps run", 100, true) },
                update.Select(p => (p.Status, p.PercentComplete, p.Completed)));
            Assert.Contains(output.Progress, p => p.Activity == "django" && p.Status == "Building: step 2/9 WORKDIR /app");
            foreach (var activity in output.Progress.GroupBy(p => p.ActivityId))
            {
                Assert.True(activity.Last().Completed, $"activity {activity.Key} ({activity.Last().Activity}) was left open");
            }

            Assert.Same(update.Last(), output.Progress.Last());
        }
    }
}
