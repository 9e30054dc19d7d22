# Loads the compiled cmdlets. build.ps1 lays the module out as:
#   Konnaxion.Ops.psd1, Konnaxion.Ops.psm1, Konnaxion.Ops.format.ps1xml, en-US/about_Konnaxion.Ops.help.txt
#   bin/Konnaxion.Ops.dll                  the cmdlets (+ bin/en-US/Konnaxion.Ops.dll-Help.xml, their help)
#   bin/dependencies/*.dll                 Konnaxion.Ops.Core.dll, YamlDotNet.dll
# The dependencies are kept apart so that another module's YamlDotNet cannot break this one: on PowerShell 7
# they load into an AssemblyLoadContext of their own, on Windows PowerShell 5.1 side by side (see
# src/Konnaxion.Ops/Loading/ModuleDependencies.cs). That must be set up before the cmdlets are imported, because
# PowerShell reads their parameters, whose types live in Konnaxion.Ops.Core, as it imports them.
$binaryModule = Join-Path -Path $PSScriptRoot -ChildPath 'bin/Konnaxion.Ops.dll'
$dependencies = Join-Path -Path $PSScriptRoot -ChildPath 'bin/dependencies'
if (-not (Test-Path -LiteralPath $binaryModule) -or -not (Test-Path -LiteralPath $dependencies)) {
    throw "Konnaxion.Ops is not built: '$binaryModule' or '$dependencies' is missing. Run ./build.ps1 and import the module from the 'out/Konnaxion.Ops' folder it creates."
}

# The type is taken from this very file, not by name: another copy of the module may be loaded in the session.
$cmdletAssembly = [System.Reflection.Assembly]::LoadFrom($binaryModule)
$null = $cmdletAssembly.GetType('Konnaxion.Ops.Commands.Loading.ModuleDependencies', $true).GetMethod('Register').Invoke($null, @($dependencies))

$cmdlets = Import-Module -Name $binaryModule -PassThru -ErrorAction Stop
Export-ModuleMember -Cmdlet @($cmdlets.ExportedCmdlets.Keys)
