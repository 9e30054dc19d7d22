using System;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Konnaxion.Ops.Http
{
    /// <summary>
    /// A sockaddr_un for Socket.Connect. netstandard2.0 cannot name System.Net.Sockets.UnixDomainSocketEndPoint, but
    /// Socket passes any non-IP EndPoint through Serialize(), so writing the path after the two family bytes is enough
    /// (the layout Mono.Unix's UnixEndPoint has always used, valid on Linux, macOS and Windows 10).
    /// </summary>
    internal sealed class UnixSocketEndPoint : EndPoint
    {
        private const int FamilyBytes = 2;

        public UnixSocketEndPoint(string path)
        {
            Path = path ?? throw new ArgumentNullException(nameof(path));
        }

        public string Path { get; }

        public override AddressFamily AddressFamily => AddressFamily.Unix;

        public override SocketAddress Serialize()
        {
            var path = Encoding.UTF8.GetBytes(Path);
            var address = new SocketAddress(AddressFamily.Unix, FamilyBytes + path.Length + 1);
            for (var i = 0; i < path.Length; i++)
            {
                address[FamilyBytes + i] = path[i];
            }

            address[FamilyBytes + path.Length] = 0;
            return address;
        }

        public override EndPoint Create(SocketAddress socketAddress)
        {
            var bytes = new byte[Math.Max(0, socketAddress.Size - FamilyBytes)];
            var length = 0;
            while (length < bytes.Length && socketAddress[FamilyBytes + length] != 0)
            {
                bytes[length] = socketAddress[FamilyBytes + length];
                length++;
            }

            return new UnixSocketEndPoint(Encoding.UTF8.GetString(bytes, 0, length));
        }

        public override string ToString() => Path;
    }
}
