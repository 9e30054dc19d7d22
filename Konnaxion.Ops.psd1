@{
    RootModule           = 'Konnaxion.Ops.psm1'
    # The cmdlets load as the manifest's nested module, not by an Import-Module in the .psm1: a script that imports
    # them costs about 80 ms more per import in PowerShell 7.6 (benchmarks/powershell.sh).
    NestedModules        = @('bin/Konnaxion.Ops.dll')
    # The version is Directory.Build.props' Version, which the layout writes here in out/Konnaxion.Ops: one place to change it.
    ModuleVersion        = '0.0.0'
    GUID                 = '5d0c7b1e-8f4a-4c1e-9b7a-2f6e3d9a1c42'
    Author               = 'Konnaxion.Ops contributors'
    CompanyName          = 'Konnaxion'
    Copyright            = '(c) 2026 Konnaxion.Ops contributors. MIT License.'
    Description          = 'Runs a cookiecutter-django backend under Docker Compose (v1 and v2): build, migrations, status, superuser, restart, as typed objects.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('Konnaxion.Ops.format.ps1xml')
    CmdletsToExport      = @(
        'Get-KxServiceStatus'
        'Invoke-KxBuild'
        'Invoke-KxManage'
        'Invoke-KxMigrate'
        'New-KxMigration'
        'New-KxSuperuser'
        'Restart-KxService'
        'Wait-KxService'
        'Get-KxMigration'
        'Test-KxMigration'
        'Backup-KxDatabase'
        'Get-KxDatabaseBackup'
        'Invoke-KxUpdate'
        'Get-KxProject'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            # ProjectUri and LicenseUri: no public URL of the project is known to the repository, so none is written
            # here; a release gives them as the MSBuild properties KxProjectUri and KxLicenseUri, and the layout adds them.
            Tags         = @('Docker', 'Compose', 'Django', 'Migrations', 'DevOps', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'See CHANGELOG.md in the package for what changed in each version.'
        }
    }
}
