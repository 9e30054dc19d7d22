using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace Konnaxion.Ops.Commands.Loading
{
    /// <summary>
    /// Loads the module's YAML reader (Konnaxion.Ops.Yaml and YamlDotNet, in bin/dependencies) so that another
    /// module's YamlDotNet, of any version, cannot break this one, nor this one break it.
    /// <list type="bullet">
    /// <item>PowerShell 7 (.NET): they are loaded into an AssemblyLoadContext of their own. Within it, Konnaxion.Ops.Yaml's
    /// reference to YamlDotNet binds to the copy already loaded there, before the default context is asked.</item>
    /// <item>Windows PowerShell 5.1 (.NET Framework): they are loaded side by side with Assembly.LoadFrom; YamlDotNet
    /// is strong-named, so a different version elsewhere in the process is a different assembly.</item>
    /// </list>
    /// Either way an AppDomain.AssemblyResolve handler hands Konnaxion.Ops.Yaml to Konnaxion.Ops.Core, and answers for
    /// nothing it did not load: never for Core itself, which holds every type the cmdlets take and return and so is not
    /// isolated. Core sits beside Konnaxion.Ops.dll in bin/, where PowerShell finds it and loads it into the default
    /// context, so that scripts can name its types ([Konnaxion.Ops.KxEnvironment]). bin/dependencies is beside neither
    /// assembly, so nothing else finds its files first.
    /// Only reading a compose file needs Konnaxion.Ops.Yaml, so this must run before the first one is read, which is
    /// why <see cref="ModuleInitializer"/> calls <see cref="Register"/> as PowerShell imports the cmdlets.
    /// </summary>
    public static class ModuleDependencies
    {
        /// <summary>The name of the load context on PowerShell 7, as `[System.Runtime.Loader.AssemblyLoadContext]::All` shows it.</summary>
        public const string LoadContextName = "Konnaxion.Ops";

        private static readonly object Gate = new object();
        private static Dictionary<string, Assembly>? _loaded;

        /// <summary>
        /// Loads every assembly of <paramref name="dependencyFolder"/> and answers requests for them from now on.
        /// Once per process: a second call (Import-Module -Force) changes nothing, since assemblies cannot be unloaded.
        /// </summary>
        public static void Register(string dependencyFolder)
        {
            lock (Gate)
            {
                if (_loaded != null)
                {
                    return;
                }

                var load = CreateLoader();
                var loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
                foreach (var file in Directory.GetFiles(Path.GetFullPath(dependencyFolder), "*.dll"))
                {
                    var assembly = load(file);
                    loaded[assembly.GetName().Name] = assembly;
                }

                _loaded = loaded;
                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            }
        }

        /// <summary>
        /// Answers only for an assembly of the dependency folder, at the version found there: a request for another
        /// version comes from another module and is left to it.
        /// </summary>
        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var requested = new AssemblyName(args.Name);
            if (_loaded == null || requested.Name == null || !_loaded.TryGetValue(requested.Name, out var assembly))
            {
                return null;
            }

            return requested.Version == null || requested.Version == assembly.GetName().Version ? assembly : null;
        }

        /// <summary>
        /// A custom AssemblyLoadContext's LoadFromAssemblyPath on .NET, else Assembly.LoadFrom. The module targets
        /// netstandard2.0, which has no AssemblyLoadContext, so it is reached by reflection: a plain instance of the class
        /// (its constructor (string, bool) exists since .NET Core 3.0, the base of every PowerShell 7) needs no subclass.
        /// </summary>
        private static Func<string, Assembly> CreateLoader()
        {
            var contextType = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
            if (contextType == null)
            {
                return Assembly.LoadFrom;
            }

            var context = Activator.CreateInstance(contextType, LoadContextName, false);
            var loadFromPath = contextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })!;
            return path => (Assembly)loadFromPath.Invoke(context, new object[] { path })!;
        }
    }
}
