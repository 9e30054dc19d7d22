using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Konnaxion.Ops.Discovery;

namespace Konnaxion.Ops.Migrations
{
    /// <summary>
    /// The project's own migration files on the host, by app label and migration name: what the ledger checksums.
    /// Migrations of installed packages (admin, auth…) live in the image, not in the project, and have none.
    /// </summary>
    internal sealed class MigrationSources
    {
        private readonly IReadOnlyDictionary<string, string> _folders;

        private MigrationSources(IReadOnlyDictionary<string, string> folders)
        {
            _folders = folders;
        }

        /// <summary>The apps with a migrations package under the compose file's folder (the build context Konnaxion copies into its images).</summary>
        public static MigrationSources Find(string projectDirectory) =>
            new MigrationSources(DjangoSourceTree.FindApps(projectDirectory)
                .GroupBy(app => app.Label, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.First().MigrationsFolder, StringComparer.Ordinal));

        /// <summary>The migration's file, or null when the app is not the project's or the file is gone.</summary>
        public string? FileOf(string app, string name)
        {
            if (!_folders.TryGetValue(app, out var folder))
            {
                return null;
            }

            var file = Path.Combine(folder, name + ".py");
            return File.Exists(file) ? file : null;
        }

        /// <summary>Every migration file of the app, by name; none when the app is not the project's.</summary>
        public IReadOnlyList<(string Name, string File)> FilesOf(string app) =>
            _folders.TryGetValue(app, out var folder)
                ? DjangoSourceTree.FindMigrations(folder).Select(name => (name, Path.Combine(folder, name + ".py"))).ToList()
                : (IReadOnlyList<(string, string)>)Array.Empty<(string, string)>();
    }
}
