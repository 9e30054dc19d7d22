# The module's script root, run after the manifest has loaded the compiled cmdlets as its nested module
# (NestedModules = bin/Konnaxion.Ops.dll): it runs no command, so the import runs no script. The layout:
#   Konnaxion.Ops.psd1, Konnaxion.Ops.psm1, Konnaxion.Ops.format.ps1xml, en-US/about_Konnaxion.Ops.help.txt
#   bin/Konnaxion.Ops.dll                  the cmdlets; their ModuleInitializer loads the YAML reader apart
#   bin/Konnaxion.Ops.Core.dll             every type they take and return, loaded normally beside them
#   bin/dependencies/*.dll                 Konnaxion.Ops.Yaml.dll, YamlDotNet.dll
# Only the YAML reader is kept apart, so that another module's YamlDotNet cannot break this one while scripts can
# still name Konnaxion.Ops.Core's types ([Konnaxion.Ops.KxEnvironment]): on PowerShell 7 it loads into an
# AssemblyLoadContext of its own, on Windows PowerShell 5.1 side by side (src/Konnaxion.Ops/Loading/ModuleDependencies.cs).
# A folder that is not built fails the import naming the missing file (bin/Konnaxion.Ops.dll), or saying to run
# ./build.ps1 (bin/dependencies, from the ModuleInitializer).
