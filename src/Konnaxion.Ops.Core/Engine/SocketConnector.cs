using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Engine
{
    /// <summary>Connects a socket within a timeout and a cancellation token, turning failures into EngineUnreachable.</summary>
    internal static class SocketConnector
    {
        public static Stream Connect(Socket socket, Func<Socket, Task> connect, DockerEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
        {
            try
            {
                var connecting = connect(socket);
                // Observe the fault of an abandoned attempt so it does not surface as an unobserved task exception.
                connecting.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                if (!connecting.Wait((int)Math.Min(int.MaxValue, timeout.TotalMilliseconds), cancellationToken))
                {
                    throw EngineErrors.Unreachable(endpoint, $"no connection within {EngineErrors.Seconds(timeout)}");
                }

                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (AggregateException ex) when (ex.InnerException is SocketException socketError)
            {
                socket.Dispose();
                throw Describe(endpoint, socketError);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                throw Describe(endpoint, ex);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        private static KxException Describe(DockerEndpoint endpoint, SocketException error)
        {
            switch (error.SocketErrorCode)
            {
                // .NET reports both a missing socket file and one nobody listens on as AddressNotAvailable.
                case SocketError.AddressNotAvailable when endpoint.Scheme == DockerEndpointScheme.Unix:
                case SocketError.ConnectionRefused when endpoint.Scheme == DockerEndpointScheme.Unix:
                    return File.Exists(endpoint.SocketPath)
                        ? EngineErrors.Unreachable(endpoint, "connection refused (nothing listens on the socket)", error)
                        : EngineErrors.Unreachable(endpoint, "the socket file does not exist", error);
                case SocketError.ConnectionRefused:
                    return EngineErrors.Unreachable(endpoint, "connection refused", error);
                case SocketError.AccessDenied:
                    return EngineErrors.Unreachable(endpoint, "permission denied", error, permissionDenied: true);
                case SocketError.HostNotFound:
                case SocketError.NoData:
                    return EngineErrors.Unreachable(endpoint, $"the host name {endpoint.Host} cannot be resolved", error);
                default:
                    return EngineErrors.Unreachable(endpoint, error.Message.TrimEnd('.'), error);
            }
        }
    }
}
