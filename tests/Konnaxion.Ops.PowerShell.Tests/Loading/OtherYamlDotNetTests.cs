using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Konnaxion.Ops.PowerShell.Tests.ConsoleHost;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Loading
{
    /// <summary>
    /// Another module's YamlDotNet (11.2.1, as an older module would ship it) in the same session as Konnaxion.Ops, loaded
    /// before the module or after it: each keeps its own. A pwsh of its own for each: the module sets its loader up once
    /// per process, and this process has loaded the module's YamlDotNet 16 already.
    /// </summary>
    public sealed class OtherYamlDotNetTests
    {
        private static readonly string YamlDotNet11 = Path.Combine(ModuleSession.NuGetPackageRoot, "yamldotnet", "11.2.1", "lib", "netstandard2.1", "YamlDotNet.dll");

        [Fact]
        public void YamlDotNet_11_loaded_before_the_module_leaves_both_working()
        {
            var answers = Run(yamlDotNet11First: true);

            AssertBothWork(answers);
        }

        [Fact]
        public void YamlDotNet_11_loaded_after_the_module_leaves_both_working()
        {
            var answers = Run(yamlDotNet11First: false);

            AssertBothWork(answers);
        }

        private static void AssertBothWork(IReadOnlyDictionary<string, string> answers)
        {
            Assert.Equal("11.0.0.0 42", answers["yaml11-first"]);
            Assert.Equal("Default", answers["yaml11-context"]);
            // Completing -Service reads the compose file through the module's own YamlDotNet.
            Assert.Equal("django,postgres,worker", answers["services"]);
            Assert.Equal("Production True", answers["types"]);
            Assert.Equal("Konnaxion.Ops.Yaml,YamlDotNet", answers["module-context"]);
            Assert.Equal("16.0.0.0", answers["module-yamldotnet"]);
            Assert.Equal("11.0.0.0 42", answers["yaml11-last"]);
        }

        /// <summary>Runs the session in pwsh and returns what it printed, name=value a line.</summary>
        private static IReadOnlyDictionary<string, string> Run(bool yamlDotNet11First)
        {
            // Completion reads the compose file alone, so a copy of that file is the whole backend it needs.
            var root = Path.Combine(Path.GetTempPath(), $"kxtest-yaml-{Guid.NewGuid():N}");
            var backend = Directory.CreateDirectory(Path.Combine(root, "backend")).FullName;
            File.Copy(Path.Combine(ModuleSession.RepositoryRoot, "examples", "konnaxion", "backend", "docker-compose.local.yml"), Path.Combine(backend, "docker-compose.local.yml"));
            var import = $"Import-Module {Pwsh.Quote(ModuleSession.Manifest)}";
            var readWithYamlDotNet11 = "\"yaml11-first=$(Read-WithYamlDotNet11)\"";
            var command = $$"""
                $ErrorActionPreference = 'Stop'
                # Another module's YamlDotNet, loaded as such a module loads it, and used.
                function Read-WithYamlDotNet11 {
                    $assembly = [System.Reflection.Assembly]::LoadFrom({{Pwsh.Quote(YamlDotNet11)}})
                    $deserializer = [System.Activator]::CreateInstance($assembly.GetType('YamlDotNet.Serialization.Deserializer', $true))
                    $document = $deserializer.Deserialize([System.IO.StringReader]::new('answer: 42'), [System.Collections.Generic.Dictionary[string, string]])
                    '{0} {1}' -f $assembly.GetName().Version, $document['answer']
                }

                {{(yamlDotNet11First ? readWithYamlDotNet11 : import)}}
                {{(yamlDotNet11First ? import : readWithYamlDotNet11)}}
                $yaml11 = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'YamlDotNet' -and $_.GetName().Version.Major -eq 11 }
                "yaml11-context=$([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($yaml11).Name)"
                $line = "Get-KxServiceStatus -Path {{Pwsh.Quote(backend)}} -Service "
                "services=$((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText -join ',')"
                "types=$([Konnaxion.Ops.KxEnvironment]'Production') $([Konnaxion.Ops.KxEnvironment]::Local -is [Konnaxion.Ops.KxEnvironment])"
                $context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object { $_.Name -eq 'Konnaxion.Ops' }
                "module-context=$(@($context.Assemblies | ForEach-Object { $_.GetName().Name } | Sort-Object) -join ',')"
                "module-yamldotnet=$(($context.Assemblies | Where-Object { $_.GetName().Name -eq 'YamlDotNet' }).GetName().Version)"
                "yaml11-last=$(Read-WithYamlDotNet11)"
                """;
            try
            {
                var exit = Pwsh.Command(command, root, TimeSpan.FromMinutes(2));
                Assert.True(exit.ExitCode == 0 && exit.Error.Length == 0, $"The session failed: {exit}");
                return exit.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(line => line.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1]);
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
