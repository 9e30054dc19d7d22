using System.IO;
using System.Management.Automation;

namespace Konnaxion.Ops.Commands.Loading
{
    /// <summary>
    /// Sets the YAML reader's isolated load up (<see cref="ModuleDependencies"/>) as PowerShell imports Konnaxion.Ops.dll
    /// (the manifest's nested module), before any cmdlet can run. The folder is found beside this very file, not by name:
    /// another copy of the module may be loaded in the session.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        public void OnImport()
        {
            var bin = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? "";
            var dependencies = Path.Combine(bin, "dependencies");
            if (!Directory.Exists(dependencies))
            {
                throw new DirectoryNotFoundException(
                    $"Konnaxion.Ops is not built: '{dependencies}' is missing. Run ./build.ps1 and import the module from the 'out/Konnaxion.Ops' folder it creates.");
            }

            ModuleDependencies.Register(dependencies);
            ModuleWarmUp.Start();
        }
    }
}
