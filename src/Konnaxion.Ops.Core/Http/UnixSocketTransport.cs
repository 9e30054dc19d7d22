using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;

namespace Konnaxion.Ops.Http
{
    internal sealed class UnixSocketTransport : IHttpTransport
    {
        private readonly string _path;
        private readonly IConnectionErrors _errors;

        public UnixSocketTransport(string path, IConnectionErrors errors)
        {
            _path = path;
            _errors = errors;
        }

        public Stream Connect(TimeSpan timeout, CancellationToken cancellationToken)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            var address = new UnixSocketEndPoint(_path);
            return SocketConnector.Connect(socket, s => s.ConnectAsync(address), unixSocketPath: _path, hostName: null, _errors, timeout, cancellationToken);
        }
    }
}
