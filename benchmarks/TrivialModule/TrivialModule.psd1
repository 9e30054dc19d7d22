@{
    RootModule        = 'TrivialModule.dll'
    ModuleVersion     = '1.0.0'
    GUID              = '0f6c1d0e-2b7a-4c55-9a3e-7d1f4b8e2c61'
    CmdletsToExport   = @('Get-TrivialValue')
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
