using System;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Tests.Integration;
using Konnaxion.Ops.Tests.Processes;

namespace Konnaxion.Ops.Tests
{
    /// <summary>Waiting's arguments, its failure without an engine, and the Build -Wait plan; the waiting itself is in StatusTests.</summary>
    public sealed class KxProjectWaitTests
    {
        private static readonly string Backend = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend");

        private static readonly string DeadSocket = "unix://" + Path.Combine(Path.GetTempPath(), "kx-nothing-" + Guid.NewGuid().ToString("N") + ".sock");

        [Fact]
        public void Waiting_without_an_engine_fails_at_once_with_EngineUnreachable_and_closes_its_progress()
        {
            using var project = KxProject.Open(Backend, KxEnvironment.Local, new KxProjectOptions { DockerHost = DeadSocket });
            var output = new RecordingOutput();

            var error = Assert.Throws<KxException>(() =>
                project.WaitForServices(new[] { "postgres" }, KxWaitCondition.Healthy, TimeSpan.FromMinutes(5), output, CancellationToken.None));

            Assert.Equal((KxErrorIds.EngineUnreachable, (object)DeadSocket), (error.ErrorId, error.TargetObject));
            var progress = Assert.Single(output.Progress);
            Assert.Equal(("Waiting for postgres to be healthy", true), (progress.Activity, progress.Completed));
            Assert.Equal(new[] { "Waiting for postgres to be healthy, for at most 300 s." }, output.Verbose);
        }

        [Fact]
        public void Waiting_for_a_service_the_compose_file_lacks_fails_before_asking_the_engine()
        {
            using var project = KxProject.Open(Backend, KxEnvironment.Local, new KxProjectOptions { DockerHost = DeadSocket });

            var error = Assert.Throws<KxException>(() =>
                project.WaitForServices(new[] { "redis" }, KxWaitCondition.Running, TimeSpan.FromMinutes(1), new RecordingOutput(), CancellationToken.None));

            Assert.Equal((KxErrorIds.ServiceNotFound, (object)"redis"), (error.ErrorId, error.TargetObject));
        }

        [Fact]
        public void A_negative_timeout_other_than_infinite_is_refused()
        {
            using var project = KxProject.Open(Backend, KxEnvironment.Local, new KxProjectOptions { DockerHost = DeadSocket });

            var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
                project.WaitForServices(new[] { "postgres" }, KxWaitCondition.Running, TimeSpan.FromSeconds(-1), new RecordingOutput(), CancellationToken.None));

            Assert.Equal("timeout", error.ParamName);
        }

        [Fact]
        public void Build_with_wait_names_the_wait_in_its_action_and_runs_only_up()
        {
            var runner = new FakeProcessRunner().On("docker compose version", 0, "Docker Compose version 2.26.1-4");
            using var project = KxProject.Open(Backend, KxEnvironment.Local,
                new KxProjectOptions { Compose = ComposeFlavor.V2, ProjectName = "kxplan", ProcessRunner = runner });

            var all = project.Build(waitFor: KxWaitCondition.Healthy);
            var one = project.Build(new[] { "postgres" }, noBuild: true, KxWaitCondition.Running, TimeSpan.FromSeconds(30));

            Assert.Equal("Build and start django, postgres, worker, then wait up to 120 s for them to be healthy", all.Action);
            Assert.Equal("Start postgres, then wait up to 30 s for it to be running", one.Action);
            Assert.Equal("Build and start django, postgres, worker", project.Build().Action);
            Assert.Equal(new[] { "up -d --no-build postgres" }, one.CommandLines.Select(line => line.Substring(line.IndexOf(" up ", StringComparison.Ordinal) + 1)));
            Assert.Equal(new[] { "docker compose version" }, runner.CommandLines);
        }

        [Fact]
        public void Build_with_wait_does_not_wait_when_up_fails()
        {
            var runner = new FakeProcessRunner().On("docker compose version", 0, "Docker Compose version 2.26.1-4");
            using var project = KxProject.Open(Backend, KxEnvironment.Local,
                new KxProjectOptions { Compose = ComposeFlavor.V2, ProjectName = "kxplan", ProcessRunner = runner, DockerHost = DeadSocket });
            var operation = project.Build(new[] { "postgres" }, noBuild: true, KxWaitCondition.Healthy);
            runner.OnStdErr(FakeProcessRunner.KeyOf(project.Context.Compose.Command(new[] { "up", "-d", "--no-build", "postgres" })), 1, "no such image");

            // Waiting would ask the dead engine and throw EngineUnreachable.
            var result = operation.Invoke(new RecordingOutput());

            Assert.Equal((false, 1, "compose up failed with exit code 1: no such image"), (result.Success, result.ExitCode, result.FailureMessage));
            Assert.Empty(result.ServiceStatus);
        }
    }
}
