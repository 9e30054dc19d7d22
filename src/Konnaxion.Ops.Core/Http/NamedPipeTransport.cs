using System;
using System.IO;
using System.IO.Pipes;
using System.Threading;

namespace Konnaxion.Ops.Http
{
    /// <summary>
    /// A Windows named pipe. On Linux and macOS .NET maps the pipe NAME to the socket /tmp/CoreFxPipe_NAME, which is
    /// how the npipe transport is exercised off Windows.
    /// </summary>
    internal sealed class NamedPipeTransport : IHttpTransport
    {
        private readonly string _server;
        private readonly string _name;
        private readonly IConnectionErrors _errors;

        /// <summary>The pipe <paramref name="name"/> on the machine <paramref name="server"/> ("." for this one).</summary>
        public NamedPipeTransport(string server, string name, IConnectionErrors errors)
        {
            _server = server;
            _name = name;
            _errors = errors;
        }

        public Stream Connect(TimeSpan timeout, CancellationToken cancellationToken)
        {
            // Asynchronous (overlapped) mode lets closing the pipe abort a blocked read on Windows.
            var pipe = new NamedPipeClientStream(_server, _name, PipeDirection.InOut, PipeOptions.Asynchronous);
            try
            {
                pipe.ConnectAsync((int)Math.Min(int.MaxValue, timeout.TotalMilliseconds), cancellationToken).GetAwaiter().GetResult();
                return pipe;
            }
            catch (TimeoutException ex)
            {
                pipe.Dispose();
                // A missing pipe looks the same as a busy one: both wait until the timeout.
                throw _errors.Unreachable($"the pipe did not accept a connection within {Durations.Seconds(timeout)}", ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                pipe.Dispose();
                throw _errors.Unreachable("access to the pipe is denied", ex, permissionDenied: true);
            }
            catch (IOException ex)
            {
                pipe.Dispose();
                throw _errors.Unreachable(ex.Message.TrimEnd('.'), ex);
            }
            catch
            {
                pipe.Dispose();
                throw;
            }
        }
    }
}
