using System;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Text;
using System.Threading;

namespace Konnaxion.Ops.Http
{
    /// <summary>
    /// HTTP/1.1 over one kept-alive transport stream. A GET or DELETE that finds its reused connection closed by the
    /// server (nothing of the response arrived) is sent once more on a fresh connection; a POST is not, as the server
    /// may have acted on it. One request runs at a time; concurrent callers wait for each other.
    /// </summary>
    internal sealed class HttpConnection : IDisposable
    {
        private static readonly string UserAgent = "Konnaxion.Ops/" +
            (typeof(HttpConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0");

        private readonly IHttpTransport _transport;
        private readonly IConnectionErrors _errors;
        private readonly string _host;
        private readonly TimeSpan _connectTimeout;
        private readonly TimeSpan _readTimeout;
        private readonly object _gate = new object();
        private GuardedStream? _stream;
        private HttpResponseReader? _reader;
        private bool _disposed;

        /// <summary>
        /// <paramref name="host"/> is the Host header (the transport, not a URL, says where the server is);
        /// <paramref name="readTimeout"/> bounds any single read or write.
        /// </summary>
        public HttpConnection(IHttpTransport transport, IConnectionErrors errors, string host, TimeSpan connectTimeout, TimeSpan readTimeout)
        {
            _transport = transport;
            _errors = errors;
            _host = host;
            _connectTimeout = connectTimeout;
            _readTimeout = readTimeout;
        }

        /// <summary>How many transport connections have been opened; lets tests see reuse.</summary>
        internal int ConnectionsOpened { get; private set; }

        /// <summary>Sends a request; <paramref name="target"/> is the path and query, already percent-encoded; <paramref name="jsonBody"/> is sent as application/json.</summary>
        /// <exception cref="Errors.KxException">Unreachable, timed out or not HTTP, as the <see cref="IConnectionErrors"/> word it; or the transport's own.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled; the connection is closed.</exception>
        public HttpResponse Send(string method, string target, CancellationToken cancellationToken, string? jsonBody = null) =>
            Send(method, target, jsonBody, successSink: null, cancellationToken, input: null);

        /// <summary>
        /// Sends a request whose successful response body is a stream that ends when the server closes the connection
        /// (an attached exec's output): the body goes to <paramref name="successSink"/> as it arrives, with no read
        /// timeout, as the stream may rightly stay silent; an error response is buffered as usual. The connection is
        /// dropped afterwards. Exceptions as <see cref="Send(string, string, CancellationToken, string?)"/>.
        /// <paramref name="input"/>, when given, gets the connection's stream once a success status has arrived, for
        /// another thread to write to while this one reads (an exec's stdin); it may write until this call returns.
        /// </summary>
        public HttpResponse Stream(string method, string target, string? jsonBody, Action<byte[], int, int> successSink, CancellationToken cancellationToken,
            Action<Stream>? input = null)
        {
            try
            {
                return Send(method, target, jsonBody, successSink, cancellationToken, input);
            }
            finally
            {
                lock (_gate)
                {
                    Drop();
                }
            }
        }

        private HttpResponse Send(string method, string target, string? jsonBody, Action<byte[], int, int>? successSink, CancellationToken cancellationToken,
            Action<Stream>? input)
        {
            if (target.Length == 0 || target[0] != '/' || target.IndexOfAny(new[] { ' ', '\r', '\n' }) >= 0)
            {
                throw new ArgumentException("The request target must be an encoded absolute path.", nameof(target));
            }

            lock (_gate)
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException(nameof(HttpConnection));
                }

                cancellationToken.ThrowIfCancellationRequested();
                var reused = _stream != null;
                try
                {
                    try
                    {
                        return Exchange(method, target, jsonBody, successSink, cancellationToken, input);
                    }
                    catch (Exception ex) when ((ex is IOException || ex is ObjectDisposedException)
                        && reused && method != "POST" && !_reader!.ResponseStarted && !cancellationToken.IsCancellationRequested)
                    {
                        // The server closed the idle connection, or an earlier cancellation closed it after its response.
                        Drop();
                        return Exchange(method, target, jsonBody, successSink, cancellationToken, input);
                    }
                }
                catch (IOException ex)
                {
                    Drop();
                    throw _errors.Unreachable("the connection broke: " + ex.Message.TrimEnd('.'), ex);
                }
                catch (HttpProtocolException ex)
                {
                    Drop();
                    throw _errors.Protocol(ex.Message, ex);
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

        private HttpResponse Exchange(string method, string target, string? jsonBody, Action<byte[], int, int>? successSink, CancellationToken cancellationToken,
            Action<Stream>? input)
        {
            if (_stream == null)
            {
                _stream = new GuardedStream(_transport.Connect(_connectTimeout, cancellationToken), _errors, _readTimeout);
                _reader = new HttpResponseReader(_stream);
                ConnectionsOpened++;
            }

            using (_stream.Watch(cancellationToken))
            {
                var body = jsonBody == null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(jsonBody);
                var request = new MemoryStream();
                var head = Encoding.ASCII.GetBytes(
                    method + " " + target + " HTTP/1.1\r\n" +
                    "Host: " + _host + "\r\n" +
                    "User-Agent: " + UserAgent + "\r\n" +
                    "Accept: application/json\r\n" +
                    (jsonBody == null ? string.Empty : "Content-Type: application/json\r\nContent-Length: " + body.Length.ToString(CultureInfo.InvariantCulture) + "\r\n") +
                    "\r\n");
                // One write: a server that closed the idle connection is then noticed at the read, as a stale connection.
                request.Write(head, 0, head.Length);
                request.Write(body, 0, body.Length);
                _stream.Write(request.GetBuffer(), 0, (int)request.Length);
                _stream.Flush();
                var stream = _stream;
                var response = _reader!.ReadResponse(method, successSink == null ? null : statusCode =>
                {
                    if (statusCode < 200 || statusCode > 299)
                    {
                        return null;
                    }

                    stream.OperationTimeout = Timeout.InfiniteTimeSpan;
                    input?.Invoke(stream);
                    return successSink;
                });
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
