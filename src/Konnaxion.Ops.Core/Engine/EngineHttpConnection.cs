using System;
using System.IO;
using System.Reflection;
using System.Text;
using System.Threading;

namespace Konnaxion.Ops.Engine
{
    /// <summary>
    /// HTTP/1.1 over one kept-alive transport stream. A request that finds its reused connection closed by the server
    /// (nothing of the response arrived) is sent once more on a fresh connection; this client only sends GET and
    /// DELETE, which are safe to repeat. One request runs at a time; concurrent callers wait for each other.
    /// </summary>
    internal sealed class EngineHttpConnection : IDisposable
    {
        private static readonly string UserAgent = "Konnaxion.Ops/" +
            (typeof(EngineHttpConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0");

        private readonly IEngineTransport _transport;
        private readonly DockerConnectionOptions _options;
        private readonly object _gate = new object();
        private GuardedStream? _stream;
        private HttpResponseReader? _reader;
        private bool _disposed;

        public EngineHttpConnection(DockerEndpoint endpoint, IEngineTransport transport, DockerConnectionOptions options)
        {
            Endpoint = endpoint;
            _transport = transport;
            _options = options;
        }

        public DockerEndpoint Endpoint { get; }

        /// <summary>How many transport connections have been opened; lets tests see reuse.</summary>
        internal int ConnectionsOpened { get; private set; }

        /// <summary>Sends a request without a body; <paramref name="target"/> is the path and query, already percent-encoded.</summary>
        /// <exception cref="Errors.KxException">EngineUnreachable, EngineTimeout, EngineProtocolError or SshTransportFailed.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled; the connection is closed.</exception>
        public HttpResponse Send(string method, string target, CancellationToken cancellationToken)
        {
            if (target.Length == 0 || target[0] != '/' || target.IndexOfAny(new[] { ' ', '\r', '\n' }) >= 0)
            {
                throw new ArgumentException("The request target must be an encoded absolute path.", nameof(target));
            }

            lock (_gate)
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException(nameof(EngineHttpConnection));
                }

                cancellationToken.ThrowIfCancellationRequested();
                var reused = _stream != null;
                try
                {
                    try
                    {
                        return Exchange(method, target, cancellationToken);
                    }
                    catch (Exception ex) when ((ex is IOException || ex is ObjectDisposedException)
                        && reused && !_reader!.ResponseStarted && !cancellationToken.IsCancellationRequested)
                    {
                        // The server closed the idle connection, or an earlier cancellation closed it after its response.
                        Drop();
                        return Exchange(method, target, cancellationToken);
                    }
                }
                catch (IOException ex)
                {
                    Drop();
                    throw EngineErrors.Unreachable(Endpoint, "the connection broke: " + ex.Message.TrimEnd('.'), ex);
                }
                catch (EngineProtocolException ex)
                {
                    Drop();
                    throw EngineErrors.Protocol(Endpoint, ex.Message, ex);
                }
                catch
                {
                    Drop();
                    throw;
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                Drop();
            }
        }

        private HttpResponse Exchange(string method, string target, CancellationToken cancellationToken)
        {
            if (_stream == null)
            {
                _stream = new GuardedStream(_transport.Connect(_options.ConnectTimeout, cancellationToken), Endpoint, _options.ReadTimeout);
                _reader = new HttpResponseReader(_stream);
                ConnectionsOpened++;
            }

            using (_stream.Watch(cancellationToken))
            {
                var request = Encoding.ASCII.GetBytes(
                    method + " " + target + " HTTP/1.1\r\n" +
                    "Host: docker\r\n" +
                    "User-Agent: " + UserAgent + "\r\n" +
                    "Accept: application/json\r\n" +
                    "\r\n");
                _stream.Write(request, 0, request.Length);
                _stream.Flush();
                var response = _reader!.ReadResponse(method);
                if (!response.KeepAlive)
                {
                    Drop();
                }

                return response;
            }
        }

        private void Drop()
        {
            _stream?.Dispose();
            _stream = null;
            _reader = null;
        }
    }
}
