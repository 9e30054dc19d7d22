using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Konnaxion.Ops.ModuleLayout
{
    /// <summary>The package assemblies of a project, as its restore recorded them in obj/project.assets.json.</summary>
    public static class PackageAssets
    {
        /// <param name="assetsFile">A project's obj/project.assets.json.</param>
        /// <param name="kind">"compile" for what it was compiled against, "runtime" for what it ships.</param>
        public static IReadOnlyList<string> Assemblies(string assetsFile, string kind = "compile")
        {
            using var assets = JsonDocument.Parse(File.ReadAllText(assetsFile));
            var root = assets.RootElement;
            var packageFolder = root.GetProperty("packageFolders").EnumerateObject().First().Name;
            var libraries = root.GetProperty("libraries");
            return root.GetProperty("targets").EnumerateObject().Single().Value.EnumerateObject()
                .Where(library => library.Value.GetProperty("type").GetString() == "package" && library.Value.TryGetProperty(kind, out _))
                .SelectMany(library => library.Value.GetProperty(kind).EnumerateObject()
                    .Where(file => file.Name.EndsWith(".dll", StringComparison.Ordinal))
                    .Select(file => Path.Combine(packageFolder, libraries.GetProperty(library.Name).GetProperty("path").GetString()!, file.Name)))
                .ToList();
        }
    }
}
