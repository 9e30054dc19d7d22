using System.Text;
using Konnaxion.Ops.Http;

namespace Konnaxion.Ops.Tests.Http
{
    public class HttpResponseReaderTests
    {
        [Fact]
        public void ReadsAContentLengthBody()
        {
            var reader = Reader("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"bcd\"}");

            var response = reader.ReadResponse("GET");

            Assert.Equal(200, response.StatusCode);
            Assert.Equal("OK", response.ReasonPhrase);
            Assert.Equal("application/json", response.Header("content-type"));
            Assert.Equal("{\"a\":\"bcd\"}", response.BodyText());
            Assert.True(response.KeepAlive);
        }

        [Fact]
        public void DecodesChunksWithExtensionsAndTrailers()
        {
            var reader = Reader(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
                "5;name=value\r\nHello\r\n" +
                "7 ; quoted=\"a;b\"\r\n, world\r\n" +
                "000\r\nX-Trailer: yes\r\nX-Other: 1\r\n\r\n");

            var response = reader.ReadResponse("GET");

            Assert.Equal("Hello, world", response.BodyText());
            Assert.True(response.KeepAlive);
        }

        [Fact]
        public void DecodesChunksArrivingOneByteAtATime()
        {
            var body = new StringBuilder();
            var wire = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
            foreach (var piece in new[] { "ab", "c\r\nd", new string('x', 300), "ü€😀" })
            {
                body.Append(piece);
                wire.Append(Encoding.UTF8.GetByteCount(piece).ToString("X")).Append("\r\n").Append(piece).Append("\r\n");
            }

            wire.Append("0\r\n\r\n");
            var reader = new HttpResponseReader(new ScriptedStream(wire.ToString()) { MaxReadSize = 1 });

            Assert.Equal(body.ToString(), reader.ReadResponse("GET").BodyText());
        }

        [Fact]
        public void ReadsToTheEndWhenTheLengthIsNotGiven()
        {
            var reader = Reader("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nline 1\nline 2\n");

            var response = reader.ReadResponse("GET");

            Assert.Equal("line 1\nline 2\n", response.BodyText());
            Assert.False(response.KeepAlive);
        }

        [Fact]
        public void ReadsTwoResponsesFromOneKeptAliveConnection()
        {
            var reader = Reader(
                "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n\r\nOK" +
                "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nnot\r\n0\r\n\r\n");

            var first = reader.ReadResponse("GET");
            var second = reader.ReadResponse("GET");

            Assert.Equal("OK", first.BodyText());
            Assert.Equal("1.41", first.Header("API-VERSION"));
            Assert.Equal(404, second.StatusCode);
            Assert.Equal("Not Found", second.ReasonPhrase);
            Assert.Equal("not", second.BodyText());
        }

        [Theory]
        [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false)]
        [InlineData("HTTP/1.1 200 OK\r\nConnection: Upgrade, Close\r\nContent-Length: 0\r\n\r\n", false)]
        [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false)]
        [InlineData("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", true)]
        [InlineData("HTTP/1.1 204 No Content\r\n\r\n", true)]
        public void KnowsWhetherTheConnectionStaysOpen(string response, bool keepAlive)
        {
            Assert.Equal(keepAlive, Reader(response).ReadResponse("GET").KeepAlive);
        }

        [Fact]
        public void NoContentAndHeadResponsesHaveNoBody()
        {
            var reader = Reader(
                "HTTP/1.1 204 No Content\r\n\r\n" +
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n" +
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nX");

            Assert.Empty(reader.ReadResponse("DELETE").Body);
            Assert.Empty(reader.ReadResponse("HEAD").Body);
            Assert.Equal("X", reader.ReadResponse("GET").BodyText());
        }

        [Fact]
        public void SkipsInterimResponses()
        {
            var reader = Reader("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

            var response = reader.ReadResponse("GET");

            Assert.Equal(200, response.StatusCode);
            Assert.Equal("ok", response.BodyText());
        }

        [Fact]
        public void AcceptsBareLineFeedsAndJoinsRepeatedAndFoldedHeaders()
        {
            var reader = Reader("HTTP/1.1 200 OK\nWarning: one\nwarning: two\nX-Long: a\n  b\nContent-Length: 0\n\n");

            var response = reader.ReadResponse("GET");

            Assert.Equal("one, two", response.Header("Warning"));
            Assert.Equal("a b", response.Header("X-Long"));
        }

        [Theory]
        [InlineData("garbage\r\n\r\n")]
        [InlineData("HTTP/2 200 OK\r\n\r\n")]
        [InlineData("HTTP/1.1 20 OK\r\n\r\n")]
        [InlineData("HTTP/1.1 200OK\r\n\r\n")]
        [InlineData("HTTP/1.1 099 Low\r\n\r\n")]
        [InlineData("SSH-2.0-OpenSSH_9.2\r\n")]
        public void RejectsAMalformedStatusLine(string response)
        {
            var error = Assert.Throws<HttpProtocolException>(() => Reader(response).ReadResponse("GET"));
            Assert.Contains("status", error.Message);
        }

        [Theory]
        [InlineData("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n")]
        [InlineData("HTTP/1.1 200 OK\r\nName : value\r\n\r\n")]
        [InlineData("HTTP/1.1 200 OK\r\n folded first\r\n\r\n")]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n")]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nx")]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")]
        [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
        [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n")]
        [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab")]
        [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100000000\r\n")]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Le")]
        public void RejectsMalformedHeadersAndBodies(string response)
        {
            Assert.Throws<HttpProtocolException>(() => Reader(response).ReadResponse("GET"));
        }

        [Fact]
        public void RejectsAnEndlessLine()
        {
            Assert.Throws<HttpProtocolException>(() => Reader("HTTP/1.1 200 " + new string('x', 20000) + "\r\n\r\n").ReadResponse("GET"));
        }

        [Fact]
        public void ReportsAConnectionClosedBeforeTheResponseBegan()
        {
            var reader = Reader(string.Empty);

            Assert.Throws<ConnectionClosedException>(() => reader.ReadResponse("GET"));
            Assert.False(reader.ResponseStarted);
        }

        private static HttpResponseReader Reader(string wire) => new HttpResponseReader(new ScriptedStream(wire));
    }
}
