using System;
using System.Collections.Generic;
using System.Linq;

namespace Konnaxion.Ops.Compose
{
    /// <summary>What Konnaxion.Ops needs to know of a compose file.</summary>
    public sealed class ComposeFile
    {
        internal ComposeFile(string path, string? name, IReadOnlyList<ComposeService> services, IReadOnlyList<ComposeService> inactiveServices,
            ComposeYamlSource? source = null)
        {
            Source = source;
            Path = path;
            Name = name;
            Services = services;
            InactiveServices = inactiveServices;
        }

        public string Path { get; }

        /// <summary>The folder compose treats as the project directory: the file's own.</summary>
        public string Directory => System.IO.Path.GetDirectoryName(Path)!;

        /// <summary>The top-level <c>name:</c>, when the file sets one.</summary>
        public string? Name { get; }

        /// <summary>
        /// The services compose starts: those in no profile or in an active one (COMPOSE_PROFILES), in the order the
        /// file declares them, then those of its included files.
        /// </summary>
        public IReadOnlyList<ComposeService> Services { get; }

        /// <summary>The services of profiles that are not active: compose neither starts nor lists them.</summary>
        public IReadOnlyList<ComposeService> InactiveServices { get; }

        /// <summary>The file's top-level mapping as read, for the stack file (its volumes and networks).</summary>
        internal ComposeYamlSource? Source { get; }

        /// <summary>An active service by name.</summary>
        public ComposeService? FindService(string name) =>
            Services.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
    }
}
