using System;
using System.Collections.Concurrent;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Engine
{
    /// <summary>
    /// An exec started with its stdin attached (<see cref="IDockerEngine.StartExec"/>), for a process that waits for a
    /// word on stdin before it acts: it runs from the start, a thread of its own reads its output and keeps it until
    /// <see cref="Wait"/> hands it over on the caller's thread, and <see cref="WriteInput"/> writes to its stdin.
    /// Disposing it closes the connection, which ends the process's stdin: one that was still waiting reads end of file.
    /// </summary>
    public sealed class AttachedExec : IDisposable
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private readonly BlockingCollection<ProcessLine> _lines = new BlockingCollection<ProcessLine>();
        private readonly ManualResetEventSlim _inputKnown = new ManualResetEventSlim(false);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Func<CancellationToken, int> _exitCode;
        private readonly Thread _reader;
        private Stream? _input;
        private Exception? _failure;
        private bool _disposed;

        /// <param name="stream">
        /// Starts the exec and reads its output to the end: each line to its first argument, the connection's stream
        /// (once the engine has accepted the start) to its second; the token closes the connection.
        /// </param>
        /// <param name="exitCode">The exec's exit code, asked once its output has ended.</param>
        internal AttachedExec(Action<Action<ProcessLine>, Action<Stream>, CancellationToken> stream, Func<CancellationToken, int> exitCode)
        {
            _exitCode = exitCode;
            _reader = new Thread(() =>
            {
                try
                {
                    stream(_lines.Add, input =>
                    {
                        _input = input;
                        _inputKnown.Set();
                    }, _stop.Token);
                }
                catch (Exception ex)
                {
                    _failure = ex;
                }
                finally
                {
                    _inputKnown.Set();
                    _lines.CompleteAdding();
                }
            })
            { IsBackground = true, Name = "Konnaxion.Ops attached exec" };
            _reader.Start();
        }

        /// <summary>Writes <paramref name="text"/> to the process's stdin; false when its stream has already ended (the process is gone) or it was disposed.</summary>
        public bool WriteInput(string text)
        {
            if (_disposed)
            {
                return false;
            }

            _inputKnown.Wait();
            if (_input == null || _stop.IsCancellationRequested)
            {
                return false;
            }

            try
            {
                var bytes = Utf8.GetBytes(text);
                _input.Write(bytes, 0, bytes.Length);
                _input.Flush();
                return true;
            }
            catch (Exception ex) when (ex is IOException || ex is ObjectDisposedException || ex is KxException)
            {
                return false;
            }
        }

        /// <summary>
        /// Hands every line of output to <paramref name="onLine"/> on this thread, those kept so far first, until the exec
        /// ends; returns its exit code. Cancelling closes the connection and stops reading, as an exec's cancellation does:
        /// the engine cannot stop the process.
        /// </summary>
        /// <exception cref="KxException">The engine failed the exec or could not be reached.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public int Wait(Action<ProcessLine> onLine, CancellationToken cancellationToken)
        {
            using (cancellationToken.Register(_stop.Cancel))
            {
                foreach (var line in _lines.GetConsumingEnumerable())
                {
                    onLine(line);
                }

                _reader.Join();
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (_failure != null)
            {
                ExceptionDispatchInfo.Capture(_failure).Throw();
            }

            return _exitCode(cancellationToken);
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stop.Cancel();
            _reader.Join();
            _stop.Dispose();
            _inputKnown.Dispose();
            _lines.Dispose();
        }
    }
}
