using System;
using System.IO;
using System.IO.Pipes;
using System.Threading;

namespace Konnaxion.Ops.Engine
{
    /// <summary>
    /// A Windows named pipe. On Linux and macOS .NET maps the pipe NAME to the socket /tmp/CoreFxPipe_NAME, which is
    /// how the npipe transport is exercised off Windows.
    /// </summary>
    internal sealed class NamedPipeTransport : IEngineTransport
    {
        private readonly DockerEndpoint _endpoint;

        public NamedPipeTransport(DockerEndpoint endpoint)
        {
            _endpoint = endpoint;
        }

        public Stream Connect(TimeSpan timeout, CancellationToken cancellationToken)
        {
            // Asynchronous (overlapped) mode lets closing the pipe abort a blocked read on Windows.
            var pipe = new NamedPipeClientStream(_endpoint.PipeServer!, _endpoint.PipeName!, PipeDirection.InOut, PipeOptions.Asynchronous);
            try
            {
                pipe.ConnectAsync((int)Math.Min(int.MaxValue, timeout.TotalMilliseconds), cancellationToken).GetAwaiter().GetResult();
                return pipe;
            }
            catch (TimeoutException ex)
            {
                pipe.Dispose();
                // A missing pipe looks the same as a busy one: both wait until the timeout.
                throw EngineErrors.Unreachable(_endpoint, $"the pipe did not accept a connection within {EngineErrors.Seconds(timeout)}", ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                pipe.Dispose();
                throw EngineErrors.Unreachable(_endpoint, "access to the pipe is denied", ex, permissionDenied: true);
            }
            catch (IOException ex)
            {
                pipe.Dispose();
                throw EngineErrors.Unreachable(_endpoint, ex.Message.TrimEnd('.'), ex);
            }
            catch
            {
                pipe.Dispose();
                throw;
            }
        }
    }
}
