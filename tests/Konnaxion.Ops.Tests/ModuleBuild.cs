using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;

namespace Konnaxion.Ops.Commands.Tests
{
    /// <summary>
    /// Where the module's build output and sources are: the module project is built before this one (a project
    /// reference without its output), into src/Konnaxion.Ops/bin/&lt;Configuration&gt;/netstandard2.0.
    /// </summary>
    internal static class ModuleBuild
    {
        public static string RepositoryRoot { get; } = Metadata("KxRepositoryRoot");

        public static string Configuration { get; } = Metadata("KxConfiguration");

        public static string OutputFolder { get; } = Path.Combine(RepositoryRoot, "src", "Konnaxion.Ops", "bin", Configuration, "netstandard2.0");

        public static string CmdletAssembly { get; } = Path.Combine(OutputFolder, "Konnaxion.Ops.dll");

        /// <summary>The XML documentation the compiler wrote from the cmdlets' doc comments: the source of their help.</summary>
        public static string CmdletDocumentation { get; } = Path.Combine(OutputFolder, "Konnaxion.Ops.xml");

        public static string Manifest { get; } = Path.Combine(RepositoryRoot, "Konnaxion.Ops.psd1");

        public static string FormatFile { get; } = Path.Combine(RepositoryRoot, FormatFileName);

        public const string FormatFileName = "Konnaxion.Ops.format.ps1xml";

        public static string HelpFile { get; } = Path.Combine(RepositoryRoot, "en-US", "Konnaxion.Ops.dll-Help.xml");

        public static string Readme { get; } = Path.Combine(RepositoryRoot, "README.md");

        public static string AboutTopic { get; } = Path.Combine(RepositoryRoot, "en-US", "about_Konnaxion.Ops.help.txt");

        /// <summary>The package assemblies the module was compiled against (or, with <paramref name="kind"/> "runtime", ships), from its restore.</summary>
        public static IReadOnlyList<string> PackageAssemblies(string kind = "compile")
        {
            using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "src", "Konnaxion.Ops", "obj", "project.assets.json")));
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

        public static string NuGetPackageRoot { get; } = Metadata("KxNuGetPackageRoot");

        private static string Metadata(string key) =>
            typeof(ModuleBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
            ?? throw new InvalidOperationException($"The test assembly has no {key} metadata.");
    }
}
