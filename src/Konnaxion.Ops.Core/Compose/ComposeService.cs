using System;
using System.Collections.Generic;
using System.Linq;

namespace Konnaxion.Ops.Compose
{
    /// <summary>A bind mount or named volume of a service, as the compose file declares it.</summary>
    public sealed class ComposeVolume
    {
        public ComposeVolume(string? hostPath, string? volumeName, string target)
        {
            HostPath = hostPath;
            VolumeName = volumeName;
            Target = target;
        }

        /// <summary>The absolute host folder of a bind mount; null for a named volume.</summary>
        public string? HostPath { get; }

        public string? VolumeName { get; }

        /// <summary>The path inside the container.</summary>
        public string Target { get; }
    }

    /// <summary>An env_file entry: compose fails on a missing required one and skips a missing optional one.</summary>
    public sealed class ComposeEnvFile
    {
        public ComposeEnvFile(string path, bool required)
        {
            Path = path;
            Required = required;
        }

        /// <summary>The absolute path.</summary>
        public string Path { get; }

        public bool Required { get; }

        public override string ToString() => Path;
    }

    /// <summary>How compose builds a service's image.</summary>
    public sealed class ComposeBuild
    {
        public ComposeBuild(string context, string dockerfile)
        {
            Context = context;
            Dockerfile = dockerfile;
        }

        /// <summary>The absolute build folder, or a URL (a git repository) as written.</summary>
        public string Context { get; }

        /// <summary>The Dockerfile as written, relative to <see cref="Context"/> unless absolute; "Dockerfile" by default.</summary>
        public string Dockerfile { get; }
    }

    /// <summary>A depends_on entry: the service waited for, and what compose waits for.</summary>
    public sealed class ComposeDependency
    {
        public const string ServiceStarted = "service_started";

        public ComposeDependency(string service, string condition, bool required)
        {
            Service = service;
            Condition = condition;
            Required = required;
        }

        public string Service { get; }

        /// <summary>service_started (the default), service_healthy or service_completed_successfully.</summary>
        public string Condition { get; }

        /// <summary>False when compose only warns, rather than fails, if the dependency does not start.</summary>
        public bool Required { get; }

        public override string ToString() => Service;
    }

    /// <summary>One published container port; a range in the file is one port each, as compose expands it.</summary>
    public sealed class ComposePort : IEquatable<ComposePort>
    {
        public ComposePort(string? hostIp, int target, string? published, string protocol)
        {
            HostIp = hostIp;
            Target = target;
            Published = published;
            Protocol = protocol;
        }

        public string? HostIp { get; }

        /// <summary>The container port.</summary>
        public int Target { get; }

        /// <summary>The host port or range ("8000", "8000-8001"); null when the engine picks one.</summary>
        public string? Published { get; }

        /// <summary>tcp (the default), udp or sctp.</summary>
        public string Protocol { get; }

        public bool Equals(ComposePort? other) =>
            other != null && HostIp == other.HostIp && Target == other.Target && Published == other.Published && Protocol == other.Protocol;

        public override bool Equals(object? obj) => Equals(obj as ComposePort);

        public override int GetHashCode() => (HostIp, Target, Published, Protocol).GetHashCode();

        public override string ToString() => $"{(HostIp == null ? string.Empty : HostIp + ":")}{(Published == null ? string.Empty : Published + ":")}{Target}/{Protocol}";
    }

    /// <summary>One service of a compose file, after merge keys, extends, !reset and interpolation.</summary>
    public sealed class ComposeService
    {
        internal ComposeService(string name, string? image, ComposeBuild? build, string? containerName, IReadOnlyList<ComposeEnvFile> envFiles,
            IReadOnlyList<ComposeDependency> dependencies, bool hasHealthCheck, IReadOnlyList<ComposeVolume> volumes, string? workingDir,
            IReadOnlyList<ComposePort> ports, IReadOnlyList<string> profiles, ComposeYamlSource? source = null)
        {
            Source = source;
            Name = name;
            Image = image;
            Build = build;
            ContainerName = containerName;
            EnvFiles = envFiles;
            Dependencies = dependencies;
            DependsOn = dependencies.Select(d => d.Service).ToList();
            HasHealthCheck = hasHealthCheck;
            Volumes = volumes;
            WorkingDir = workingDir;
            Ports = ports;
            Profiles = profiles;
        }

        public string Name { get; }
        public string? Image { get; }

        /// <summary>How compose builds the image; null when it pulls <see cref="Image"/>.</summary>
        public ComposeBuild? Build { get; }

        /// <summary>True when compose builds the image from a Dockerfile.</summary>
        public bool HasBuild => Build != null;

        public string? ContainerName { get; }

        /// <summary>The env files, in the order compose reads them.</summary>
        public IReadOnlyList<ComposeEnvFile> EnvFiles { get; }

        /// <summary>The depends_on entries, with their conditions.</summary>
        public IReadOnlyList<ComposeDependency> Dependencies { get; }

        /// <summary>The names of <see cref="Dependencies"/>.</summary>
        public IReadOnlyList<string> DependsOn { get; }

        /// <summary>True when the compose file declares a healthcheck that is not disabled.</summary>
        public bool HasHealthCheck { get; }

        public IReadOnlyList<ComposeVolume> Volumes { get; }
        public string? WorkingDir { get; }

        public IReadOnlyList<ComposePort> Ports { get; }

        /// <summary>The profiles the service belongs to; none when it always runs.</summary>
        public IReadOnlyList<string> Profiles { get; }

        /// <summary>The mapping the service was read from, for the stack file; null for a service made in code.</summary>
        internal ComposeYamlSource? Source { get; }

        public override string ToString() => Name;
    }
}
