using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Konnaxion.Ops.Http;

namespace Konnaxion.Ops.Engine
{
    /// <summary>
    /// Turns the body of GET /containers/{id}/logs, or the output of an attached exec, into lines. Without a TTY the engine multiplexes stdout and
    /// stderr in frames of an 8-byte header (stream byte, three zero bytes, big-endian payload length) and the
    /// payload; with a TTY the body is the raw terminal output. Bytes may arrive in any pieces: headers and
    /// multi-byte characters can be split across writes and frames. Each stream is cut into lines separately, so a
    /// line is decoded only once it is whole and a character split between two frames of one stream survives.
    /// </summary>
    internal sealed class LogStreamDecoder
    {
        private const int HeaderLength = 8;

        // stdin, stdout, stderr, and the engine's own error stream (3) of newer API versions.
        private const int StreamCount = 4;

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private readonly bool _multiplexed;
        private readonly byte[] _header = new byte[HeaderLength];
        private readonly MemoryStream[] _pendingLines = new MemoryStream[StreamCount];
        private readonly List<string> _lines = new List<string>();
        private readonly Action<int, string> _onLine;
        private int _headerFilled;
        private int _payloadLeft;
        private int _stream;

        /// <param name="multiplexed">True for a container without a TTY.</param>
        /// <param name="onLine">Gets each line as soon as it is whole, with its stream number (1 stdout, 2 stderr); when null, <see cref="Finish"/> returns them all.</param>
        public LogStreamDecoder(bool multiplexed, Action<int, string>? onLine = null)
        {
            _multiplexed = multiplexed;
            _onLine = onLine ?? ((_, line) => _lines.Add(line));
            _stream = 1;
            for (var i = 0; i < StreamCount; i++)
            {
                _pendingLines[i] = new MemoryStream();
            }
        }

        /// <exception cref="EngineProtocolException">A frame header names an unknown stream.</exception>
        public void Write(byte[] data, int offset, int count)
        {
            if (!_multiplexed)
            {
                Append(data, offset, count);
                return;
            }

            while (count > 0)
            {
                if (_payloadLeft == 0)
                {
                    var take = Math.Min(count, HeaderLength - _headerFilled);
                    Buffer.BlockCopy(data, offset, _header, _headerFilled, take);
                    _headerFilled += take;
                    offset += take;
                    count -= take;
                    if (_headerFilled == HeaderLength)
                    {
                        StartFrame();
                    }

                    continue;
                }

                var payload = Math.Min(count, _payloadLeft);
                Append(data, offset, payload);
                _payloadLeft -= payload;
                offset += payload;
                count -= payload;
            }
        }

        /// <summary>Every line (none when they went to a callback), with the unterminated last line of each stream at the end.</summary>
        /// <exception cref="EngineProtocolException">The body ended inside a frame.</exception>
        public IReadOnlyList<string> Finish()
        {
            if (_headerFilled != 0 || _payloadLeft != 0)
            {
                throw new EngineProtocolException("the log stream ends in the middle of a frame.");
            }

            for (var stream = 0; stream < StreamCount; stream++)
            {
                if (_pendingLines[stream].Length > 0)
                {
                    EmitLine(stream, (int)_pendingLines[stream].Length);
                }
            }

            return _lines;
        }

        private void StartFrame()
        {
            _headerFilled = 0;
            _stream = _header[0];
            if (_stream >= StreamCount || _header[1] != 0 || _header[2] != 0 || _header[3] != 0)
            {
                throw new EngineProtocolException($"a log frame header starts with bytes {_header[0]:x2} {_header[1]:x2} {_header[2]:x2} {_header[3]:x2}, not a stream number.");
            }

            var length = ((uint)_header[4] << 24) | ((uint)_header[5] << 16) | ((uint)_header[6] << 8) | _header[7];
            if (length > HttpResponseReader.MaxBodyBytes)
            {
                throw new EngineProtocolException($"a log frame claims {length} bytes.");
            }

            _payloadLeft = (int)length;
        }

        private void Append(byte[] data, int offset, int count)
        {
            var pending = _pendingLines[_stream];
            var end = offset + count;
            while (offset < end)
            {
                var newline = Array.IndexOf(data, (byte)'\n', offset, end - offset);
                if (newline < 0)
                {
                    pending.Write(data, offset, end - offset);
                    return;
                }

                pending.Write(data, offset, newline - offset);
                EmitLine(_stream, (int)pending.Length);
                offset = newline + 1;
            }
        }

        private void EmitLine(int stream, int length)
        {
            var pending = _pendingLines[stream];
            var bytes = pending.GetBuffer();
            if (length > 0 && bytes[length - 1] == '\r')
            {
                length--;
            }

            var text = Utf8.GetString(bytes, 0, length);
            pending.SetLength(0);
            _onLine(stream, text);
        }
    }
}
