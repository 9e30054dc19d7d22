using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Http;

namespace Konnaxion.Ops.Tests.Http
{
    /// <summary>
    /// A transport that hands out scripted streams in order, one per connection, and keeps them for inspection; connections
    /// may be opened from several threads.
    /// </summary>
    internal sealed class FakeTransport : IHttpTransport
    {
        private readonly Queue<ScriptedStream> _pending;

        public FakeTransport(params ScriptedStream[] connections)
        {
            _pending = new Queue<ScriptedStream>(connections);
        }

        public static DockerEndpoint Endpoint { get; } = DockerEndpoint.Parse("unix:///fake/docker.sock");

        public List<ScriptedStream> Opened { get; } = new List<ScriptedStream>();

        public Stream Connect(TimeSpan timeout, CancellationToken cancellationToken)
        {
            lock (_pending)
            {
                var stream = _pending.Count > 0 ? _pending.Dequeue() : throw new InvalidOperationException("The test scripted no further connection.");
                Opened.Add(stream);
                return stream;
            }
        }

        /// <summary>What GET /_ping answers: OK, and the engine's API version in a header.</summary>
        public static string Ping(string apiVersion) =>
            $"HTTP/1.1 200 OK\r\nApi-Version: {apiVersion}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 2\r\n\r\nOK";

        public static string Response(int status, string body, string contentType = "application/json") =>
            $"HTTP/1.1 {status} Status\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
    }
}
