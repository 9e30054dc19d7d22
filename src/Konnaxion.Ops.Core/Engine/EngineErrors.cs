using System;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Http;

namespace Konnaxion.Ops.Engine
{
    /// <summary>A log stream or field that breaks the engine's formats; the caller names the endpoint when it reports it.</summary>
    internal sealed class EngineProtocolException : Exception
    {
        public EngineProtocolException(string message)
            : base(message)
        {
        }
    }

    /// <summary>The engine errors every transport raises, worded the same way everywhere.</summary>
    internal static class EngineErrors
    {
        public static KxException Unreachable(DockerEndpoint endpoint, string reason, Exception? innerException = null, bool permissionDenied = false)
        {
            var action = permissionDenied ? PermissionAction(endpoint) : StartAction(endpoint);
            return new KxException(KxErrorIds.EngineUnreachable,
                permissionDenied ? KxErrorCategory.PermissionDenied : KxErrorCategory.ConnectionError, endpoint.Url,
                $"Cannot reach the Docker engine at {endpoint.Description}: {reason}. {action}", action, innerException);
        }

        public static KxException Timeout(DockerEndpoint endpoint, TimeSpan timeout)
        {
            const string action = "Check that the engine is responsive (`docker info`), or allow a longer read timeout.";
            return new KxException(KxErrorIds.EngineTimeout, KxErrorCategory.OperationTimeout, endpoint.Url,
                $"The Docker engine at {endpoint.Description} did not answer within {Seconds(timeout)}. {action}", action);
        }

        /// <summary>A duration worded as the connection's own errors word it, so that messages above and below the HTTP layer agree.</summary>
        public static string Seconds(TimeSpan timeout) => Durations.Seconds(timeout);

        public static KxException Protocol(DockerEndpoint endpoint, string detail, Exception? innerException = null)
        {
            const string action = "Check that the endpoint is a Docker engine and not another service or a proxy that rewrites responses.";
            return new KxException(KxErrorIds.EngineProtocolError, KxErrorCategory.InvalidData, endpoint.Url,
                $"The Docker engine at {endpoint.Description} sent a response that cannot be read: {detail} {action}", action, innerException);
        }

        private static string StartAction(DockerEndpoint endpoint)
        {
            switch (endpoint.Source)
            {
                case DockerEndpointSource.DockerHost:
                    return "Start the engine there, or change or unset DOCKER_HOST.";
                case DockerEndpointSource.Context:
                    return "Start the engine there, or pick another context with `docker context use`.";
                case DockerEndpointSource.Parameter:
                    return "Start the engine there, or give another endpoint.";
                default:
                    return "Start Docker Desktop or dockerd, or set DOCKER_HOST.";
            }
        }

        private static string PermissionAction(DockerEndpoint endpoint) =>
            endpoint.Scheme == DockerEndpointScheme.NamedPipe
                ? "Add your user to the docker-users group and sign in again, or run as administrator."
                : "Add your user to the docker group and log in again, or run as root.";
    }

    /// <summary>The connection errors of one endpoint, for the HTTP layer beneath the client.</summary>
    internal sealed class EndpointConnectionErrors : IConnectionErrors
    {
        private readonly DockerEndpoint _endpoint;

        public EndpointConnectionErrors(DockerEndpoint endpoint)
        {
            _endpoint = endpoint;
        }

        public Exception Unreachable(string reason, Exception? innerException = null, bool permissionDenied = false) =>
            EngineErrors.Unreachable(_endpoint, reason, innerException, permissionDenied);

        public Exception Timeout(TimeSpan timeout) => EngineErrors.Timeout(_endpoint, timeout);

        public Exception Protocol(string detail, Exception? innerException = null) => EngineErrors.Protocol(_endpoint, detail, innerException);
    }
}
