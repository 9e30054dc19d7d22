using System;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Tests.Http;

namespace Konnaxion.Ops.Tests.Engine
{
    /// <summary>The ssh transport's command line, and the transport against fake ssh executables, without Docker.</summary>
    public class SshTransportTests
    {
        [Fact]
        public void SshArgumentsFollowTheDockerCli()
        {
            var options = new DockerConnectionOptions { ConnectTimeout = TimeSpan.FromSeconds(4.2) };
            options.SshOptions.Add("StrictHostKeyChecking=no");
            var transport = new SshTransport(DockerEndpoint.Parse("ssh://deploy@prod.example.com:2222"), options);

            var arguments = transport.BuildArguments(options.ConnectTimeout, "/keys/id ed25519");

            Assert.Equal(new[]
            {
                "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-i", "/keys/id ed25519", "-o", "IdentitiesOnly=yes",
                "-o", "StrictHostKeyChecking=no", "-p", "2222", "-l", "deploy", "-T", "--", "prod.example.com", "docker", "system", "dial-stdio",
            }, arguments);
        }

        [Fact]
        public void SshArgumentsLeavePortUserAndKeyToSshWhenNotGiven()
        {
            var transport = new SshTransport(DockerEndpoint.Parse("ssh://prod"), new DockerConnectionOptions());

            Assert.Equal(new[] { "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-T", "--", "prod", "docker", "system", "dial-stdio" },
                transport.BuildArguments(TimeSpan.FromSeconds(5), null));
        }

        [UnixFact]
        public void SshSpeaksHttpOverTheChildsStandardStreams()
        {
            using var folder = new TempFolder();
            var argumentsFile = Path.Combine(folder.Path, "arguments");
            var ssh = folder.Script("fake-ssh",
                $"printf '%s\\n' \"$@\" > '{argumentsFile}'\n" +
                "printf 'HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nOK'\n" +
                "cat > /dev/null\n");
            var options = new DockerConnectionOptions { SshExecutable = ssh, SshIdentityFile = "/keys/my key" };
            using var client = new DockerEngineClient(DockerEndpoint.Parse("ssh://root@127.0.0.1:2222"), options);

            client.Ping(CancellationToken.None);

            var arguments = File.ReadAllLines(argumentsFile);
            Assert.Contains("/keys/my key", arguments);
            Assert.Equal(new[] { "--", "127.0.0.1", "docker", "system", "dial-stdio" }, arguments.Skip(arguments.Length - 5));
        }

        [UnixFact]
        public void AnSshFailureShowsWhatSshPrinted()
        {
            using var folder = new TempFolder();
            var ssh = folder.Script("fake-ssh", "echo 'root@127.0.0.1: Permission denied (publickey).' >&2\nexit 255\n");
            using var client = new DockerEngineClient(DockerEndpoint.Parse("ssh://root@127.0.0.1:2222"), new DockerConnectionOptions { SshExecutable = ssh });

            var error = Assert.Throws<KxException>(() => client.Ping(CancellationToken.None));

            Assert.Equal(KxErrorIds.SshTransportFailed, error.ErrorId);
            Assert.Contains("exited with code 255", error.Message);
            Assert.Contains("Permission denied (publickey).", error.Message);
            Assert.Contains("-p 2222 root@127.0.0.1 docker version", error.RecommendedAction);
        }

        [Fact]
        public void AMissingSshClientIsReported()
        {
            var options = new DockerConnectionOptions { SshExecutable = Path.Combine(Path.GetTempPath(), "no-such-ssh-" + Guid.NewGuid().ToString("N")) };
            using var client = new DockerEngineClient(DockerEndpoint.Parse("ssh://host"), options);

            var error = Assert.Throws<KxException>(() => client.Ping(CancellationToken.None));

            Assert.Equal(KxErrorIds.SshTransportFailed, error.ErrorId);
            Assert.Equal(KxErrorCategory.NotInstalled, error.Category);
        }

        /// <summary>A temporary folder for fake executables, deleted afterwards.</summary>
        private sealed class TempFolder : IDisposable
        {
            public TempFolder()
            {
                Directory.CreateDirectory(Path);
            }

            public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kx-transport-" + Guid.NewGuid().ToString("N"));

            public string Script(string name, string body)
            {
                var file = System.IO.Path.Combine(Path, name);
                File.WriteAllText(file, "#!/bin/sh\n" + body);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }

                return file;
            }

            public void Dispose() => Directory.Delete(Path, recursive: true);
        }
    }
}
