using System;
using System.IO;
using System.Threading;

namespace Konnaxion.Ops.Engine
{
    /// <summary>Opens fresh duplex byte streams to one engine; the HTTP layer above decides when it needs one.</summary>
    internal interface IEngineTransport
    {
        /// <exception cref="Errors.KxException">EngineUnreachable or SshTransportFailed when no stream can be opened.</exception>
        Stream Connect(TimeSpan timeout, CancellationToken cancellationToken);
    }

    internal static class EngineTransport
    {
        public static IEngineTransport For(DockerEndpoint endpoint, DockerConnectionOptions options)
        {
            switch (endpoint.Scheme)
            {
                case DockerEndpointScheme.Unix:
                    return new UnixSocketTransport(endpoint);
                case DockerEndpointScheme.NamedPipe:
                    return new NamedPipeTransport(endpoint);
                case DockerEndpointScheme.Tcp:
                    return new TcpTransport(endpoint);
                default:
                    return new SshTransport(endpoint, options);
            }
        }
    }
}
