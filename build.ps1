<#
.SYNOPSIS
    Builds Konnaxion.Ops into an importable module folder, tests it, and runs its runbook on the sample backend.

.DESCRIPTION
    Build: builds the module and lays it out in out/Konnaxion.Ops, through build/ModuleLayout (the one definition of the
    layout, which `dotnet build Konnaxion.Ops.sln` runs too):
        Konnaxion.Ops.psd1, Konnaxion.Ops.psm1, Konnaxion.Ops.format.ps1xml
        en-US/about_Konnaxion.Ops.help.txt
        bin/Konnaxion.Ops.dll, bin/Konnaxion.Ops.Core.dll   the cmdlets (the manifest's nested module) and the core
        bin/en-US/Konnaxion.Ops.dll-Help.xml                their help, made anew from their doc comments, where Get-Help looks
        bin/dependencies/*.dll                              Konnaxion.Ops.Yaml, YamlDotNet: loaded apart by the cmdlets
    Test: runs the .NET tests (dotnet test), then the Pester suite of tests/pester against out/Konnaxion.Ops when
    Pester 5 is installed.
    Package: builds, signs the module's files when a certificate is given (Windows only: Authenticode), then packs
    out/Konnaxion.Ops into out/packages/Konnaxion.Ops.<version>.nupkg for a PowerShell gallery (PackModule of
    build/ModuleLayout; `dotnet build build/ModuleLayout -p:KxPack=true` does the same without signing).
    The version is Directory.Build.props' Version.
    Demo: builds, then runs build/Demo.ps1 in a new process of this PowerShell (-NoProfile), so that this session never
    loads the module's DLLs, which the next build overwrites: it imports out/Konnaxion.Ops and runs the seed runbook on
    examples/konnaxion, one cmdlet per manual command (up -d --build, makemigrations, migrate, ps, createsuperuser,
    restart django), showing the objects each emits. Needs Docker; fails when a step fails.

    Runs on Windows PowerShell 5.1 and PowerShell 7; needs the .NET SDK (dotnet) on PATH.

.PARAMETER Task
    Build, Test, Package, Demo, or several in that order. Test needs a built module folder.

.PARAMETER CertificateThumbprint
    Package: sign with this code-signing certificate of Cert:\CurrentUser\My (or Cert:\LocalMachine\My).

.PARAMETER CertificatePath
    Package: sign with the code-signing certificate of this PFX file; asks for its password.

.PARAMETER TimestampServer
    Package: the RFC 3161 timestamp server that countersigns, so that signatures outlive the certificate.

.PARAMETER Configuration
    The build configuration; Release by default.

.EXAMPLE
    ./build.ps1 -Task Demo

.EXAMPLE
    ./build.ps1
    Import-Module ./out/Konnaxion.Ops/Konnaxion.Ops.psd1

.EXAMPLE
    ./build.ps1 -Task Build, Test

.EXAMPLE
    ./build.ps1 -Task Package -CertificateThumbprint 0123456789ABCDEF0123456789ABCDEF01234567
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    [ValidatePattern('^[0-9A-Fa-f]{40}$')]
    [string] $CertificateThumbprint,

    [ValidateScript({ Test-Path -LiteralPath $_ -PathType Leaf })]
    [string] $CertificatePath,

    [string] $TimestampServer = 'http://timestamp.digicert.com'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$root = $PSScriptRoot
$moduleFolder = [System.IO.Path]::Combine($root, 'out', 'Konnaxion.Ops')
$built = $false

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
    $script:built = $true
}

# Package and Demo need the laid-out module, whether Build comes before them, after them or not at all.
function Invoke-BuildOnce {
    if (-not $script:built) {
        Invoke-BuildTask
    }
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

function Get-SigningCertificate {
    if ($CertificateThumbprint) {
        $certificate = Get-ChildItem -Path Cert:\CurrentUser\My, Cert:\LocalMachine\My -CodeSigningCert |
            Where-Object Thumbprint -eq $CertificateThumbprint.ToUpperInvariant() | Select-Object -First 1
        if ($null -eq $certificate) {
            throw "No code-signing certificate with the thumbprint $CertificateThumbprint is in Cert:\CurrentUser\My or Cert:\LocalMachine\My."
        }
        return $certificate
    }
    $password = Read-Host -AsSecureString -Prompt "Password of $CertificatePath"
    return Get-PfxCertificate -FilePath $CertificatePath -Password $password
}

# Authenticode signatures are made by Windows' own APIs; elsewhere Set-AuthenticodeSignature does not exist.
function Invoke-SignTask {
    if (-not ($CertificateThumbprint -or $CertificatePath)) {
        Write-Host 'No certificate given (-CertificateThumbprint or -CertificatePath): the package is not signed.'
        return
    }
    if (-not ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows)) {
        throw 'Signing needs Windows (Set-AuthenticodeSignature); pack unsigned here, or sign on Windows.'
    }
    $certificate = Get-SigningCertificate
    $files = @('Konnaxion.Ops.psm1', 'Konnaxion.Ops.psd1', 'Konnaxion.Ops.format.ps1xml') | ForEach-Object { Join-Path $moduleFolder $_ }
    $files += Get-ChildItem -Path (Join-Path $moduleFolder 'bin') -Filter '*.dll' -Recurse | ForEach-Object FullName
    foreach ($file in $files) {
        $signature = Set-AuthenticodeSignature -FilePath $file -Certificate $certificate -TimestampServer $TimestampServer -HashAlgorithm SHA256
        if ($signature.Status -ne 'Valid') {
            throw "Signing $file failed: $($signature.StatusMessage)"
        }
    }
    Write-Host "Signed $($files.Count) files with $($certificate.Subject)."
}

function Invoke-PackageTask {
    Invoke-BuildOnce
    Invoke-SignTask
    # PackModule packs the laid-out folder as it is now, signatures included; it does not build again.
    Invoke-Native 'dotnet' @('msbuild', ([System.IO.Path]::Combine($root, 'build', 'ModuleLayout', 'ModuleLayout.csproj')),
        '-t:PackModule', "-p:Configuration=$Configuration", '-nologo')
}

# Windows PowerShell's hosts other than powershell.exe (the ISE) take no -File; PowerShell 7's $PSHOME need not hold
# pwsh (a hosted one's does not), while the running process is pwsh or a host that takes its arguments.
function Get-PowerShellExecutable {
    if ($PSVersionTable.PSEdition -eq 'Desktop') {
        return Join-Path $PSHOME 'powershell.exe'
    }
    return [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
}

function Invoke-DemoTask {
    Invoke-BuildOnce
    Invoke-Native (Get-PowerShellExecutable) @('-NoProfile', '-File', ([System.IO.Path]::Combine($root, 'build', 'Demo.ps1')))
}

if ($CertificateThumbprint -and $CertificatePath) {
    throw 'Give -CertificateThumbprint or -CertificatePath, not both.'
}

foreach ($name in $Task) {
    Write-Host "== $name ($Configuration)"
    & "Invoke-$($name)Task"
}
