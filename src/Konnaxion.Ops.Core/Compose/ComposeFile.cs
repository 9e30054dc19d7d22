using System;
using System.Collections.Generic;
using System.Linq;

namespace Konnaxion.Ops.Compose
{
    /// <summary>What Konnaxion.Ops needs to know of a compose file.</summary>
    public sealed class ComposeFile
    {
        internal ComposeFile(string path, string? name, IReadOnlyList<ComposeService> services)
        {
            Path = path;
            Name = name;
            Services = services;
        }

        public string Path { get; }

        /// <summary>The folder compose treats as the project directory: the file's own.</summary>
        public string Directory => System.IO.Path.GetDirectoryName(Path)!;

        /// <summary>The top-level <c>name:</c>, when the file sets one.</summary>
        public string? Name { get; }

        /// <summary>Services in the order the file declares them.</summary>
        public IReadOnlyList<ComposeService> Services { get; }

        public ComposeService? FindService(string name) =>
            Services.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
    }
}
