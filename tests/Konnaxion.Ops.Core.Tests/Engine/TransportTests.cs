using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Tests.Engine
{
    /// <summary>Each transport against a fake engine on a real socket, pipe or process, without Docker.</summary>
    public class TransportTests
    {
        private static readonly string Ok = FakeTransport.Response(200, "OK", "text/plain");

        [UnixFact]
        public void UnixSocketKeepsOneConnectionForSeveralRequests()
        {
            var path = FakeEngineServer.TempSocketPath();
            using var server = FakeEngineServer.OnUnixSocket(path, _ => Ok);
            using var client = new DockerEngineClient(DockerEndpoint.Parse("unix://" + path));

            client.Ping(CancellationToken.None);
            client.Ping(CancellationToken.None);
            client.Ping(CancellationToken.None);

            Assert.Equal(1, server.Connections);
        }

        [UnixFact]
        public void AMissingSocketFileIsUnreachable()
        {
            var path = FakeEngineServer.TempSocketPath("kx-missing-");
            using var client = new DockerEngineClient(DockerEndpoint.Parse("unix://" + path));

            var error = Assert.Throws<KxException>(() => client.Ping(CancellationToken.None));

            Assert.Equal(KxErrorIds.EngineUnreachable, error.ErrorId);
            Assert.Equal(KxErrorCategory.ConnectionError, error.Category);
            Assert.Equal("unix://" + path, error.TargetObject);
            Assert.Contains($"Cannot reach the Docker engine at unix://{path}: the socket file does not exist.", error.Message);
            Assert.Contains("Start the engine there, or give another endpoint.", error.Message);
        }

        [UnixFact]
        public void AStaleSocketFileRefusesTheConnection()
        {
            var path = FakeEngineServer.TempSocketPath("kx-stale-");
            using (var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            {
                // Not UnixDomainSocketEndPoint: .NET deletes the file of a socket bound through that type when it closes.
                bound.Bind(new UnixSocketEndPoint(path));
            }

            Assert.True(File.Exists(path));

            try
            {
                using var client = new DockerEngineClient(DockerEndpoint.Parse("unix://" + path, DockerEndpointSource.DockerHost));

                var error = Assert.Throws<KxException>(() => client.Ping(CancellationToken.None));

                Assert.Equal(KxErrorIds.EngineUnreachable, error.ErrorId);
                Assert.Contains("connection refused", error.Message);
                Assert.Contains("DOCKER_HOST", error.Message);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [UnixFact]
        public void ASilentUnixSocketTimesOut()
        {
            var path = FakeEngineServer.TempSocketPath();
            using var server = FakeEngineServer.OnUnixSocket(path, _ => null);
            using var client = new DockerEngineClient(DockerEndpoint.Parse("unix://" + path), new DockerConnectionOptions { ReadTimeout = TimeSpan.FromMilliseconds(300) });
            var clock = Stopwatch.StartNew();

            var error = Assert.Throws<KxException>(() => client.Ping(CancellationToken.None));

            Assert.Equal(KxErrorIds.EngineTimeout, error.ErrorId);
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        }

        [UnixFact]
        public void CancellationStopsAWaitOnAUnixSocket()
        {
            var path = FakeEngineServer.TempSocketPath();
            using var server = FakeEngineServer.OnUnixSocket(path, request => request.StartsWith("GET /slow", StringComparison.Ordinal) ? null : Ok);
            using var client = new DockerEngineClient(DockerEndpoint.Parse("unix://" + path));
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var clock = Stopwatch.StartNew();

            Assert.ThrowsAny<OperationCanceledException>(() => client.Connection.Send("GET", "/slow", cancellation.Token));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
            client.Ping(CancellationToken.None);
            Assert.Equal(2, server.Connections);
        }

        [Fact]
        public void TcpReconnectsWhenTheServerClosesBetweenRequests()
        {
            using var server = FakeEngineServer.OnLoopback(_ => Ok);
            server.CloseAfterEachResponse = true;
            using var client = new DockerEngineClient(DockerEndpoint.Parse("tcp://127.0.0.1:" + server.Port));

            client.Ping(CancellationToken.None);
            Thread.Sleep(100);
            client.Ping(CancellationToken.None);

            Assert.Equal(2, server.Connections);
            Assert.Equal(2, client.Connection.ConnectionsOpened);
        }

        [Fact]
        public void ARefusedTcpPortIsUnreachable()
        {
            int port;
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)probe.LocalEndPoint!).Port;
            }

            using var client = new DockerEngineClient(DockerEndpoint.Parse("tcp://127.0.0.1:" + port));

            var error = Assert.Throws<KxException>(() => client.Ping(CancellationToken.None));

            Assert.Equal(KxErrorIds.EngineUnreachable, error.ErrorId);
            Assert.Contains($"tcp://127.0.0.1:{port}: connection refused", error.Message);
        }

        [UnixFact]
        public void NamedPipesReachTheCoreFxPipeSocket()
        {
            var name = "kxtest_" + Guid.NewGuid().ToString("N").Substring(0, 12);
            var path = Path.Combine(Path.GetTempPath(), "CoreFxPipe_" + name);
            using var server = FakeEngineServer.OnUnixSocket(path, _ => Ok);
            using var client = new DockerEngineClient(DockerEndpoint.Parse("npipe:////./pipe/" + name));

            client.Ping(CancellationToken.None);
            client.Ping(CancellationToken.None);

            Assert.Equal(1, server.Connections);
        }

        [Fact]
        public void AMissingNamedPipeIsUnreachableAfterTheConnectTimeout()
        {
            var endpoint = DockerEndpoint.Parse("npipe:////./pipe/kxtest_missing_" + Guid.NewGuid().ToString("N"));
            using var client = new DockerEngineClient(endpoint, new DockerConnectionOptions { ConnectTimeout = TimeSpan.FromMilliseconds(300) });

            var error = Assert.Throws<KxException>(() => client.Ping(CancellationToken.None));

            Assert.Equal(KxErrorIds.EngineUnreachable, error.ErrorId);
            Assert.Contains(endpoint.Url, error.Message);
            Assert.Contains("0.3 s", error.Message);
        }

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

    /// <summary>A test of Unix sockets, /tmp/CoreFxPipe_* pipes or shell scripts; skipped on Windows.</summary>
    public sealed class UnixFactAttribute : FactAttribute
    {
        public UnixFactAttribute()
        {
            if (OperatingSystem.IsWindows())
            {
                Skip = "Needs Unix domain sockets and /bin/sh";
            }
        }
    }
}
