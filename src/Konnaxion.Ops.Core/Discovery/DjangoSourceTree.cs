using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Konnaxion.Ops.Discovery
{
    /// <summary>A Django app found in the backend's source: its label and its migrations folder.</summary>
    public sealed class DjangoSourceApp
    {
        public DjangoSourceApp(string label, string folder, string migrationsFolder)
        {
            Label = label;
            Folder = folder;
            MigrationsFolder = migrationsFolder;
        }

        /// <summary>The app label manage.py takes: AppConfig.label when apps.py sets one, else the folder's name.</summary>
        public string Label { get; }

        /// <summary>The app's folder on the host.</summary>
        public string Folder { get; }

        public string MigrationsFolder { get; }

        public override string ToString() => Label;
    }

    /// <summary>
    /// Reads the Django apps and migration files from the source on the host, without Docker: what tab completion
    /// offers. An app is a folder with a <c>migrations/</c> package (an <c>__init__.py</c>), as Django's loader requires.
    /// </summary>
    public static class DjangoSourceTree
    {
        /// <summary>Deep enough for cookiecutter-django's <c>&lt;project&gt;/&lt;app&gt;/migrations</c> and a level more.</summary>
        private const int MaxDepth = 5;

        /// <summary>Folders that hold no app of the project but can be huge: dependencies, caches, build output.</summary>
        private static readonly HashSet<string> SkippedFolders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "node_modules", "__pycache__", "site-packages", "venv", "staticfiles", "media",
        };

        private static readonly Regex LabelAssignment = new Regex(@"^\s+label\s*=\s*[""']([A-Za-z_]\w*)[""']", RegexOptions.Multiline);

        /// <summary>The apps under <paramref name="sourceRoot"/>, ordered by label; none when the folder does not exist.</summary>
        public static IReadOnlyList<DjangoSourceApp> FindApps(string sourceRoot)
        {
            var apps = new List<DjangoSourceApp>();
            if (Directory.Exists(sourceRoot))
            {
                Collect(new DirectoryInfo(sourceRoot), 0, apps);
            }

            return apps.OrderBy(a => a.Label, StringComparer.Ordinal).ThenBy(a => a.Folder, StringComparer.Ordinal).ToList();
        }

        /// <summary>
        /// The migration names (file names without ".py") in a migrations folder, in order. Like Django's loader, it
        /// skips <c>__init__.py</c> and modules whose names start with "_" or "~".
        /// </summary>
        public static IReadOnlyList<string> FindMigrations(string migrationsFolder)
        {
            if (!Directory.Exists(migrationsFolder))
            {
                return Array.Empty<string>();
            }

            return Directory.GetFiles(migrationsFolder, "*.py")
                .Select(Path.GetFileNameWithoutExtension)
                .Where(name => name.Length > 0 && name[0] != '_' && name[0] != '~')
                .OrderBy(name => name, StringComparer.Ordinal)
                .ToList();
        }

        private static void Collect(DirectoryInfo folder, int depth, List<DjangoSourceApp> apps)
        {
            DirectoryInfo[] children;
            try
            {
                children = folder.GetDirectories();
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException)
            {
                // An unreadable folder (root-owned volume data, say) holds nothing we can offer.
                return;
            }

            var migrations = children.FirstOrDefault(c => c.Name == "migrations");
            if (migrations != null && File.Exists(Path.Combine(migrations.FullName, "__init__.py")))
            {
                apps.Add(new DjangoSourceApp(ReadLabel(folder), folder.FullName, migrations.FullName));
            }

            if (depth == MaxDepth)
            {
                return;
            }

            foreach (var child in children)
            {
                // Symbolic links are not followed: they can loop, and point outside the project.
                if (child.Name.StartsWith(".", StringComparison.Ordinal) || SkippedFolders.Contains(child.Name) || child.Name == "migrations"
                    || (child.Attributes & FileAttributes.ReparsePoint) != 0)
                {
                    continue;
                }

                Collect(child, depth + 1, apps);
            }
        }

        private static string ReadLabel(DirectoryInfo appFolder)
        {
            var appsFile = Path.Combine(appFolder.FullName, "apps.py");
            if (File.Exists(appsFile))
            {
                var match = LabelAssignment.Match(File.ReadAllText(appsFile));
                if (match.Success)
                {
                    return match.Groups[1].Value;
                }
            }

            return appFolder.Name;
        }
    }
}
