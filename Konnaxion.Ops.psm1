# Loads the compiled cmdlets. build.ps1 lays the module out as:
#   Konnaxion.Ops.psd1, Konnaxion.Ops.psm1, bin/Konnaxion.Ops.dll (+ Konnaxion.Ops.Core.dll, YamlDotNet.dll)
$binaryModule = Join-Path -Path $PSScriptRoot -ChildPath 'bin/Konnaxion.Ops.dll'
if (-not (Test-Path -LiteralPath $binaryModule)) {
    throw "Konnaxion.Ops is not built: '$binaryModule' is missing. Run ./build.ps1 and import the module from the 'out/Konnaxion.Ops' folder it creates."
}

$cmdlets = Import-Module -Name $binaryModule -PassThru -ErrorAction Stop
Export-ModuleMember -Cmdlet @($cmdlets.ExportedCmdlets.Keys)
