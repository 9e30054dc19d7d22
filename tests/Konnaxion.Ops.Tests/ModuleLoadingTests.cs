using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace Konnaxion.Ops.Commands.Tests
{
    /// <summary>
    /// The loader of Konnaxion.Ops.psm1 on .NET, as PowerShell 7 runs it: the cmdlet assembly in the default context,
    /// another module's older YamlDotNet already there, and the module's dependencies in bin/dependencies.
    /// (Windows PowerShell 5.1's path, Assembly.LoadFrom, needs .NET Framework and is covered by the Pester suite.)
    /// </summary>
    public sealed class ModuleLoadingTests
    {
        private static readonly string Backend = Path.Combine(ModuleBuild.RepositoryRoot, "examples", "konnaxion", "backend");

        [Fact]
        public void The_dependencies_load_apart_from_another_modules_YamlDotNet_and_both_work()
        {
            using var module = new TempFolder();
            var bin = Directory.CreateDirectory(Path.Combine(module.Root, "bin")).FullName;
            var dependencies = Directory.CreateDirectory(Path.Combine(bin, "dependencies")).FullName;
            File.Copy(ModuleBuild.CmdletAssembly, Path.Combine(bin, "Konnaxion.Ops.dll"));
            File.Copy(Path.Combine(ModuleBuild.OutputFolder, "Konnaxion.Ops.Core.dll"), Path.Combine(dependencies, "Konnaxion.Ops.Core.dll"));
            File.Copy(ModuleBuild.PackageAssemblies("runtime").Single(p => Path.GetFileName(p) == "YamlDotNet.dll"), Path.Combine(dependencies, "YamlDotNet.dll"));
            var otherYaml = AssemblyLoadContext.Default.LoadFromAssemblyPath(
                Path.Combine(ModuleBuild.NuGetPackageRoot, "yamldotnet", "11.2.1", "lib", "netstandard2.1", "YamlDotNet.dll"));

            var cmdlets = Assembly.LoadFrom(Path.Combine(bin, "Konnaxion.Ops.dll"));
            var register = cmdlets.GetType("Konnaxion.Ops.Commands.Loading.ModuleDependencies", throwOnError: true)!.GetMethod("Register")!;
            register.Invoke(null, new object[] { dependencies });
            register.Invoke(null, new object[] { dependencies });
            var core = Assembly.Load(cmdlets.GetReferencedAssemblies().Single(r => r.Name == "Konnaxion.Ops.Core"));

            var context = AssemblyLoadContext.GetLoadContext(core)!;
            Assert.Equal("Konnaxion.Ops", context.Name);
            Assert.Single(AssemblyLoadContext.All, c => c.Name == "Konnaxion.Ops");
            Assert.Equal(new[] { "Konnaxion.Ops.Core", "YamlDotNet 16" }, context.Assemblies.Select(a => a.GetName())
                .Select(n => n.Name == "YamlDotNet" ? $"{n.Name} {n.Version!.Major}" : n.Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(new[] { "django", "postgres", "worker" }, ServicesOf(core));
            Assert.Equal(11, otherYaml.GetName().Version!.Major);
            Assert.Equal("a", Deserialize(otherYaml, "a: 1"));
        }

        /// <summary>KxProject.Open parses the compose file with YamlDotNet: the module's own, in its context.</summary>
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
