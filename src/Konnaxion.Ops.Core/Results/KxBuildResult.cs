using System;
using System.Collections.Generic;

namespace Konnaxion.Ops
{
    /// <summary>What `up -d --build` did.</summary>
    public sealed class KxBuildResult
    {
        public KxBuildResult(string project, KxEnvironment environment, IReadOnlyList<string> services, string composeVersion,
            TimeSpan duration, int exitCode)
        {
            Project = project;
            Environment = environment;
            Services = services;
            ComposeVersion = composeVersion;
            Duration = duration;
            ExitCode = exitCode;
        }

        public string Project { get; }
        public KxEnvironment Environment { get; }

        /// <summary>The services built and started (all of the compose file's when none were named).</summary>
        public IReadOnlyList<string> Services { get; }

        /// <summary>The compose implementation used, for example "docker compose 2.26.1".</summary>
        public string ComposeVersion { get; }

        public TimeSpan Duration { get; }
        public int ExitCode { get; }
        public bool Success => ExitCode == 0;

        /// <summary>Compose's own explanation when it failed.</summary>
        public string? FailureMessage { get; internal set; }

        /// <summary>The services' status once they met the wait condition (-Wait); empty when not waited for.</summary>
        public IReadOnlyList<KxServiceStatus> ServiceStatus { get; internal set; } = Array.Empty<KxServiceStatus>();
    }
}
