using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

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

        /// <summary>The module as ModuleLayout.targets lays it out after every build.</summary>
        public static string ModuleFolder { get; } = Path.Combine(RepositoryRoot, "out", "Konnaxion.Ops");

        /// <summary>The cmdlets' help, written by the layout from their doc comments.</summary>
        public static string HelpFile { get; } = Path.Combine(ModuleFolder, "bin", "en-US", "Konnaxion.Ops.dll-Help.xml");

        public static string Readme { get; } = Path.Combine(RepositoryRoot, "README.md");

        public static string AboutTopic { get; } = Path.Combine(RepositoryRoot, "en-US", "about_Konnaxion.Ops.help.txt");

        /// <summary>The package assemblies the module was compiled against (or, with <paramref name="kind"/> "runtime", ships), from its restore.</summary>
        public static IReadOnlyList<string> PackageAssemblies(string kind = "compile") =>
            PackageAssets.Assemblies(Path.Combine(RepositoryRoot, "src", "Konnaxion.Ops", "obj", "project.assets.json"), kind);

        /// <summary>The module as built for this test run, read once.</summary>
        public static CompiledModule Module => LazyModule.Value;

        private static readonly Lazy<CompiledModule> LazyModule = new Lazy<CompiledModule>(() => CompiledModule.Read(CmdletAssembly, PackageAssemblies()));

        public static string NuGetPackageRoot { get; } = Metadata("KxNuGetPackageRoot");

        private static string Metadata(string key) =>
            typeof(ModuleBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
            ?? throw new InvalidOperationException($"The test assembly has no {key} metadata.");
    }
}
