using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;

namespace Konnaxion.Ops.Http
{
    /// <summary>Plain HTTP over TCP; whoever chooses the transport refuses TLS endpoints before it gets here.</summary>
    internal sealed class TcpTransport : IHttpTransport
    {
        private readonly string _host;
        private readonly int _port;
        private readonly IConnectionErrors _errors;

        public TcpTransport(string host, int port, IConnectionErrors errors)
        {
            _host = host;
            _port = port;
            _errors = errors;
        }

        public Stream Connect(TimeSpan timeout, CancellationToken cancellationToken)
        {
            // Dual-mode where IPv6 exists, so both localhost addresses and IPv4-only hosts work.
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            return SocketConnector.Connect(socket, s => s.ConnectAsync(_host, _port), unixSocketPath: null, hostName: _host, _errors, timeout, cancellationToken);
        }
    }
}
