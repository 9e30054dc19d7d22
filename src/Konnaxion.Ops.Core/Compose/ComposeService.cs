using System.Collections.Generic;

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

    /// <summary>One service of a compose file, after merge keys and interpolation.</summary>
    public sealed class ComposeService
    {
        internal ComposeService(string name, string? image, bool hasBuild, string? containerName, IReadOnlyList<ComposeEnvFile> envFiles,
            IReadOnlyList<string> dependsOn, bool hasHealthCheck, IReadOnlyList<ComposeVolume> volumes, string? workingDir)
        {
            Name = name;
            Image = image;
            HasBuild = hasBuild;
            ContainerName = containerName;
            EnvFiles = envFiles;
            DependsOn = dependsOn;
            HasHealthCheck = hasHealthCheck;
            Volumes = volumes;
            WorkingDir = workingDir;
        }

        public string Name { get; }
        public string? Image { get; }

        /// <summary>True when compose builds the image from a Dockerfile.</summary>
        public bool HasBuild { get; }

        public string? ContainerName { get; }

        /// <summary>The env files, in the order compose reads them.</summary>
        public IReadOnlyList<ComposeEnvFile> EnvFiles { get; }

        public IReadOnlyList<string> DependsOn { get; }

        /// <summary>True when the compose file declares a healthcheck that is not disabled.</summary>
        public bool HasHealthCheck { get; }

        public IReadOnlyList<ComposeVolume> Volumes { get; }
        public string? WorkingDir { get; }

        public override string ToString() => Name;
    }
}
