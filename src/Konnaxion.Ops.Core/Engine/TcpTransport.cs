using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;

namespace Konnaxion.Ops.Engine
{
    /// <summary>Plain HTTP over TCP; TLS endpoints are refused earlier, by the resolver.</summary>
    internal sealed class TcpTransport : IEngineTransport
    {
        private readonly DockerEndpoint _endpoint;

        public TcpTransport(DockerEndpoint endpoint)
        {
            _endpoint = endpoint;
        }

        public Stream Connect(TimeSpan timeout, CancellationToken cancellationToken)
        {
            // Dual-mode where IPv6 exists, so both localhost addresses and IPv4-only hosts work.
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            return SocketConnector.Connect(socket, s => s.ConnectAsync(_endpoint.Host!, _endpoint.Port!.Value), _endpoint, timeout, cancellationToken);
        }
    }
}
