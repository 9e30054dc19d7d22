using System;
using System.IO;
using System.Text;
using System.Threading;

namespace Konnaxion.Ops.Tests.Http
{
    /// <summary>
    /// A fake server connection: reads hand out a scripted response at most <see cref="MaxReadSize"/> bytes at a
    /// time, then end-of-stream (or, with <see cref="BlockAtEnd"/>, block until disposed, like a silent server);
    /// writes are recorded as the request text.
    /// </summary>
    public sealed class ScriptedStream : Stream
    {
        private readonly MemoryStream _written = new MemoryStream();
        private readonly ManualResetEventSlim _disposed = new ManualResetEventSlim();
        private readonly ManualResetEventSlim _awaitedWritten = new ManualResetEventSlim();
        private byte[] _response;
        private string? _awaitedWrite;
        private byte[] _afterWrite = Array.Empty<byte>();
        private int _position;

        public ScriptedStream(byte[] response)
        {
            _response = response;
        }

        public ScriptedStream(string response)
            : this(Encoding.UTF8.GetBytes(response))
        {
        }

        public int MaxReadSize { get; set; } = int.MaxValue;

        public bool BlockAtEnd { get; set; }

        public bool IsDisposed => _disposed.IsSet;

        /// <summary>
        /// Once the scripted response is read, reads wait until the request text contains <paramref name="awaited"/> (a
        /// server that answers what the client writes, such as an exec reading its stdin), then hand out <paramref name="more"/>.
        /// </summary>
        public void RespondAfterWrite(string awaited, byte[] more)
        {
            _awaitedWrite = awaited;
            _afterWrite = more;
        }

        public string WrittenText => Encoding.ASCII.GetString(_written.ToArray());

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_disposed.IsSet)
            {
                throw new ObjectDisposedException(nameof(ScriptedStream));
            }

            if (_position == _response.Length && _awaitedWrite != null)
            {
                WaitHandle.WaitAny(new[] { _awaitedWritten.WaitHandle, _disposed.WaitHandle });
                if (_disposed.IsSet)
                {
                    throw new IOException("The stream was closed while reading.");
                }

                var more = new byte[_response.Length + _afterWrite.Length];
                Buffer.BlockCopy(_response, 0, more, 0, _response.Length);
                Buffer.BlockCopy(_afterWrite, 0, more, _response.Length, _afterWrite.Length);
                _response = more;
                _awaitedWrite = null;
            }

            if (_position == _response.Length)
            {
                if (BlockAtEnd)
                {
                    _disposed.Wait();
                    throw new IOException("The stream was closed while reading.");
                }

                return 0;
            }

            var take = Math.Min(Math.Min(count, MaxReadSize), _response.Length - _position);
            Buffer.BlockCopy(_response, _position, buffer, offset, take);
            _position += take;
            return take;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_disposed.IsSet)
            {
                throw new IOException("Broken pipe.");
            }

            _written.Write(buffer, offset, count);
            if (_awaitedWrite != null && WrittenText.Contains(_awaitedWrite, StringComparison.Ordinal))
            {
                _awaitedWritten.Set();
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _disposed.Set();
            base.Dispose(disposing);
        }
    }
}
