using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Konnaxion.Ops.Http
{
    /// <summary>Connects a socket within a timeout and a cancellation token, turning failures into the caller's Unreachable error.</summary>
    internal static class SocketConnector
    {
        /// <summary>
        /// <paramref name="unixSocketPath"/> is the socket file of a Unix socket, whose absence is worth telling apart from a
        /// refusal; <paramref name="hostName"/> is the TCP host, named when it cannot be resolved.
        /// </summary>
        public static Stream Connect(Socket socket, Func<Socket, Task> connect, string? unixSocketPath, string? hostName, IConnectionErrors errors,
            TimeSpan timeout, CancellationToken cancellationToken)
        {
            try
            {
                var connecting = connect(socket);
                // Observe the fault of an abandoned attempt so it does not surface as an unobserved task exception.
                connecting.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                if (!connecting.Wait((int)Math.Min(int.MaxValue, timeout.TotalMilliseconds), cancellationToken))
                {
                    throw errors.Unreachable($"no connection within {Durations.Seconds(timeout)}");
                }

                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (AggregateException ex) when (ex.InnerException is SocketException socketError)
            {
                socket.Dispose();
                throw Describe(socketError, unixSocketPath, hostName, errors);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                throw Describe(ex, unixSocketPath, hostName, errors);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        private static Exception Describe(SocketException error, string? unixSocketPath, string? hostName, IConnectionErrors errors)
        {
            switch (error.SocketErrorCode)
            {
                // .NET reports both a missing socket file and one nobody listens on as AddressNotAvailable.
                case SocketError.AddressNotAvailable when unixSocketPath != null:
                case SocketError.ConnectionRefused when unixSocketPath != null:
                    return File.Exists(unixSocketPath)
                        ? errors.Unreachable("connection refused (nothing listens on the socket)", error)
                        : errors.Unreachable("the socket file does not exist", error);
                case SocketError.ConnectionRefused:
                    return errors.Unreachable("connection refused", error);
                case SocketError.AccessDenied:
                    return errors.Unreachable("permission denied", error, permissionDenied: true);
                case SocketError.HostNotFound:
                case SocketError.NoData:
                    return errors.Unreachable($"the host name {hostName} cannot be resolved", error);
                default:
                    return errors.Unreachable(error.Message.TrimEnd('.'), error);
            }
        }
    }
}
