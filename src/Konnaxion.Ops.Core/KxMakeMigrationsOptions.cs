using System.Collections.Generic;

namespace Konnaxion.Ops
{
    /// <summary>What <see cref="KxProject.MakeMigrations(KxMakeMigrationsOptions)"/> makes; the defaults make every app's missing migrations.</summary>
    public sealed class KxMakeMigrationsOptions
    {
        /// <summary>Only these apps.</summary>
        public IReadOnlyCollection<string>? Apps { get; set; }

        /// <summary>The new migration's name (`--name`).</summary>
        public string? Name { get; set; }

        /// <summary>An empty migration, for data migrations (needs one app).</summary>
        public bool Empty { get; set; }

        /// <summary>Say what would be written; write nothing (`--dry-run`).</summary>
        public bool DryRun { get; set; }
    }
}
