using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;

namespace Konnaxion.Ops.Engine
{
    internal sealed class UnixSocketTransport : IEngineTransport
    {
        private readonly DockerEndpoint _endpoint;

        public UnixSocketTransport(DockerEndpoint endpoint)
        {
            _endpoint = endpoint;
        }

        public Stream Connect(TimeSpan timeout, CancellationToken cancellationToken)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            var address = new UnixSocketEndPoint(_endpoint.SocketPath!);
            return SocketConnector.Connect(socket, s => s.ConnectAsync(address), _endpoint, timeout, cancellationToken);
        }
    }
}
