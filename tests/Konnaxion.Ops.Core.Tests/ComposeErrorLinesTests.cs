using System.IO;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Tests.Processes;

namespace Konnaxion.Ops.Tests
{
    /// <summary>Compose's reasons picked from stderr as compose v1 1.29 and v2 2.26 wrote it against engine 20.10.</summary>
    public sealed class ComposeErrorLinesTests
    {
        private const string Proxy = "driver failed programming external connectivity on endpoint kxtest_web_1 (474c0d7d): Error starting userland proxy: listen tcp4 0.0.0.0:38517: bind: address already in use";

        [Fact]
        public void V1_port_taken_gives_the_daemons_reason_once_not_the_summary()
        {
            var stderr = new[]
            {
                "Creating network \"kxtest_default\" with the default driver",
                "Creating kxtest_web_1 ... ",
                "Creating kxtest_web_1 ... error",
                "",
                "ERROR: for kxtest_web_1  Cannot start service web: " + Proxy,
                "",
                "ERROR: for web  Cannot start service web: " + Proxy,
                "Encountered errors while bringing up the project.",
            };

            Assert.Equal(new[] { "ERROR: for kxtest_web_1  Cannot start service web: " + Proxy }, ComposeErrorLines.Select(stderr));
        }

        [Fact]
        public void V2_port_taken_gives_the_daemons_answer()
        {
            var stderr = new[] { " Container kxtest-web-1  Starting", "Error response from daemon: " + Proxy };

            Assert.Equal(new[] { "Error response from daemon: " + Proxy }, ComposeErrorLines.Select(stderr));
        }

        [Fact]
        public void A_failing_build_step_gives_buildkits_fuller_line_once_and_v1s_summary()
        {
            var v1 = new[]
            {
                "#5 [2/2] RUN exit 3",
                "#5 ERROR: executor failed running [/bin/sh -c exit 3]: exit code: 3",
                "------",
                " > [2/2] RUN exit 3:",
                "------",
                "ERROR: failed to solve: executor failed running [/bin/sh -c exit 3]: exit code: 3",
                "Service 'web' failed to build : Build failed",
            };
            var v2 = new[]
            {
                "#5 [web 2/2] RUN exit 3",
                "#5 ERROR: executor failed running [/bin/sh -c exit 3]: exit code: 3",
                "------",
                "failed to solve: executor failed running [/bin/sh -c exit 3]: exit code: 3",
            };

            Assert.Equal(new[] { "ERROR: failed to solve: executor failed running [/bin/sh -c exit 3]: exit code: 3", "Service 'web' failed to build : Build failed" },
                ComposeErrorLines.Select(v1));
            Assert.Equal(new[] { "failed to solve: executor failed running [/bin/sh -c exit 3]: exit code: 3" }, ComposeErrorLines.Select(v2));
        }

        [Fact]
        public void Without_an_error_line_the_last_line_comes_after_what_compose_was_doing()
        {
            var v1 = new[]
            {
                "Creating network \"kxtest_default\" with the default driver",
                "Pulling web (kxtest-missing:none)...",
                "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host",
                "",
            };

            Assert.Equal(new[] { "Pulling web (kxtest-missing:none)...", v1[2] }, ComposeErrorLines.Select(v1));
            Assert.Equal(new[] { "no such image" }, ComposeErrorLines.Select(new[] { "no such image" }));
            Assert.Empty(ComposeErrorLines.Select(new[] { " ", "" }));
        }

        [Fact]
        public void At_most_a_few_lines_the_first_ones()
        {
            var stderr = new[] { "error: one", "error: two", "error: three", "error: four" };

            Assert.Equal(new[] { "error: one", "error: two", "error: three" }, ComposeErrorLines.Select(stderr));
        }

        [Fact]
        public void Build_quotes_v1s_reason_in_its_failure_message()
        {
            var runner = new FakeProcessRunner()
                .On("docker compose version", 0, "Docker Compose version 2.26.1-4")
                .On("docker-compose version", 0, "docker-compose version 1.29.2, build unknown");
            using var project = KxProject.Open(Path.Combine(Integration.SampleStack.RepositoryRoot, "examples", "konnaxion", "backend"), KxEnvironment.Local,
                new KxProjectOptions { Compose = ComposeFlavor.V1, ProjectName = "kxplan", ProcessRunner = runner });
            var operation = project.Build(new[] { "postgres" }, noBuild: true);
            runner.OnStdErr(FakeProcessRunner.KeyOf(project.Context.Compose.Command(new[] { "up", "-d", "--no-build", "postgres" })), 1,
                "ERROR: for kxplan_postgres_1  Cannot start service postgres: " + Proxy,
                "ERROR: for postgres  Cannot start service postgres: " + Proxy,
                "Encountered errors while bringing up the project.");

            var result = operation.Invoke(new Konnaxion.Ops.Tests.Integration.RecordingOutput());

            Assert.Equal("compose up failed with exit code 1: ERROR: for kxplan_postgres_1  Cannot start service postgres: " + Proxy, result.FailureMessage);
        }
    }
}
