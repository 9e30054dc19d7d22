using System;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Konnaxion.Ops.PowerShell.Tests.Engine
{
    /// <summary>
    /// A test that needs the local Docker engine: skipped on a developer machine without one, but run (and so failed by
    /// its fixture) when CI=true, so that a CI run cannot pass by skipping.
    /// </summary>
    public sealed class EngineFactAttribute : FactAttribute
    {
        public EngineFactAttribute()
        {
            if (DockerEngine.Problem != null && !DockerEngine.InCi)
            {
                Skip = DockerEngine.Problem + " (set CI=true to make this a failure)";
            }
        }
    }

    /// <summary>A theory that needs the local Docker engine, skipped and failed as <see cref="EngineFactAttribute"/> is.</summary>
    public sealed class EngineTheoryAttribute : TheoryAttribute
    {
        public EngineTheoryAttribute()
        {
            if (DockerEngine.Problem != null && !DockerEngine.InCi)
            {
                Skip = DockerEngine.Problem + " (set CI=true to make this a failure)";
            }
        }
    }

    /// <summary>The engine the tests use, probed once with a ping on its socket (the tests run on Linux, as CI does).</summary>
    public static class DockerEngine
    {
        private const string Socket = "/var/run/docker.sock";
        private static readonly Lazy<string?> Probe = new Lazy<string?>(Ping, LazyThreadSafetyMode.ExecutionAndPublication);

        public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>Why the engine cannot be used, or null when it answered.</summary>
        public static string? Problem => Probe.Value;

        /// <summary>Throws with <see cref="Problem"/> when the engine is not there: a fixture calls it before it builds anything.</summary>
        public static void Require()
        {
            if (Problem != null)
            {
                throw new InvalidOperationException(Problem);
            }
        }

        private static string? Ping()
        {
            try
            {
                using var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Connect(new UnixDomainSocketEndPoint(Socket));
                socket.ReceiveTimeout = 5000;
                socket.Send(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n"));
                var buffer = new byte[256];
                var read = socket.Receive(buffer);
                return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("HTTP/1.1 200", StringComparison.Ordinal)
                    ? null
                    : $"Docker engine at {Socket} did not answer its ping";
            }
            catch (Exception ex)
            {
                return $"Docker engine not reachable at {Socket} ({ex.Message})";
            }
        }
    }
}
