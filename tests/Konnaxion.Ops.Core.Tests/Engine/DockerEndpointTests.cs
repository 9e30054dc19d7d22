using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Tests.Engine
{
    public class DockerEndpointTests
    {
        [Theory]
        [InlineData("unix:///var/run/docker.sock", "/var/run/docker.sock")]
        [InlineData("UNIX:///run/user/1000/docker.sock", "/run/user/1000/docker.sock")]
        [InlineData("  unix:///tmp/d.sock  ", "/tmp/d.sock")]
        [InlineData("unix://relative.sock", "relative.sock")]
        public void ParsesUnixSockets(string value, string path)
        {
            var endpoint = DockerEndpoint.Parse(value);

            Assert.Equal(DockerEndpointScheme.Unix, endpoint.Scheme);
            Assert.Equal(path, endpoint.SocketPath);
            Assert.Equal("unix://" + path, endpoint.Url);
            Assert.Equal(DockerEndpointSource.Parameter, endpoint.Source);
        }

        [Theory]
        [InlineData("npipe:////./pipe/docker_engine", ".", "docker_engine")]
        [InlineData("npipe:///./pipe/docker_engine", ".", "docker_engine")]
        [InlineData("npipe://\\\\.\\pipe\\dockerDesktopLinuxEngine", ".", "dockerDesktopLinuxEngine")]
        [InlineData("npipe:////buildhost/pipe/docker_engine", "buildhost", "docker_engine")]
        public void ParsesNamedPipes(string value, string server, string name)
        {
            var endpoint = DockerEndpoint.Parse(value);

            Assert.Equal(DockerEndpointScheme.NamedPipe, endpoint.Scheme);
            Assert.Equal(server, endpoint.PipeServer);
            Assert.Equal(name, endpoint.PipeName);
            Assert.Equal($"npipe:////{server}/pipe/{name}", endpoint.Url);
        }

        [Theory]
        [InlineData("tcp://10.0.0.5:2375", "10.0.0.5", 2375, "tcp://10.0.0.5:2375")]
        [InlineData("tcp://docker.example.com:12375/", "docker.example.com", 12375, "tcp://docker.example.com:12375")]
        [InlineData("tcp://localhost", "localhost", 2375, "tcp://localhost:2375")]
        [InlineData("tcp://[::1]:2375", "::1", 2375, "tcp://[::1]:2375")]
        [InlineData("tcp://[fe80::1]", "fe80::1", 2375, "tcp://[fe80::1]:2375")]
        [InlineData("localhost:2376", "localhost", 2376, "tcp://localhost:2376")]
        public void ParsesTcp(string value, string host, int port, string url)
        {
            var endpoint = DockerEndpoint.Parse(value);

            Assert.Equal(DockerEndpointScheme.Tcp, endpoint.Scheme);
            Assert.Equal(host, endpoint.Host);
            Assert.Equal(port, endpoint.Port);
            Assert.Null(endpoint.User);
            Assert.Equal(url, endpoint.Url);
        }

        [Theory]
        [InlineData("ssh://root@127.0.0.1:2222", "root", "127.0.0.1", 2222)]
        [InlineData("ssh://deploy@prod.example.com", "deploy", "prod.example.com", null)]
        [InlineData("ssh://prod.example.com", null, "prod.example.com", null)]
        [InlineData("ssh://me@[2001:db8::7]:22", "me", "2001:db8::7", 22)]
        [InlineData("ssh://first.last@host/", "first.last", "host", null)]
        public void ParsesSsh(string value, string? user, string host, int? port)
        {
            var endpoint = DockerEndpoint.Parse(value);

            Assert.Equal(DockerEndpointScheme.Ssh, endpoint.Scheme);
            Assert.Equal(user, endpoint.User);
            Assert.Equal(host, endpoint.Host);
            Assert.Equal(port, endpoint.Port);
            Assert.Equal(value.TrimEnd('/'), endpoint.Url);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("unix://")]
        [InlineData("npipe://")]
        [InlineData("npipe:////./docker_engine")]
        [InlineData("npipe:////./pipe/")]
        [InlineData("npipe:////./notpipe/docker_engine")]
        [InlineData("tcp://")]
        [InlineData("tcp://:2375")]
        [InlineData("tcp://host:0")]
        [InlineData("tcp://host:65536")]
        [InlineData("tcp://host:port")]
        [InlineData("tcp://host:-1")]
        [InlineData("tcp://host:2375/api")]
        [InlineData("tcp://host:2375?x=1")]
        [InlineData("tcp://user@host:2375")]
        [InlineData("tcp://::1:2375")]
        [InlineData("tcp://[::1")]
        [InlineData("tcp://[::1]x")]
        [InlineData("ssh://")]
        [InlineData("ssh://@host")]
        [InlineData("ssh://user@host/path")]
        [InlineData("http://localhost:2375")]
        [InlineData("https://localhost:2376")]
        [InlineData("fd://")]
        [InlineData("/var/run/docker.sock")]
        public void RejectsInvalidForms(string value)
        {
            var error = Assert.Throws<KxException>(() => DockerEndpoint.Parse(value));

            Assert.Equal(KxErrorIds.DockerHostInvalid, error.ErrorId);
            Assert.Equal(KxErrorCategory.InvalidArgument, error.Category);
            Assert.Contains("unix:///", error.RecommendedAction);
        }

        [Fact]
        public void RejectsAPasswordWithoutEchoingIt()
        {
            var error = Assert.Throws<KxException>(() => DockerEndpoint.Parse("ssh://admin:hunter2@host", DockerEndpointSource.DockerHost));

            Assert.DoesNotContain("hunter2", error.Message);
            Assert.DoesNotContain("hunter2", (string)error.TargetObject!);
            Assert.Contains("DOCKER_HOST", error.Message);
            Assert.Contains("password", error.Message);
        }

        [Fact]
        public void RejectsASocketPathLongerThanSunPath()
        {
            var error = Assert.Throws<KxException>(() => DockerEndpoint.Parse("unix:///" + new string('a', 120)));

            Assert.Equal(KxErrorIds.DockerHostInvalid, error.ErrorId);
        }

        [Fact]
        public void DescribesWhereTheEndpointCameFrom()
        {
            Assert.Equal("tcp://h:1 (from DOCKER_HOST)", DockerEndpoint.Parse("tcp://h:1", DockerEndpointSource.DockerHost).Description);
            Assert.Equal("ssh://u@h (docker context \"prod\")", DockerEndpoint.Parse("ssh://u@h", DockerEndpointSource.Context, "prod").Description);
            Assert.Equal("unix:///s", DockerEndpoint.Parse("unix:///s").Description);
        }

        [Fact]
        public void ComparesByValue()
        {
            Assert.Equal(DockerEndpoint.Parse("tcp://Host:1"), DockerEndpoint.Parse("tcp://host:1/"));
            Assert.Equal(DockerEndpoint.Parse("tcp://Host:1").GetHashCode(), DockerEndpoint.Parse("tcp://host:1/").GetHashCode());
            Assert.NotEqual(DockerEndpoint.Parse("tcp://host:1"), DockerEndpoint.Parse("tcp://host:1", DockerEndpointSource.DockerHost));
            Assert.NotEqual(DockerEndpoint.Parse("ssh://a@h"), DockerEndpoint.Parse("ssh://b@h"));
        }
    }
}
