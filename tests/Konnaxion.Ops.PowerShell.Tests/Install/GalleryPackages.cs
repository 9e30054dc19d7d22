using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Install
{
    /// <summary>
    /// The module packed by PackModule twice, as the laid-out version and as a later one (-p:Version), then installed as a
    /// gallery install does it: each package extracted into &lt;modules&gt;/Konnaxion.Ops/&lt;version&gt;/ without the
    /// package's own parts ([Content_Types].xml, _rels/, package/). Made once for the tests that share it.
    /// </summary>
    public sealed class GalleryPackages : IDisposable
    {
        private static readonly string[] PackagingParts = { "[Content_Types].xml", "_rels/", "package/" };

        public GalleryPackages()
        {
            var manifest = File.ReadAllText(ModuleSession.Manifest);
            Version = Regex.Match(manifest, @"(?m)^\s*ModuleVersion\s*=\s*'([^']+)'").Groups[1].Value;
            var parsed = System.Version.Parse(Version);
            LaterVersion = new Version(parsed.Major, parsed.Minor, parsed.Build + 1).ToString();
            foreach (var version in new[] { Version, LaterVersion })
            {
                Pack(version);
                using var package = ZipFile.OpenRead(PackagePath(version));
                var target = Path.Combine(ModulesFolder, "Konnaxion.Ops", version);
                foreach (var entry in package.Entries.Where(e => !PackagingParts.Any(part => e.FullName.StartsWith(part, StringComparison.Ordinal))))
                {
                    var file = Path.Combine(target, entry.FullName.Replace('/', Path.DirectorySeparatorChar));
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    entry.ExtractToFile(file);
                }
            }
        }

        public string Root { get; } = Path.Combine(Path.GetTempPath(), "kx-gallery-" + Guid.NewGuid().ToString("N"));

        /// <summary>The version the layout wrote (Directory.Build.props').</summary>
        public string Version { get; }

        /// <summary>The same layout packed as the next patch version, to install beside it.</summary>
        public string LaterVersion { get; }

        public string PackageFolder => Path.Combine(Root, "packages");

        /// <summary>The folder put on PSModulePath, as a gallery's install scope is.</summary>
        public string ModulesFolder => Path.Combine(Root, "Modules");

        public string PackagePath(string version) => Path.Combine(PackageFolder, $"Konnaxion.Ops.{version}.nupkg");

        public string InstalledManifest(string version) => Path.Combine(ModulesFolder, "Konnaxion.Ops", version, "Konnaxion.Ops.psd1");

        /// <summary>For a fresh pwsh: only this folder of modules, and an analysis cache of its own so that nothing cached elsewhere answers.</summary>
        public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
        {
            ["PSModulePath"] = ModulesFolder,
            ["PSModuleAnalysisCachePath"] = Path.Combine(Root, "analysis-cache", Guid.NewGuid().ToString("N")),
        };

        public void Dispose() => Directory.Delete(Root, recursive: true);

        /// <summary>What `dotnet msbuild build/ModuleLayout -t:PackModule` makes of the laid-out module: no build, no change to out/.</summary>
        private void Pack(string version)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
            {
                "msbuild", Path.Combine(ModuleSession.RepositoryRoot, "build", "ModuleLayout", "ModuleLayout.csproj"), "-t:PackModule", "-nologo",
                "-p:Version=" + version, "-p:KxPackageFolder=" + PackageFolder + Path.DirectorySeparatorChar,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0 && File.Exists(PackagePath(version)), $"PackModule {version} failed:\n{output.Result}\n{error.Result}");
        }
    }
}
