<#
.SYNOPSIS
    Builds Konnaxion.Ops into an importable module folder, and tests it.

.DESCRIPTION
    Build: publishes src/Konnaxion.Ops and lays the module out in out/Konnaxion.Ops:
        Konnaxion.Ops.psd1, Konnaxion.Ops.psm1, Konnaxion.Ops.format.ps1xml
        en-US/about_Konnaxion.Ops.help.txt
        bin/Konnaxion.Ops.dll                       the cmdlets
        bin/en-US/Konnaxion.Ops.dll-Help.xml        their help, made anew from their doc comments, where Get-Help looks
        bin/dependencies/*.dll                      Konnaxion.Ops.Core, YamlDotNet: loaded apart by Konnaxion.Ops.psm1
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

function Copy-Into {
    param([string[]] $Path, [string] $Destination)
    New-Item -ItemType Directory -Path $Destination -Force | Out-Null
    Copy-Item -LiteralPath $Path -Destination $Destination -Force
}

function Invoke-BuildTask {
    $publish = [System.IO.Path]::Combine($root, 'out', 'publish')
    foreach ($folder in @($publish, $moduleFolder)) {
        if (Test-Path -LiteralPath $folder) {
            Remove-Item -LiteralPath $folder -Recurse -Force
        }
    }

    Invoke-Native 'dotnet' @('publish', ([System.IO.Path]::Combine($root, 'src', 'Konnaxion.Ops', 'Konnaxion.Ops.csproj')),
        '--configuration', $Configuration, '--output', $publish, '--nologo')

    # The cmdlets' MAML help is made from their doc comments and the compiled cmdlets (tests/Konnaxion.Ops.Tests/Help),
    # so what ships matches what was built; without KX_WRITE_HELP the same test fails when the committed copy is stale.
    $env:KX_WRITE_HELP = '1'
    try {
        Invoke-Native 'dotnet' @('test', ([System.IO.Path]::Combine($root, 'tests', 'Konnaxion.Ops.Tests')), '--configuration', $Configuration,
            '--nologo', '--filter', 'FullyQualifiedName~Shipped_help_is_made_from')
    }
    finally {
        Remove-Item -Path 'Env:KX_WRITE_HELP'
    }

    $bin = Join-Path $moduleFolder 'bin'
    Copy-Into -Path @('Konnaxion.Ops.psd1', 'Konnaxion.Ops.psm1', 'Konnaxion.Ops.format.ps1xml' | ForEach-Object { Join-Path $root $_ }) -Destination $moduleFolder
    Copy-Into -Path (Join-Path $root 'en-US/about_Konnaxion.Ops.help.txt') -Destination (Join-Path $moduleFolder 'en-US')
    Copy-Into -Path (Join-Path $root 'en-US/Konnaxion.Ops.dll-Help.xml') -Destination (Join-Path $bin 'en-US')
    Copy-Into -Path (Join-Path $publish 'Konnaxion.Ops.dll') -Destination $bin
    $dependencies = @(Get-ChildItem -LiteralPath $publish -Filter '*.dll' | Where-Object { $_.Name -ne 'Konnaxion.Ops.dll' } | ForEach-Object { $_.FullName })
    Copy-Into -Path $dependencies -Destination (Join-Path $bin 'dependencies')
    Remove-Item -LiteralPath $publish -Recurse -Force

    Write-Host "Konnaxion.Ops is laid out in $moduleFolder; import it with: Import-Module '$(Join-Path $moduleFolder 'Konnaxion.Ops.psd1')'"
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
