<#
.SYNOPSIS
    Builds Konnaxion.Ops into an importable module folder, and tests it.

.DESCRIPTION
    Build: builds the module and lays it out in out/Konnaxion.Ops, through build/ModuleLayout (the one definition of the
    layout, which `dotnet build Konnaxion.Ops.sln` runs too):
        Konnaxion.Ops.psd1, Konnaxion.Ops.psm1, Konnaxion.Ops.format.ps1xml
        en-US/about_Konnaxion.Ops.help.txt
        bin/Konnaxion.Ops.dll, bin/Konnaxion.Ops.Core.dll   the cmdlets and the core
        bin/en-US/Konnaxion.Ops.dll-Help.xml                their help, made anew from their doc comments, where Get-Help looks
        bin/dependencies/*.dll                              Konnaxion.Ops.Yaml, YamlDotNet: loaded apart by Konnaxion.Ops.psm1
    Test: runs the .NET tests (dotnet test), then the Pester suite of tests/pester against out/Konnaxion.Ops when
    Pester 5 is installed.

    Runs on Windows PowerShell 5.1 and PowerShell 7; needs the .NET SDK (dotnet) on PATH.

.PARAMETER Task
    Build, Test, or both in that order. Test needs a built module folder.

.PARAMETER Configuration
    The build configuration; Release by default.

.EXAMPLE
    ./build.ps1
    Import-Module ./out/Konnaxion.Ops/Konnaxion.Ops.psd1

.EXAMPLE
    ./build.ps1 -Task Build, Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$root = $PSScriptRoot
$moduleFolder = [System.IO.Path]::Combine($root, 'out', 'Konnaxion.Ops')

# A native command's failure is its exit code, which PowerShell does not turn into an error by itself.
function Invoke-Native {
    param([string] $FilePath, [string[]] $ArgumentList)
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Invoke-BuildTask {
    Invoke-Native 'dotnet' @('build', ([System.IO.Path]::Combine($root, 'build', 'ModuleLayout', 'ModuleLayout.csproj')),
        '--configuration', $Configuration, '--nologo')
    Write-Host "Konnaxion.Ops is laid out in $moduleFolder; import it with: Import-Module '$([System.IO.Path]::Combine($moduleFolder, 'Konnaxion.Ops.psd1'))'"
}

function Invoke-TestTask {
    Invoke-Native 'dotnet' @('test', (Join-Path $root 'Konnaxion.Ops.sln'), '--configuration', $Configuration, '--nologo')

    $manifest = Join-Path $moduleFolder 'Konnaxion.Ops.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "The module is not built: $manifest is missing. Run ./build.ps1 -Task Build, Test."
    }

    $pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.0' } | Sort-Object Version -Descending | Select-Object -First 1
    if ($null -eq $pester) {
        Write-Warning 'Pester 5 is not installed, so the Pester suite did not run. Install it with: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser'
        return
    }

    Import-Module $pester -Force
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = Join-Path $root 'tests/pester'
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    # The tests import the module from here.
    $env:KX_MODULE_MANIFEST = $manifest
    $result = Invoke-Pester -Configuration $configuration
    if ($result.FailedCount -gt 0) {
        throw "$($result.FailedCount) Pester test(s) failed."
    }
}

foreach ($name in $Task) {
    Write-Host "== $name ($Configuration)"
    & "Invoke-$($name)Task"
}
