using Konnaxion.Ops.Http;

namespace Konnaxion.Ops.Engine
{
    internal static class EngineTransport
    {
        /// <summary>The transport an endpoint's scheme names, its failures worded for that endpoint.</summary>
        public static IHttpTransport For(DockerEndpoint endpoint, DockerConnectionOptions options)
        {
            var errors = new EndpointConnectionErrors(endpoint);
            switch (endpoint.Scheme)
            {
                case DockerEndpointScheme.Unix:
                    return new UnixSocketTransport(endpoint.SocketPath!, errors);
                case DockerEndpointScheme.NamedPipe:
                    return new NamedPipeTransport(endpoint.PipeServer!, endpoint.PipeName!, errors);
                case DockerEndpointScheme.Tcp:
                    return new TcpTransport(endpoint.Host!, endpoint.Port!.Value, errors);
                default:
                    return new SshTransport(endpoint, options);
            }
        }
    }
}
