using System;
using System.Collections.Generic;
using System.IO;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Tests.Engine
{
    public sealed class DockerEndpointResolverTests : IDisposable
    {
        private readonly string _home = Path.Combine(Path.GetTempPath(), "kx-resolver-" + Guid.NewGuid().ToString("N"));
        private readonly Dictionary<string, string> _environment = new Dictionary<string, string>();

        public DockerEndpointResolverTests()
        {
            Directory.CreateDirectory(_home);
        }

        public void Dispose() => Directory.Delete(_home, recursive: true);

        [Theory]
        [InlineData(false, "unix:///var/run/docker.sock")]
        [InlineData(true, "npipe:////./pipe/docker_engine")]
        public void FallsBackToThePlatformDefault(bool isWindows, string url)
        {
            var endpoint = Resolver(isWindows).Resolve();

            Assert.Equal(url, endpoint.Url);
            Assert.Equal(DockerEndpointSource.Default, endpoint.Source);
        }

        [Theory]
        [InlineData("unix:///run/user/1000/docker.sock")]
        [InlineData("npipe:////./pipe/dockerDesktopLinuxEngine")]
        [InlineData("tcp://10.1.2.3:2375")]
        [InlineData("ssh://deploy@prod.example.com:2222")]
        public void UsesDockerHost(string dockerHost)
        {
            _environment["DOCKER_HOST"] = dockerHost;
            WriteConfig("{\"currentContext\":\"remote\"}");

            var endpoint = Resolver().Resolve();

            Assert.Equal(dockerHost, endpoint.Url);
            Assert.Equal(DockerEndpointSource.DockerHost, endpoint.Source);
        }

        [Fact]
        public void AnExplicitHostWinsOverEverything()
        {
            _environment["DOCKER_HOST"] = "tcp://ignored:2375";
            _environment["DOCKER_CONTEXT"] = "missing";

            var endpoint = Resolver().Resolve(host: "unix:///explicit.sock", context: "also-missing");

            Assert.Equal("unix:///explicit.sock", endpoint.Url);
            Assert.Equal(DockerEndpointSource.Parameter, endpoint.Source);
        }

        [Fact]
        public void AnExplicitContextWinsOverDockerHost()
        {
            _environment["DOCKER_HOST"] = "tcp://ignored:2375";
            WriteContext("prod", "ssh://deploy@prod.example.com");

            var endpoint = Resolver().Resolve(context: "prod");

            Assert.Equal("ssh://deploy@prod.example.com", endpoint.Url);
            Assert.Equal(DockerEndpointSource.Context, endpoint.Source);
            Assert.Equal("prod", endpoint.ContextName);
        }

        [Fact]
        public void InvalidDockerHostNamesTheVariable()
        {
            _environment["DOCKER_HOST"] = "bogus://x";

            var error = Assert.Throws<KxException>(() => Resolver().Resolve());

            Assert.Equal(KxErrorIds.DockerHostInvalid, error.ErrorId);
            Assert.Contains("DOCKER_HOST", error.Message);
        }

        [Fact]
        public void ReadsTheCurrentContextFromTheConfigFile()
        {
            WriteConfig("{\"auths\":{},\"currentContext\":\"remote\"}");
            WriteContext("remote", "ssh://root@10.0.0.9:2222");

            var endpoint = Resolver().Resolve();

            Assert.Equal("ssh://root@10.0.0.9:2222", endpoint.Url);
            Assert.Equal("remote", endpoint.ContextName);
            Assert.Equal(DockerEndpointSource.Context, endpoint.Source);
        }

        [Fact]
        public void DockerContextOverridesTheConfigFile()
        {
            WriteConfig("{\"currentContext\":\"remote\"}");
            WriteContext("remote", "ssh://root@10.0.0.9");
            WriteContext("other", "unix:///other.sock");
            _environment["DOCKER_CONTEXT"] = "other";

            Assert.Equal("unix:///other.sock", Resolver().Resolve().Url);
        }

        [Fact]
        public void DockerConfigMovesTheConfigFolder()
        {
            var elsewhere = Path.Combine(_home, "elsewhere");
            _environment["DOCKER_CONFIG"] = elsewhere;
            WriteConfig("{\"currentContext\":\"remote\"}", elsewhere);
            WriteContext("remote", "tcp://builder:2375", elsewhere);

            var resolver = Resolver();

            Assert.Equal(elsewhere, resolver.ConfigDirectory);
            Assert.Equal("tcp://builder:2375", resolver.Resolve().Url);
        }

        [Theory]
        [InlineData("{\"currentContext\":\"default\"}")]
        [InlineData("{\"currentContext\":\"\"}")]
        [InlineData("{\"auths\":{}}")]
        public void TheDefaultContextMeansNoContext(string config)
        {
            WriteConfig(config);

            Assert.Equal(DockerEndpointSource.Default, Resolver().Resolve().Source);
        }

        [Fact]
        public void TheDefaultContextStillHonoursDockerHost()
        {
            _environment["DOCKER_HOST"] = "tcp://h:2375";

            var endpoint = Resolver().Resolve(context: "default");

            Assert.Equal("tcp://h:2375", endpoint.Url);
            Assert.Equal(DockerEndpointSource.DockerHost, endpoint.Source);
        }

        [Fact]
        public void AMissingContextIsNamedWithTheCommandToListContexts()
        {
            _environment["DOCKER_CONTEXT"] = "staging";

            var error = Assert.Throws<KxException>(() => Resolver().Resolve());

            Assert.Equal(KxErrorIds.DockerContextNotFound, error.ErrorId);
            Assert.Equal(KxErrorCategory.ObjectNotFound, error.Category);
            Assert.Equal("staging", error.TargetObject);
            Assert.Contains("'staging'", error.Message);
            Assert.Contains("DOCKER_CONTEXT", error.Message);
            Assert.Contains("docker context ls", error.Message);
        }

        [Fact]
        public void AContextWithoutADockerEndpointIsInvalid()
        {
            var folder = Path.Combine(_home, ".docker", "contexts", "meta", DockerEndpointResolver.ContextDirectoryName("k8s"));
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "meta.json"), "{\"Name\":\"k8s\",\"Endpoints\":{\"kubernetes\":{}}}");

            var error = Assert.Throws<KxException>(() => Resolver().Resolve(context: "k8s"));

            Assert.Equal(KxErrorIds.DockerHostInvalid, error.ErrorId);
        }

        [Fact]
        public void AnUnreadableConfigFileIsReported()
        {
            WriteConfig("{ not json");

            var error = Assert.Throws<KxException>(() => Resolver().Resolve());

            Assert.Equal(KxErrorIds.DockerHostInvalid, error.ErrorId);
            Assert.Contains("config.json", error.Message);
        }

        [Fact]
        public void ContextFoldersAreNamedBySha256()
        {
            // As `docker context create` names them: sha256("default") is a well-known digest.
            Assert.Equal("37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f", DockerEndpointResolver.ContextDirectoryName("default"));
        }

        [Theory]
        [InlineData("1")]
        [InlineData("true")]
        public void RefusesTcpWhenTlsIsRequested(string tlsVerify)
        {
            _environment["DOCKER_HOST"] = "tcp://secure.example.com:2376";
            _environment["DOCKER_TLS_VERIFY"] = tlsVerify;

            var error = Assert.Throws<KxException>(() => Resolver().Resolve());

            Assert.Equal(KxErrorIds.DockerHostInvalid, error.ErrorId);
            Assert.Contains("DOCKER_TLS_VERIFY", error.Message);
            Assert.Contains("TLS", error.Message);
        }

        [Fact]
        public void TlsSettingsDoNotAffectLocalSockets()
        {
            _environment["DOCKER_HOST"] = "unix:///var/run/docker.sock";
            _environment["DOCKER_TLS_VERIFY"] = "1";

            Assert.Equal(DockerEndpointScheme.Unix, Resolver().Resolve().Scheme);
        }

        [Fact]
        public void RefusesATcpContextWithTlsMaterial()
        {
            WriteContext("secure", "tcp://secure.example.com:2376");
            Directory.CreateDirectory(Path.Combine(_home, ".docker", "contexts", "tls", DockerEndpointResolver.ContextDirectoryName("secure"), "docker"));

            var error = Assert.Throws<KxException>(() => Resolver().Resolve(context: "secure"));

            Assert.Equal(KxErrorIds.DockerHostInvalid, error.ErrorId);
            Assert.Contains("TLS", error.Message);
        }

        private DockerEndpointResolver Resolver(bool isWindows = false) =>
            new DockerEndpointResolver(name => _environment.TryGetValue(name, out var value) ? value : null, _home, isWindows);

        private void WriteConfig(string json, string? configDirectory = null)
        {
            var folder = configDirectory ?? Path.Combine(_home, ".docker");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "config.json"), json);
        }

        private void WriteContext(string name, string host, string? configDirectory = null)
        {
            var folder = Path.Combine(configDirectory ?? Path.Combine(_home, ".docker"), "contexts", "meta", DockerEndpointResolver.ContextDirectoryName(name));
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "meta.json"),
                "{\"Name\":\"" + name + "\",\"Metadata\":{\"Description\":\"\"},\"Endpoints\":{\"docker\":{\"Host\":\"" + host + "\",\"SkipTLSVerify\":false}}}");
        }
    }
}
