#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# -WhatIf touches nothing: every cmdlet that changes something runs with -WhatIf against a copy of the sample
# backend, with a fake docker first on PATH that records its calls. Only `compose version` (choosing the compose
# implementation, to print the exact command lines) may run. Needs the .NET SDK to build the fake; no engine.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestModule.ps1')
    Import-Module (Get-KxTestManifest) -Force
    $changing = @(Get-Command -Module Konnaxion.Ops | Where-Object { $_.Parameters.ContainsKey('WhatIf') } | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestModule.ps1')
    Import-Module (Get-KxTestManifest) -Force
    $fake = New-KxFakeDocker -Folder (Join-Path $TestDrive 'fake-docker')
    $backend = Copy-KxSampleBackend -Destination (Join-Path $TestDrive 'backend')
    $savedPath = $env:PATH
    $env:PATH = $fake.Bin + [System.IO.Path]::PathSeparator + $env:PATH
    $env:KX_FAKE_DOCKER_LOG = $fake.Log

    # Values for mandatory parameters. A new state-changing cmdlet with a mandatory parameter fails below until it has
    # an entry here.
    $arguments = @{
        'Invoke-KxManage' = @{ Command = 'check' }
        'New-KxSuperuser' = @{ Username = 'admin'; Email = 'admin@example.com'; Password = (ConvertTo-SecureString 'not-used-7f3a9c' -AsPlainText -Force) }
    }

    function Get-TreeSnapshot {
        param([string] $Root)
        Get-ChildItem -LiteralPath $Root -Recurse -Force -File |
            ForEach-Object { '{0} {1} {2}' -f $_.FullName, $_.Length, $_.LastWriteTimeUtc.Ticks }
    }
}

AfterAll {
    $env:PATH = $savedPath
    Remove-Item -Path Env:KX_FAKE_DOCKER_LOG -ErrorAction SilentlyContinue
}

Describe '<Name> -WhatIf' -ForEach $changing {
    It 'runs nothing but compose version and changes no file' {
        $splat = @{}
        if ($arguments.ContainsKey($Name)) {
            $splat = $arguments[$Name]
        }

        $command = Get-Command -Name $Name
        $set = @($command.ParameterSets | Where-Object { $_.IsDefault }) + @($command.ParameterSets) | Select-Object -First 1
        $missing = @($set.Parameters | Where-Object { $_.IsMandatory -and -not $splat.ContainsKey($_.Name) } | ForEach-Object { $_.Name })
        $missing | Should -BeNullOrEmpty -Because "WhatIf.Tests.ps1 needs values for $Name's mandatory parameters in `$arguments"

        Set-Content -LiteralPath $fake.Log -Value @()
        $before = Get-TreeSnapshot -Root $backend

        & $Name -Path $backend -WhatIf @splat

        $calls = @(Get-Content -LiteralPath $fake.Log | Where-Object { $_ })
        $calls | Where-Object { $_ -notmatch '^docker(-compose)?( compose)? version$' } | Should -BeNullOrEmpty
        Get-TreeSnapshot -Root $backend | Should -Be $before
    }
}
