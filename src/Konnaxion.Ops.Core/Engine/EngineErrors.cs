using System;
using System.Globalization;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Engine
{
    /// <summary>A response or log stream that breaks the wire format; the caller names the endpoint when it reports it.</summary>
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

        public static KxException Protocol(DockerEndpoint endpoint, string detail, Exception? innerException = null)
        {
            const string action = "Check that the endpoint is a Docker engine and not another service or a proxy that rewrites responses.";
            return new KxException(KxErrorIds.EngineProtocolError, KxErrorCategory.InvalidData, endpoint.Url,
                $"The Docker engine at {endpoint.Description} sent a response that cannot be read: {detail} {action}", action, innerException);
        }

        public static string Seconds(TimeSpan timeout) =>
            timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

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
}
