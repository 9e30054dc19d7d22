using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using Konnaxion.Ops.Http;

namespace Konnaxion.Ops.WarmUp
{
    /// <summary>
    /// An engine in memory for <see cref="StatusWarmUp"/>: each connection answers every GET it is sent, as soon as its
    /// headers are written, from <see cref="Answer"/>; nothing leaves the process.
    /// </summary>
    internal sealed class CannedEngineTransport : IHttpTransport
    {
        private readonly Func<string, string> _answer;

        /// <param name="answer">The response body for a request path; "/_ping" gets the engine's ping with its Api-Version.</param>
        public CannedEngineTransport(Func<string, string> answer) => _answer = answer;

        public Stream Connect(TimeSpan timeout, CancellationToken cancellationToken) => new CannedStream(this);

        private byte[] Answer(string requestHead)
        {
            var path = requestHead.Split(' ')[1];
            var body = path == "/_ping" ? "OK" : _answer(path);
            var apiVersion = path == "/_ping" ? "Api-Version: 1.41\r\n" : string.Empty;
            return Encoding.UTF8.GetBytes(
                $"HTTP/1.1 200 OK\r\n{apiVersion}Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");
        }

        private sealed class CannedStream : DuplexStream
        {
            private readonly CannedEngineTransport _transport;
            private readonly List<byte> _request = new List<byte>();
            private readonly Queue<byte> _response = new Queue<byte>();

            public CannedStream(CannedEngineTransport transport) => _transport = transport;

            public override int Read(byte[] buffer, int offset, int count)
            {
                var read = 0;
                while (read < count && _response.Count > 0)
                {
                    buffer[offset + read++] = _response.Dequeue();
                }

                return read;
            }

            public override void Write(byte[] buffer, int offset, int count)
            {
                for (var i = offset; i < offset + count; i++)
                {
                    _request.Add(buffer[i]);
                }

                var text = Encoding.ASCII.GetString(_request.ToArray());
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0)
                {
                    foreach (var b in _transport.Answer(text.Substring(0, end)))
                    {
                        _response.Enqueue(b);
                    }

                    _request.RemoveRange(0, end + 4);
                }
            }

            public override void Flush()
            {
            }
        }
    }
}
