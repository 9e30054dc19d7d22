using System;
using System.Diagnostics;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Http;

namespace Konnaxion.Ops.Tests.Http
{
    public class HttpConnectionTests
    {
        private static readonly string Ok = FakeTransport.Response(200, "OK", "text/plain");

        [Fact]
        public void WritesARequestLineAndTheDockerHostHeader()
        {
            var transport = new FakeTransport(new ScriptedStream(Ok));
            using var connection = Connection(transport);

            connection.Send("GET", "/v1.41/containers/json?all=1", CancellationToken.None);

            var request = transport.Opened[0].WrittenText;
            Assert.StartsWith("GET /v1.41/containers/json?all=1 HTTP/1.1\r\nHost: docker\r\n", request);
            Assert.Contains("\r\nUser-Agent: Konnaxion.Ops/", request);
            Assert.EndsWith("\r\n\r\n", request);
        }

        [Fact]
        public void ReusesOneConnectionForSuccessiveRequests()
        {
            var transport = new FakeTransport(new ScriptedStream(Ok + Ok + Ok));
            using var connection = Connection(transport);

            for (var i = 0; i < 3; i++)
            {
                Assert.Equal("OK", connection.Send("GET", "/_ping", CancellationToken.None).BodyText());
            }

            Assert.Single(transport.Opened);
            Assert.Equal(3, CountOccurrences(transport.Opened[0].WrittenText, "GET /_ping HTTP/1.1"));
        }

        [Fact]
        public void ReconnectsOnceWhenTheServerClosedTheIdleConnection()
        {
            var transport = new FakeTransport(new ScriptedStream(Ok), new ScriptedStream(Ok));
            using var connection = Connection(transport);

            connection.Send("GET", "/_ping", CancellationToken.None);
            var second = connection.Send("GET", "/version", CancellationToken.None);

            Assert.Equal(200, second.StatusCode);
            Assert.Equal(2, transport.Opened.Count);
            Assert.True(transport.Opened[0].IsDisposed);
            Assert.StartsWith("GET /version ", transport.Opened[1].WrittenText);
        }

        [Fact]
        public void ReconnectsOnlyOnce()
        {
            var transport = new FakeTransport(new ScriptedStream(Ok), new ScriptedStream(string.Empty));
            using var connection = Connection(transport);
            connection.Send("GET", "/_ping", CancellationToken.None);

            var error = Assert.Throws<KxException>(() => connection.Send("GET", "/_ping", CancellationToken.None));

            Assert.Equal(KxErrorIds.EngineUnreachable, error.ErrorId);
            Assert.Equal(2, transport.Opened.Count);
        }

        [Fact]
        public void DoesNotRepeatARequestWhoseResponseHadBegun()
        {
            var transport = new FakeTransport(new ScriptedStream(Ok + "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
            using var connection = Connection(transport);
            connection.Send("GET", "/_ping", CancellationToken.None);

            var error = Assert.Throws<KxException>(() => connection.Send("GET", "/_ping", CancellationToken.None));

            Assert.Equal(KxErrorIds.EngineProtocolError, error.ErrorId);
            Assert.Single(transport.Opened);
        }

        [Fact]
        public void OpensANewConnectionAfterConnectionClose()
        {
            var closing = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
            var transport = new FakeTransport(new ScriptedStream(closing), new ScriptedStream(Ok));
            using var connection = Connection(transport);

            connection.Send("GET", "/a", CancellationToken.None);
            connection.Send("GET", "/b", CancellationToken.None);

            Assert.Equal(2, transport.Opened.Count);
            Assert.True(transport.Opened[0].IsDisposed);
            Assert.StartsWith("GET /b ", transport.Opened[1].WrittenText);
        }

        [Fact]
        public void AMalformedStatusLineIsAProtocolErrorNamingTheEndpoint()
        {
            var transport = new FakeTransport(new ScriptedStream("220 smtp.example.com ESMTP\r\n"));
            using var connection = Connection(transport);

            var error = Assert.Throws<KxException>(() => connection.Send("GET", "/_ping", CancellationToken.None));

            Assert.Equal(KxErrorIds.EngineProtocolError, error.ErrorId);
            Assert.Equal(KxErrorCategory.InvalidData, error.Category);
            Assert.Contains("unix:///fake/docker.sock", error.Message);
            Assert.Contains("220 smtp.example.com", error.Message);
            Assert.True(transport.Opened[0].IsDisposed);
        }

        [Fact]
        public void ASilentEngineTimesOut()
        {
            var transport = new FakeTransport(new ScriptedStream(string.Empty) { BlockAtEnd = true });
            using var connection = Connection(transport, TimeSpan.FromMilliseconds(200));
            var clock = Stopwatch.StartNew();

            var error = Assert.Throws<KxException>(() => connection.Send("GET", "/_ping", CancellationToken.None));

            Assert.Equal(KxErrorIds.EngineTimeout, error.ErrorId);
            Assert.Equal(KxErrorCategory.OperationTimeout, error.Category);
            Assert.Contains("0.2 s", error.Message);
            Assert.True(transport.Opened[0].IsDisposed);
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(10));
        }

        [Fact]
        public void CancellationClosesTheConnection()
        {
            var transport = new FakeTransport(new ScriptedStream(string.Empty) { BlockAtEnd = true });
            using var connection = Connection(transport);
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

            Assert.ThrowsAny<OperationCanceledException>(() => connection.Send("GET", "/_ping", cancellation.Token));

            Assert.True(transport.Opened[0].IsDisposed);
        }

        [Fact]
        public void AnAlreadyCancelledTokenSendsNothing()
        {
            var transport = new FakeTransport(new ScriptedStream(Ok));
            using var connection = Connection(transport);

            Assert.ThrowsAny<OperationCanceledException>(() => connection.Send("GET", "/_ping", new CancellationToken(canceled: true)));

            Assert.Empty(transport.Opened);
        }

        [Fact]
        public void RefusesAnUnencodedTarget()
        {
            using var connection = Connection(new FakeTransport());

            Assert.Throws<ArgumentException>(() => connection.Send("GET", "/containers/a b/json", CancellationToken.None));
        }

        private static HttpConnection Connection(FakeTransport transport, TimeSpan? readTimeout = null) =>
            new HttpConnection(transport, new EndpointConnectionErrors(FakeTransport.Endpoint), "docker", TimeSpan.FromSeconds(5), readTimeout ?? TimeSpan.FromSeconds(30));

        private static int CountOccurrences(string text, string part)
        {
            var count = 0;
            for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }
    }
}
