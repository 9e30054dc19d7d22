#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The built module as a person meets it: its manifest, exported commands, help, views, completion and loading.
# Needs the module folder build.ps1 lays out (out/Konnaxion.Ops, or KX_MODULE_MANIFEST); needs no Docker engine.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestModule.ps1')
    Import-Module (Get-KxTestManifest) -Force
    $commands = @(Get-Command -Module Konnaxion.Ops | ForEach-Object { @{ Name = $_.Name } })
    $outputTypes = @(Get-Command -Module Konnaxion.Ops | ForEach-Object { $_.OutputType.Name } |
        Where-Object { $_ -like 'Konnaxion.Ops.*' } | Sort-Object -Unique | ForEach-Object { @{ TypeName = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestModule.ps1')
    $manifestPath = Get-KxTestManifest
    $module = Import-Module $manifestPath -Force -PassThru
}

Describe 'The manifest' {
    It 'is a valid module manifest for both editions' {
        $manifest = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $manifest.Name | Should -Be 'Konnaxion.Ops'
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.ExportedFormatFiles | Split-Path -Leaf | Should -Be 'Konnaxion.Ops.format.ps1xml'
    }

    It 'exports exactly the cmdlets compiled into Konnaxion.Ops.dll' {
        $assembly = [System.AppDomain]::CurrentDomain.GetAssemblies() |
            Where-Object { $_.GetName().Name -eq 'Konnaxion.Ops' -and $_.Location -like "$($module.ModuleBase)*" }
        $compiled = @($assembly.GetExportedTypes() | Where-Object { -not $_.IsAbstract } |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object)

        $compiled.Count | Should -BeGreaterThan 0
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be $compiled
        @((Import-PowerShellDataFile -Path $manifestPath).CmdletsToExport | Sort-Object) | Should -Be $compiled
        @(Get-Command -Module Konnaxion.Ops -CommandType 'Function', 'Alias') | Should -BeNullOrEmpty
    }
}

Describe 'Help of <Name>' -ForEach $commands {
    BeforeAll {
        $help = Get-Help -Name $Name -Full
        $parameters = @((Get-Command -Name $Name).Parameters.Keys | Where-Object {
                $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters
            })
    }

    It 'has a synopsis of its own' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without help, PowerShell makes the synopsis from the syntax, which starts with the command's name.
        $help.Synopsis | Should -Not -BeLike "$Name *"
    }

    It 'has a description' {
        ($help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        foreach ($parameter in $parameters) {
            $text = ($help.parameters.parameter | Where-Object { $_.name -eq $parameter }).description | Out-String
            $text.Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'has at least two examples that pipe objects' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Match '\|'
        }
    }
}

Describe 'The about topic' {
    It 'explains the runbook, the environments, safety and the drift ledger' {
        $text = Get-Help -Name about_Konnaxion.Ops | Out-String
        foreach ($section in @('RUNBOOK', 'ENVIRONMENTS', 'SAFETY', 'DRIFT LEDGER')) {
            $text | Should -Match $section
        }
    }
}

Describe 'The default view of <TypeName>' -ForEach $outputTypes {
    It 'is defined' {
        Get-FormatData -TypeName $TypeName | Should -Not -BeNullOrEmpty
    }
}

Describe 'The status table' {
    It 'shows service, state, health, uptime and ports at a glance' {
        $status = [pscustomobject]@{
            PSTypeName = 'Konnaxion.Ops.KxServiceStatus'
            Project    = 'konnaxion'
            Service    = 'django'
            State      = 'running'
            Health     = 'none'
            Uptime     = [timespan]::FromSeconds(192)
            Ports      = @('0.0.0.0:8000->8000/tcp')
            ExitCode   = $null
            IsRunning  = $true
            OneOff     = $false
        }

        $table = $status | Out-String -Width 120

        $table | Should -Match 'Project: konnaxion'
        $table | Should -Match 'Service\s+State\s+Health\s+Uptime\s+Ports'
        $table | Should -Match 'django\s+running\s+-\s+3m 12s\s+0\.0\.0\.0:8000->8000/tcp'
    }
}

Describe 'Tab completion' {
    BeforeAll {
        # The copy sits one level down, in project/backend: the project is looked for in each parent's backend/ child
        # too, so an empty folder beside a backend/ would find it.
        $backend = Copy-KxSampleBackend -Destination (Join-Path $TestDrive 'project/backend')
        $empty = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'empty')
        # Completion reads files only: an engine that does not answer must not matter.
        $savedDockerHost = $env:DOCKER_HOST
        $env:DOCKER_HOST = 'tcp://127.0.0.1:9'

        function Get-Completion {
            param([string] $Line)
            @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object { $_.CompletionText })
        }
    }

    AfterAll {
        $env:DOCKER_HOST = $savedDockerHost
    }

    It 'completes -Service with the services of the compose file' {
        Get-Completion "Get-KxServiceStatus -Path '$backend' -Service " | Should -Be @('django', 'postgres', 'worker')
        Get-Completion "Restart-KxService -Path '$backend' -Service p" | Should -Be @('postgres')
    }

    It 'completes -App with the apps that have migrations' {
        Get-Completion "Invoke-KxMigrate -Path '$backend' -App " | Should -Be @('ideas')
    }

    It 'completes -Target with the app''s migrations, newest first, then zero' {
        Set-Content -LiteralPath (Join-Path $backend 'konnaxion/ideas/migrations/0002_vote.py') -Value '# a migration'
        Get-Completion "Invoke-KxMigrate -Path '$backend' -App ideas -Target " | Should -Be @('0002_vote', '0001_initial', 'zero')
    }

    It 'completes from the current location when -Path is not given' {
        Push-Location -LiteralPath $backend
        try {
            Get-Completion 'Wait-KxService -Service w' | Should -Be @('worker')
        }
        finally {
            Pop-Location
        }
    }

    It 'offers nothing outside a project' {
        Get-Completion "Get-KxServiceStatus -Path '$empty' -Service " | Should -BeNullOrEmpty
    }
}

Describe 'Loading' {
    BeforeAll {
        $core = [System.AppDomain]::CurrentDomain.GetAssemblies() |
            Where-Object { $_.GetName().Name -eq 'Konnaxion.Ops.Core' -and $_.Location -like "$($module.ModuleBase)*" }
    }

    It 'loads Konnaxion.Ops.Core from bin/, beside the cmdlets' {
        [System.IO.Path]::GetDirectoryName($core.Location) | Should -Be ([System.IO.Path]::Combine($module.ModuleBase, 'bin'))
    }

    It 'keeps only Konnaxion.Ops.Yaml and YamlDotNet in a load context of their own on PowerShell 7' -Skip:($PSEdition -ne 'Core') {
        $context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object { $_.Name -eq 'Konnaxion.Ops' }
        @($context.Assemblies | ForEach-Object { $_.GetName().Name } | Sort-Object) | Should -Be @('Konnaxion.Ops.Yaml', 'YamlDotNet')
        # Core in the default context is what lets scripts name its types.
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($core) | Should -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
    }

    It 'loads Konnaxion.Ops.Yaml from bin/dependencies on Windows PowerShell' -Skip:($PSEdition -ne 'Desktop') {
        $yaml = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Konnaxion.Ops.Yaml' }
        [System.IO.Path]::GetDirectoryName($yaml.Location) | Should -Be ([System.IO.Path]::Combine($module.ModuleBase, 'bin', 'dependencies'))
    }

    It 'imports again with -Force' {
        { Import-Module $manifestPath -Force -ErrorAction Stop } | Should -Not -Throw
        Get-Command -Module Konnaxion.Ops -Name Get-KxServiceStatus | Should -Not -BeNullOrEmpty
    }
}
