# Loads the compiled cmdlets. build.ps1 lays the module out as:
#   Konnaxion.Ops.psd1, Konnaxion.Ops.psm1, Konnaxion.Ops.format.ps1xml, en-US/about_Konnaxion.Ops.help.txt
#   bin/Konnaxion.Ops.dll                  the cmdlets (+ bin/en-US/Konnaxion.Ops.dll-Help.xml, their help)
#   bin/Konnaxion.Ops.Core.dll             every type they take and return, loaded normally beside them
#   bin/dependencies/*.dll                 Konnaxion.Ops.Yaml.dll, YamlDotNet.dll
# Only the YAML reader is kept apart, so that another module's YamlDotNet cannot break this one while scripts can
# still name Konnaxion.Ops.Core's types ([Konnaxion.Ops.KxEnvironment]): on PowerShell 7 it loads into an
# AssemblyLoadContext of its own, on Windows PowerShell 5.1 side by side (see
# src/Konnaxion.Ops/Loading/ModuleDependencies.cs).
# Only .NET and Microsoft.PowerShell.Core's commands are used here: a session may lack any other module.
$bin = [System.IO.Path]::Combine($PSScriptRoot, 'bin')
$binaryModule = [System.IO.Path]::Combine($bin, 'Konnaxion.Ops.dll')
$coreAssembly = [System.IO.Path]::Combine($bin, 'Konnaxion.Ops.Core.dll')
$dependencies = [System.IO.Path]::Combine($bin, 'dependencies')
if (-not ([System.IO.File]::Exists($binaryModule) -and [System.IO.File]::Exists($coreAssembly) -and [System.IO.Directory]::Exists($dependencies))) {
    throw "Konnaxion.Ops is not built: '$binaryModule', '$coreAssembly' or '$dependencies' is missing. Run ./build.ps1 and import the module from the 'out/Konnaxion.Ops' folder it creates."
}

# Importing the cmdlets runs their ModuleInitializer, which loads the YAML reader apart (ModuleDependencies) before
# any cmdlet can read a compose file.
$cmdlets = Import-Module -Name $binaryModule -PassThru -ErrorAction Stop
Export-ModuleMember -Cmdlet @($cmdlets.ExportedCmdlets.Keys)
