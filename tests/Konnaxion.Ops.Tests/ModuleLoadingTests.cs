using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace Konnaxion.Ops.Commands.Tests
{
    /// <summary>
    /// The module's loading on .NET, as PowerShell 7 does it when the manifest loads its nested module: the cmdlet assembly and Konnaxion.Ops.Core in
    /// bin/, loaded into the default context, another module's older YamlDotNet already there, and the YAML reader
    /// (Konnaxion.Ops.Yaml and YamlDotNet) in bin/dependencies.
    /// (Windows PowerShell 5.1's path, Assembly.LoadFrom, needs .NET Framework and is covered by the Pester suite.)
    /// </summary>
    public sealed class ModuleLoadingTests
    {
        private static readonly string Backend = Path.Combine(ModuleBuild.RepositoryRoot, "examples", "konnaxion", "backend");

        [Fact]
        public void Only_the_yaml_reader_loads_apart_from_another_modules_YamlDotNet_and_both_work()
        {
            using var module = new TempFolder();
            var bin = Directory.CreateDirectory(Path.Combine(module.Root, "bin")).FullName;
            var dependencies = Directory.CreateDirectory(Path.Combine(bin, "dependencies")).FullName;
            File.Copy(ModuleBuild.CmdletAssembly, Path.Combine(bin, "Konnaxion.Ops.dll"));
            File.Copy(Path.Combine(ModuleBuild.OutputFolder, "Konnaxion.Ops.Core.dll"), Path.Combine(bin, "Konnaxion.Ops.Core.dll"));
            File.Copy(Path.Combine(ModuleBuild.OutputFolder, "Konnaxion.Ops.Yaml.dll"), Path.Combine(dependencies, "Konnaxion.Ops.Yaml.dll"));
            File.Copy(ModuleBuild.PackageAssemblies("runtime").Single(p => Path.GetFileName(p) == "YamlDotNet.dll"), Path.Combine(dependencies, "YamlDotNet.dll"));
            var otherYaml = AssemblyLoadContext.Default.LoadFromAssemblyPath(
                Path.Combine(ModuleBuild.NuGetPackageRoot, "yamldotnet", "11.2.1", "lib", "netstandard2.1", "YamlDotNet.dll"));

            var cmdlets = Assembly.LoadFrom(Path.Combine(bin, "Konnaxion.Ops.dll"));
            var register = cmdlets.GetType("Konnaxion.Ops.Commands.Loading.ModuleDependencies", throwOnError: true)!.GetMethod("Register")!;
            register.Invoke(null, new object[] { dependencies });
            register.Invoke(null, new object[] { dependencies });
            // Core is reached as PowerShell reaches it when it reads the cmdlets' parameters: from beside Konnaxion.Ops.dll.
            var core = cmdlets.GetType("Konnaxion.Ops.Commands.Infrastructure.KxCmdlet", throwOnError: true)!.GetProperty("Environment")!.PropertyType.Assembly;

            Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(core));
            Assert.Equal(Path.Combine(bin, "Konnaxion.Ops.Core.dll"), core.Location);
            Assert.Equal(new[] { "django", "postgres", "worker" }, ServicesOf(core));
            var context = Assert.Single(AssemblyLoadContext.All, c => c.Name == "Konnaxion.Ops");
            Assert.Equal(new[] { "Konnaxion.Ops.Yaml", "YamlDotNet 16" }, context.Assemblies.Select(a => a.GetName())
                .Select(n => n.Name == "YamlDotNet" ? $"{n.Name} {n.Version!.Major}" : n.Name).OrderBy(n => n, StringComparer.Ordinal));
            // Konnaxion.Ops.Yaml bound to the YamlDotNet of its own context: parsing loaded no other copy anywhere.
            Assert.Equal(new[] { "Default 11", "Konnaxion.Ops 16" }, AppDomain.CurrentDomain.GetAssemblies()
                .Where(a => a.GetName().Name == "YamlDotNet")
                .Select(a => $"{AssemblyLoadContext.GetLoadContext(a)!.Name} {a.GetName().Version!.Major}").OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(11, otherYaml.GetName().Version!.Major);
            Assert.Equal("a", Deserialize(otherYaml, "a: 1"));
        }

        /// <summary>KxProject.Open parses the compose file through Konnaxion.Ops.Yaml, with the module's own YamlDotNet.</summary>
        private static string[] ServicesOf(Assembly core)
        {
            var project = core.GetType("Konnaxion.Ops.KxProject", throwOnError: true)!;
            var local = Enum.ToObject(core.GetType("Konnaxion.Ops.KxEnvironment", throwOnError: true)!, 0);
            using var opened = (IDisposable)project.GetMethod("Open")!.Invoke(null, new[] { Backend, local, null })!;
            var composeFile = project.GetProperty("ComposeFile")!.GetValue(opened)!;
            return ((IEnumerable)composeFile.GetType().GetProperty("Services")!.GetValue(composeFile)!).Cast<object>().Select(s => s.ToString()!).ToArray();
        }

        private static string Deserialize(Assembly yamlDotNet, string yaml)
        {
            var deserializerType = yamlDotNet.GetType("YamlDotNet.Serialization.Deserializer", throwOnError: true)!;
            var deserialize = deserializerType.GetMethods().Single(m => m.Name == "Deserialize" && !m.IsGenericMethodDefinition
                && m.GetParameters().Select(p => p.ParameterType).SequenceEqual(new[] { typeof(TextReader) }));
            var map = (IDictionary)deserialize.Invoke(Activator.CreateInstance(deserializerType), new object[] { new StringReader(yaml) })!;
            return string.Join(",", map.Keys.Cast<object>());
        }
    }
}
