using System;
using System.Collections.Generic;

namespace Konnaxion.Ops.Engine
{
    /// <summary>How to connect to an engine: timeouts for every transport, and the ssh client's settings.</summary>
    public sealed class DockerConnectionOptions
    {
        /// <summary>Names an identity file for ssh:// endpoints when <see cref="SshIdentityFile"/> is not set.</summary>
        public const string SshIdentityEnvironmentVariable = "KONNAXION_SSH_IDENTITY";

        /// <summary>How long to wait for the socket, pipe or TCP connection (for ssh: ssh's own ConnectTimeout).</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>How long any single read or write may wait before the call fails with EngineTimeout.</summary>
        public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The ssh client to run; found on PATH unless a path is given.</summary>
        public string SshExecutable { get; set; } = "ssh";

        /// <summary>A private key for ssh:// endpoints (ssh -i); null uses ssh-agent and ~/.ssh/config.</summary>
        public string? SshIdentityFile { get; set; }

        /// <summary>Extra ssh options as Key=Value, each passed as -o Key=Value (for example StrictHostKeyChecking=no).</summary>
        public IList<string> SshOptions { get; } = new List<string>();
    }
}
