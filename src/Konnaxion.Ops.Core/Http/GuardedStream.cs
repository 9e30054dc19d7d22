using System;
using System.IO;
using System.Threading;

namespace Konnaxion.Ops.Http
{
    /// <summary>
    /// Bounds every read and write with the read timeout and lets a cancellation token interrupt them. Pipes, sockets
    /// and process streams share no portable timeout or cancellable synchronous read, but all of them unblock when
    /// closed, so expiry and cancellation close the inner stream; the connection is then unusable and is dropped.
    /// </summary>
    internal sealed class GuardedStream : DuplexStream
    {
        private readonly Stream _inner;
        private readonly IConnectionErrors _errors;
        private readonly Timer _timer;
        private readonly object _timerGate = new object();
        private bool _armed;
        private CancellationToken _cancellationToken;
        private volatile bool _timedOut;

        public GuardedStream(Stream inner, IConnectionErrors errors, TimeSpan timeout)
        {
            _inner = inner;
            _errors = errors;
            OperationTimeout = timeout;
            _timer = new Timer(_ => Expire(), null, Timeout.Infinite, Timeout.Infinite);
        }

        /// <summary>How long one read or write may take; <see cref="Timeout.InfiniteTimeSpan"/> for a stream that may rightly stay silent.</summary>
        public TimeSpan OperationTimeout { get; set; }

        /// <summary>Makes <paramref name="cancellationToken"/> close the stream until the returned scope ends.</summary>
        public IDisposable Watch(CancellationToken cancellationToken)
        {
            _cancellationToken = cancellationToken;
            return cancellationToken.Register(_inner.Dispose);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = Guard(() => _inner.Read(buffer, offset, count));
            if (read == 0)
            {
                // A closed stream may report end-of-stream instead of throwing.
                ThrowIfInterrupted(null);
            }

            return read;
        }

        public override void Write(byte[] buffer, int offset, int count) => Guard(() =>
        {
            _inner.Write(buffer, offset, count);
            return 0;
        });

        public override void Flush() => Guard(() =>
        {
            _inner.Flush();
            return 0;
        });

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _timer.Dispose();
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Guard(Func<int> operation)
        {
            ThrowIfInterrupted(null);
            lock (_timerGate)
            {
                _armed = true;
                _timer.Change(OperationTimeout, Timeout.InfiniteTimeSpan);
            }

            try
            {
                return operation();
            }
            catch (Exception ex) when (_timedOut || _cancellationToken.IsCancellationRequested)
            {
                // Whatever the closed stream threw, the reason is the timeout or the cancellation.
                ThrowIfInterrupted(ex);
                throw;
            }
            finally
            {
                lock (_timerGate)
                {
                    _armed = false;
                    _timer.Change(Timeout.Infinite, Timeout.Infinite);
                }
            }
        }

        private void ThrowIfInterrupted(Exception? cause)
        {
            if (_cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The request was cancelled.", cause, _cancellationToken);
            }

            if (_timedOut)
            {
                throw _errors.Timeout(OperationTimeout);
            }
        }

        private void Expire()
        {
            // A timer that fires just as the operation completes must not break the next one.
            lock (_timerGate)
            {
                if (!_armed)
                {
                    return;
                }

                _timedOut = true;
            }

            _inner.Dispose();
        }
    }
}
