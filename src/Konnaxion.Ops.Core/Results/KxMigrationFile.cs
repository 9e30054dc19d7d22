using System.Collections.Generic;

namespace Konnaxion.Ops
{
    /// <summary>A migration file that makemigrations created (or, with a dry run, would create).</summary>
    public sealed class KxMigrationFile
    {
        public KxMigrationFile(string app, string name, string containerPath, string? path, IReadOnlyList<string> operations, bool dryRun)
        {
            App = app;
            Name = name;
            ContainerPath = containerPath;
            Path = path;
            Operations = operations;
            DryRun = dryRun;
        }

        /// <summary>The Django app label.</summary>
        public string App { get; }

        /// <summary>The migration name, without ".py".</summary>
        public string Name { get; }

        /// <summary>The path Django printed, inside the container.</summary>
        public string ContainerPath { get; }

        /// <summary>The file on the host, when the service's bind mount maps it there; null otherwise.</summary>
        public string? Path { get; }

        /// <summary>The operations Django listed, such as "Create model Idea".</summary>
        public IReadOnlyList<string> Operations { get; }

        /// <summary>True when nothing was written (-DryRun).</summary>
        public bool DryRun { get; }

        public override string ToString() => App + "." + Name;
    }
}
