<#
.SYNOPSIS
    The seed runbook on the sample backend, one cmdlet per manual command: what ./build.ps1 -Task Demo runs.

.DESCRIPTION
    Imports the laid-out module (out/Konnaxion.Ops), goes to examples/konnaxion and runs, each under a line naming the
    compose command it replaces: Invoke-KxBuild, New-KxMigration, Invoke-KxMigrate, Get-KxServiceStatus (django must be
    running), New-KxSuperuser and Restart-KxService django. Every step shows the objects it emits in their default views;
    the first step that writes an error ends the script with that error and exit code 1.

    build.ps1 runs it in a PowerShell process of its own, so that the build's session never loads the module's DLLs,
    which the next build overwrites (on Windows a loaded DLL cannot be).

    The superuser is "demo", with a generated password that is nowhere but in a SecureString and the container's
    environment; a later run finds it made (SuperuserExists) and goes on. Make your own with New-KxSuperuser.
    The compose project, the base image and the host port are the environment's (COMPOSE_PROJECT_NAME, KX_BASE_IMAGE,
    KX_DJANGO_PORT), as for any cmdlet.
#>
[CmdletBinding()]
param()

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$root = Split-Path -Parent $PSScriptRoot
Import-Module ([System.IO.Path]::Combine($root, 'out', 'Konnaxion.Ops', 'Konnaxion.Ops.psd1'))
Set-Location ([System.IO.Path]::Combine($root, 'examples', 'konnaxion'))

# A step's objects are shown before its errors: an error that stopped the pipeline would lose the ones Out-Default
# still holds, such as the build result that says which compose command failed.
function Invoke-Step {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Replaces,
        [Parameter(Mandatory)] [string] $Command,
        [hashtable] $Parameters = @{},
        # The ErrorId meaning the step's work was done by an earlier run.
        [string] $DoneAlready
    )
    Write-Host ''
    Write-Host "== $Command (replaces: $Replaces)"
    try {
        & $Command @Parameters -ErrorAction SilentlyContinue -ErrorVariable stepErrors | Out-Default
        $failures = @($stepErrors)
    }
    catch {
        # A terminating error, as most of the module's are, is the step's only one.
        $failures = @($_)
    }
    foreach ($stepError in $failures) {
        if ($DoneAlready -and $stepError.FullyQualifiedErrorId -like "$DoneAlready,*") {
            Write-Host "$DoneAlready ($($stepError.TargetObject)): done by an earlier run, left as it is."
            continue
        }
        # ErrorActionPreference Stop: the first error ends the script, exit code 1.
        $PSCmdlet.WriteError($stepError)
    }
}

# Nothing but a SecureString ever holds it: it is in no variable, argument, stream or file as text.
function New-GeneratedPassword {
    $alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
    $bytes = New-Object byte[] 24
    $random = [System.Security.Cryptography.RandomNumberGenerator]::Create()
    try {
        $random.GetBytes($bytes)
    }
    finally {
        $random.Dispose()
    }
    $password = New-Object System.Security.SecureString
    foreach ($byte in $bytes) {
        $password.AppendChar($alphabet[$byte % $alphabet.Length])
    }
    $password.MakeReadOnly()
    return $password
}

Invoke-Step -Replaces 'up -d --build' -Command Invoke-KxBuild
Invoke-Step -Replaces 'run --rm django python manage.py makemigrations' -Command New-KxMigration
Invoke-Step -Replaces 'run --rm django python manage.py migrate' -Command Invoke-KxMigrate
Invoke-Step -Replaces 'ps (django must be Up)' -Command Get-KxServiceStatus
if (-not (Get-KxServiceStatus -Service django | Where-Object IsRunning)) {
    throw 'django is not running after Invoke-KxBuild. Its state and exit code: Get-KxServiceStatus django | Format-List *; its output: docker compose -f docker-compose.local.yml logs django, in examples/konnaxion/backend.'
}
Invoke-Step -Replaces 'run --rm django python manage.py createsuperuser' -Command New-KxSuperuser -DoneAlready SuperuserExists -Parameters @{
    Username = 'demo'
    Email = 'demo@example.com'
    Password = New-GeneratedPassword
}
Invoke-Step -Replaces 'restart django' -Command Restart-KxService -Parameters @{ Service = 'django' }
