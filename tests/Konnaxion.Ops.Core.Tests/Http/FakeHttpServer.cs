using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Konnaxion.Ops.Tests.Http
{
    /// <summary>
    /// A minimal HTTP server on a real socket (Unix or TCP) for transport tests: answers each request from a
    /// function of its request line, or stays silent when that returns null.
    /// </summary>
    internal sealed class FakeHttpServer : IDisposable
    {
        private readonly Socket _listener;
        private readonly Func<string, string?> _answer;
        private readonly string? _socketPath;
        private int _connections;

        private FakeHttpServer(Socket listener, Func<string, string?> answer, string? socketPath)
        {
            _listener = listener;
            _answer = answer;
            _socketPath = socketPath;
            _listener.Listen(8);
            new Thread(AcceptLoop) { IsBackground = true, Name = "FakeHttpServer" }.Start();
        }

        public int Connections => Volatile.Read(ref _connections);

        public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

        /// <summary>Close each connection after answering, as a server with a short idle timeout would.</summary>
        public bool CloseAfterEachResponse { get; set; }

        public static FakeHttpServer OnUnixSocket(string path, Func<string, string?> answer)
        {
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            return new FakeHttpServer(listener, answer, path);
        }

        public static FakeHttpServer OnLoopback(Func<string, string?> answer)
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return new FakeHttpServer(listener, answer, null);
        }

        /// <summary>A short socket path: sun_path holds at most 107 bytes and test temp folders can be deep.</summary>
        public static string TempSocketPath(string prefix = "kx-") => Path.Combine("/tmp", prefix + Guid.NewGuid().ToString("N").Substring(0, 12) + ".sock");

        public void Dispose()
        {
            _listener.Dispose();
            if (_socketPath != null)
            {
                File.Delete(_socketPath);
            }
        }

        private void AcceptLoop()
        {
            while (true)
            {
                Socket connection;
                try
                {
                    connection = _listener.Accept();
                }
                catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref _connections);
                new Thread(() => Serve(connection)) { IsBackground = true }.Start();
            }
        }

        private void Serve(Socket connection)
        {
            using (connection)
            using (var stream = new NetworkStream(connection))
            {
                try
                {
                    var pending = new StringBuilder();
                    var buffer = new byte[4096];
                    while (true)
                    {
                        var end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal);
                        if (end < 0)
                        {
                            var read = stream.Read(buffer, 0, buffer.Length);
                            if (read == 0)
                            {
                                return;
                            }

                            pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
                            continue;
                        }

                        var request = pending.ToString(0, end);
                        pending.Remove(0, end + 4);
                        var reply = _answer(request.Split('\r')[0]);
                        if (reply == null)
                        {
                            continue;
                        }

                        var bytes = Encoding.UTF8.GetBytes(reply);
                        stream.Write(bytes, 0, bytes.Length);
                        if (CloseAfterEachResponse)
                        {
                            connection.Shutdown(SocketShutdown.Both);
                            return;
                        }
                    }
                }
                catch (IOException)
                {
                    // The client went away.
                }
            }
        }
    }
}
