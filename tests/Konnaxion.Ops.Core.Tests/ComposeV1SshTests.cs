using System.IO;
using System.Linq;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Tests.Integration;
using Konnaxion.Ops.Tests.Processes;

namespace Konnaxion.Ops.Tests
{
    /// <summary>docker-py (compose v1) puts port 22 on an ssh:// endpoint without one: v1 gets the alias's port from `ssh -G`.</summary>
    public sealed class ComposeV1SshTests
    {
        private static readonly string Backend = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend");

        private readonly FakeProcessRunner _runner = new FakeProcessRunner()
            .On("docker compose version", 0, "Docker Compose version 2.26.1-4")
            .On("docker-compose version", 0, "docker-compose version 1.29.2, build unknown");

        [Fact]
        public void V1_gets_the_port_and_user_ssh_resolves_for_the_alias_once_and_v1_alone()
        {
            _runner.On("ssh -G -- vps", 0, "user deploy", "hostname 203.0.113.7", "port 2223", "identityfile ~/.ssh/vps_ed25519");
            using var project = Open(ComposeFlavor.V1, "ssh://vps");
            var ps = project.Context.Compose.Command(new[] { "ps" });
            _runner.Otherwise = _ => FakeResponse.Ok();

            project.Context.Compose.Run(ps, new RecordingOutput(), default);
            project.Context.Compose.Run(ps, new RecordingOutput(), default);

            var composeCalls = _runner.Calls.Where(c => c.FileName == "docker-compose" && c.Arguments.Last() == "ps").ToList();
            Assert.Equal(2, composeCalls.Count);
            Assert.All(composeCalls, c => Assert.Equal("ssh://deploy@vps:2223", c.Environment["DOCKER_HOST"]));
            Assert.Single(_runner.CommandLines, c => c.StartsWith("ssh "));
            Assert.Equal("ssh://vps", ps.Environment["DOCKER_HOST"]);
        }

        [Fact]
        public void A_user_in_the_url_is_kept_and_asked_of_ssh()
        {
            _runner.On("ssh -G -l admin -- vps", 0, "user admin", "port 2223");
            using var project = Open(ComposeFlavor.V1, "ssh://admin@vps");
            _runner.Otherwise = _ => FakeResponse.Ok();

            project.Context.Compose.Run(project.Context.Compose.Command(new[] { "ps" }), new RecordingOutput(), default);

            Assert.Equal("ssh://admin@vps:2223", _runner.Calls.Last().Environment["DOCKER_HOST"]);
        }

        [Fact]
        public void A_user_docker_py_would_paste_into_a_shell_unquoted_is_left_to_ssh()
        {
            _runner.On("ssh -G -- vps", 0, "user de ploy;x", "port 2223");
            using var project = Open(ComposeFlavor.V1, "ssh://vps");
            _runner.Otherwise = _ => FakeResponse.Ok();

            project.Context.Compose.Run(project.Context.Compose.Command(new[] { "ps" }), new RecordingOutput(), default);

            Assert.Equal("ssh://vps:2223", _runner.Calls.Last().Environment["DOCKER_HOST"]);
        }

        [Theory]
        [InlineData(ComposeFlavor.V2, "ssh://vps")]
        [InlineData(ComposeFlavor.V1, "ssh://vps:2223")]
        [InlineData(ComposeFlavor.V1, "unix:///var/run/docker.sock")]
        public void V2_an_explicit_port_and_other_schemes_are_passed_as_given(ComposeFlavor flavor, string dockerHost)
        {
            using var project = Open(flavor, dockerHost);
            _runner.Otherwise = _ => FakeResponse.Ok();

            project.Context.Compose.Run(project.Context.Compose.Command(new[] { "ps" }), new RecordingOutput(), default);

            Assert.Equal(dockerHost, _runner.Calls.Last().Environment["DOCKER_HOST"]);
            Assert.DoesNotContain(_runner.Calls, c => c.FileName == "ssh");
        }

        [Fact]
        public void When_ssh_cannot_resolve_the_alias_v1_gets_the_endpoint_as_given()
        {
            _runner.On("ssh -G -- vps", 255);
            using var project = Open(ComposeFlavor.V1, "ssh://vps");
            _runner.Otherwise = _ => FakeResponse.Ok();

            project.Context.Compose.Run(project.Context.Compose.Command(new[] { "ps" }), new RecordingOutput(), default);

            Assert.Equal("ssh://vps", _runner.Calls.Last().Environment["DOCKER_HOST"]);
        }

        private KxProject Open(ComposeFlavor flavor, string dockerHost) =>
            KxProject.Open(Backend, KxEnvironment.Local, new KxProjectOptions { Compose = flavor, ProjectName = "kxplan", ProcessRunner = _runner, DockerHost = dockerHost });
    }
}
