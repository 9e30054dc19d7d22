@{
    RootModule           = 'Konnaxion.Ops.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '5d0c7b1e-8f4a-4c1e-9b7a-2f6e3d9a1c42'
    Author               = 'Konnaxion.Ops contributors'
    CompanyName          = 'Konnaxion'
    Copyright            = '(c) Konnaxion.Ops contributors. All rights reserved.'
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
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('Docker', 'Compose', 'Django', 'Migrations', 'DevOps', 'Windows', 'Linux')
        }
    }
}
