using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace Konnaxion.Ops.Http
{
    /// <summary>The connection ended before any byte of a response arrived: a kept-alive connection the server closed.</summary>
    internal sealed class ConnectionClosedException : IOException
    {
        public ConnectionClosedException()
            : base("The connection closed before a response arrived.")
        {
        }
    }

    /// <summary>A response that breaks the HTTP wire format; the connection's caller names the server when it reports it.</summary>
    internal sealed class HttpProtocolException : Exception
    {
        public HttpProtocolException(string message)
            : base(message)
        {
        }
    }

    /// <summary>
    /// Reads HTTP/1.0 and 1.1 responses (RFC 9112) from a stream, one after another on the same connection: a status
    /// line, headers, then a body delimited by Content-Length, chunked transfer coding, or the end of the connection.
    /// Bytes after one response stay buffered for the next.
    /// </summary>
    internal sealed class HttpResponseReader
    {
        private const int MaxLineBytes = 16 * 1024;
        private const int MaxHeaderCount = 200;

        /// <summary>More than any listing or log tail this client asks for; a guard against a runaway stream.</summary>
        internal const int MaxBodyBytes = 256 * 1024 * 1024;

        private readonly Stream _stream;
        private readonly byte[] _buffer = new byte[MaxLineBytes];
        private int _start;
        private int _end;
        private bool _responseStarted;

        public HttpResponseReader(Stream stream)
        {
            _stream = stream;
        }

        /// <summary>Whether any byte of the response being read has arrived; until then a failure may be a stale connection.</summary>
        public bool ResponseStarted => _responseStarted;

        /// <param name="requestMethod">HEAD responses carry no body whatever their headers say.</param>
        /// <param name="bodySinkFor">
        /// Asked with the status code once the headers are in: a sink that gets the body as it arrives (the returned
        /// response then has an empty body, and no size limit applies), or null to buffer it.
        /// </param>
        /// <exception cref="ConnectionClosedException">The stream ended before the response began.</exception>
        /// <exception cref="HttpProtocolException">The bytes are not an HTTP/1.x response.</exception>
        public HttpResponse ReadResponse(string requestMethod, Func<int, Action<byte[], int, int>?>? bodySinkFor = null)
        {
            _responseStarted = _start < _end;
            while (true)
            {
                var statusLine = ReadLine(atMessageStart: true);
                var (version, statusCode, reason) = ParseStatusLine(statusLine);
                var headers = ReadHeaders();

                // Interim 1xx responses precede the real one.
                if (statusCode < 200)
                {
                    continue;
                }

                var keepAlive = ConnectionStaysOpen(version, headers);
                if (requestMethod == "HEAD" || statusCode == 204 || statusCode == 304)
                {
                    return new HttpResponse(statusCode, reason, headers, Array.Empty<byte>(), keepAlive);
                }

                var body = new BodyDestination(bodySinkFor?.Invoke(statusCode));
                if (headers.TryGetValue("Transfer-Encoding", out var codings))
                {
                    if (IsChunked(codings))
                    {
                        ReadChunkedBody(body);
                    }
                    else
                    {
                        ReadToEnd(body);
                        keepAlive = false;
                    }
                }
                else if (headers.TryGetValue("Content-Length", out var lengthText))
                {
                    CopyExactly(ParseContentLength(lengthText), body);
                }
                else
                {
                    ReadToEnd(body);
                    keepAlive = false;
                }

                return new HttpResponse(statusCode, reason, headers, body.ToArray(), keepAlive);
            }
        }

        private static (int Minor, int StatusCode, string Reason) ParseStatusLine(string line)
        {
            // HTTP/1.x SP 3DIGIT [SP reason]
            if (line.Length < 12 || !line.StartsWith("HTTP/1.", StringComparison.Ordinal) || !IsDigit(line[7]) || line[8] != ' '
                || !IsDigit(line[9]) || !IsDigit(line[10]) || !IsDigit(line[11]) || (line.Length > 12 && line[12] != ' '))
            {
                throw new HttpProtocolException($"the status line '{Shorten(line)}' is not HTTP/1.x.");
            }

            var statusCode = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
            if (statusCode < 100)
            {
                throw new HttpProtocolException($"the status code in '{Shorten(line)}' is out of range.");
            }

            return (line[7] - '0', statusCode, line.Length > 13 ? line.Substring(13) : string.Empty);
        }

        private Dictionary<string, string> ReadHeaders()
        {
            var headers = HttpResponse.NewHeaderDictionary();
            string? lastName = null;
            var count = 0;
            while (true)
            {
                var line = ReadLine(atMessageStart: false);
                if (line.Length == 0)
                {
                    return headers;
                }

                if (++count > MaxHeaderCount)
                {
                    throw new HttpProtocolException($"the response has more than {MaxHeaderCount} header lines.");
                }

                if (line[0] == ' ' || line[0] == '\t')
                {
                    // Obsolete line folding: the line continues the previous header's value.
                    if (lastName == null)
                    {
                        throw new HttpProtocolException("the first header line is indented.");
                    }

                    headers[lastName] = headers[lastName] + " " + line.Trim();
                    continue;
                }

                var colon = line.IndexOf(':');
                if (colon <= 0 || line[colon - 1] == ' ' || line[colon - 1] == '\t')
                {
                    throw new HttpProtocolException($"the header line '{Shorten(line)}' has no valid name.");
                }

                var name = line.Substring(0, colon);
                var value = line.Substring(colon + 1).Trim(' ', '\t');
                headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
                lastName = name;
            }
        }

        private static bool ConnectionStaysOpen(int minorVersion, IReadOnlyDictionary<string, string> headers)
        {
            var tokens = headers.TryGetValue("Connection", out var connection) ? connection.Split(',') : Array.Empty<string>();
            var close = false;
            var keepAlive = false;
            foreach (var token in tokens)
            {
                close |= string.Equals(token.Trim(), "close", StringComparison.OrdinalIgnoreCase);
                keepAlive |= string.Equals(token.Trim(), "keep-alive", StringComparison.OrdinalIgnoreCase);
            }

            return !close && (minorVersion >= 1 || keepAlive);
        }

        private static bool IsChunked(string transferCodings)
        {
            // Only the last coding decides how the message ends.
            var codings = transferCodings.Split(',');
            return string.Equals(codings[codings.Length - 1].Trim(), "chunked", StringComparison.OrdinalIgnoreCase);
        }

        private static int ParseContentLength(string text)
        {
            // A repeated header arrives joined as "n, n"; the copies must agree.
            int? length = null;
            foreach (var part in text.Split(','))
            {
                var trimmed = part.Trim();
                if (trimmed.Length == 0 || !long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || (length.HasValue && length.Value != value))
                {
                    throw new HttpProtocolException($"the Content-Length '{Shorten(text)}' is not a single number.");
                }

                if (value > MaxBodyBytes)
                {
                    throw TooLarge();
                }

                length = (int)value;
            }

            return length!.Value;
        }

        private void ReadChunkedBody(BodyDestination body)
        {
            while (true)
            {
                var line = ReadLine(atMessageStart: false);
                var semicolon = line.IndexOf(';');
                var sizeText = (semicolon >= 0 ? line.Substring(0, semicolon) : line).Trim(' ', '\t');
                var significant = sizeText.TrimStart('0');
                // Seven hex digits already exceed the body limit, so longer sizes need no overflow-safe parsing.
                if (sizeText.Length == 0 || significant.Length > 7
                    || !int.TryParse(significant.Length == 0 ? "0" : significant, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
                {
                    throw new HttpProtocolException($"the chunk size line '{Shorten(line)}' is not a hexadecimal size.");
                }

                if (size == 0)
                {
                    // Trailer fields end with an empty line; nothing this client asks for is sent as a trailer.
                    while (ReadLine(atMessageStart: false).Length != 0)
                    {
                    }

                    return;
                }

                CopyExactly(size, body);
                if (ReadLine(atMessageStart: false).Length != 0)
                {
                    throw new HttpProtocolException("a chunk is longer than its declared size.");
                }
            }
        }

        private void CopyExactly(int count, BodyDestination destination)
        {
            while (count > 0)
            {
                if (_start == _end && Fill() == 0)
                {
                    throw new HttpProtocolException("the connection closed in the middle of the response body.");
                }

                var take = Math.Min(count, _end - _start);
                destination.Write(_buffer, _start, take);
                _start += take;
                count -= take;
            }
        }

        private void ReadToEnd(BodyDestination body)
        {
            while (true)
            {
                if (_start == _end && Fill() == 0)
                {
                    return;
                }

                body.Write(_buffer, _start, _end - _start);
                _start = _end;
            }
        }

        /// <summary>A line without its CRLF (a bare LF is accepted too), decoded as ISO-8859-1 the way RFC 9110 treats field bytes.</summary>
        private string ReadLine(bool atMessageStart)
        {
            var scanned = 0;
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start + scanned, _end - _start - scanned);
                if (newline >= 0)
                {
                    var length = newline - _start;
                    if (length > 0 && _buffer[newline - 1] == '\r')
                    {
                        length--;
                    }

                    var chars = new char[length];
                    for (var i = 0; i < length; i++)
                    {
                        chars[i] = (char)_buffer[_start + i];
                    }

                    _start = newline + 1;
                    return new string(chars);
                }

                scanned = _end - _start;
                if (scanned >= MaxLineBytes)
                {
                    throw new HttpProtocolException($"a line of the response is longer than {MaxLineBytes} bytes.");
                }

                if (Fill() == 0)
                {
                    if (atMessageStart && _end == _start)
                    {
                        throw new ConnectionClosedException();
                    }

                    throw new HttpProtocolException("the connection closed in the middle of the response headers.");
                }
            }
        }

        /// <summary>Reads more bytes after the buffered ones, moving those to the front first; 0 at end of stream.</summary>
        private int Fill()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read > 0)
            {
                _responseStarted = true;
                _end += read;
            }

            return read;
        }

        /// <summary>Where a body goes: a buffer bounded by <see cref="MaxBodyBytes"/>, or the caller's sink.</summary>
        private sealed class BodyDestination
        {
            private readonly Action<byte[], int, int>? _sink;
            private readonly MemoryStream? _buffer;

            public BodyDestination(Action<byte[], int, int>? sink)
            {
                _sink = sink;
                _buffer = sink == null ? new MemoryStream() : null;
            }

            public void Write(byte[] data, int offset, int count)
            {
                if (_sink != null)
                {
                    _sink(data, offset, count);
                    return;
                }

                if (_buffer!.Length + count > MaxBodyBytes)
                {
                    throw TooLarge();
                }

                _buffer.Write(data, offset, count);
            }

            public byte[] ToArray() => _buffer?.ToArray() ?? Array.Empty<byte>();
        }

        private static HttpProtocolException TooLarge() =>
            new HttpProtocolException($"the response body is larger than {MaxBodyBytes / (1024 * 1024)} MiB.");

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static string Shorten(string text)
        {
            var shown = new StringBuilder();
            foreach (var c in text.Length > 80 ? text.Substring(0, 80) + "…" : text)
            {
                shown.Append(c < ' ' || c == 0x7f ? '?' : c);
            }

            return shown.ToString();
        }
    }
}
