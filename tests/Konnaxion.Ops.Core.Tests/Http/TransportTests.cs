using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Http;

namespace Konnaxion.Ops.Tests.Http
{
    /// <summary>Each socket and pipe transport against a fake engine on a real socket or pipe, without Docker.</summary>
    public class TransportTests
    {
        private static readonly string Ok = FakeTransport.Response(200, "OK", "text/plain");

        [UnixFact]
        public void UnixSocketKeepsOneConnectionForSeveralRequests()
        {
            var path = FakeHttpServer.TempSocketPath();
            using var server = FakeHttpServer.OnUnixSocket(path, _ => Ok);
            using var client = new DockerEngineClient(DockerEndpoint.Parse("unix://" + path));

            client.Ping(CancellationToken.None);
            client.Ping(CancellationToken.None);
            client.Ping(CancellationToken.None);

            Assert.Equal(1, server.Connections);
        }

        [UnixFact]
        public void AMissingSocketFileIsUnreachable()
        {
            var path = FakeHttpServer.TempSocketPath("kx-missing-");
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
            var path = FakeHttpServer.TempSocketPath("kx-stale-");
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
            var path = FakeHttpServer.TempSocketPath();
            using var server = FakeHttpServer.OnUnixSocket(path, _ => null);
            using var client = new DockerEngineClient(DockerEndpoint.Parse("unix://" + path), new DockerConnectionOptions { ReadTimeout = TimeSpan.FromMilliseconds(300) });
            var clock = Stopwatch.StartNew();

            var error = Assert.Throws<KxException>(() => client.Ping(CancellationToken.None));

            Assert.Equal(KxErrorIds.EngineTimeout, error.ErrorId);
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        }

        [UnixFact]
        public void CancellationStopsAWaitOnAUnixSocket()
        {
            var path = FakeHttpServer.TempSocketPath();
            using var server = FakeHttpServer.OnUnixSocket(path, request => request.StartsWith("GET /slow", StringComparison.Ordinal) ? null : Ok);
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
            using var server = FakeHttpServer.OnLoopback(_ => Ok);
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
            using var server = FakeHttpServer.OnUnixSocket(path, _ => Ok);
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
    }
}
