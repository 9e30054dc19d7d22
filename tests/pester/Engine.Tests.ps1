#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Against a real Docker engine, when `docker info` answers: build and start a private copy of the sample backend
# under its own kxtest-* project name and port, pipe status objects, create a superuser from a credential, then
# take the stack down with its volumes. KX_BASE_IMAGE chooses the base image (the offline CI image by default).

BeforeDiscovery {
    $engine = $false
    if (Get-Command -Name docker -CommandType Application -ErrorAction SilentlyContinue) {
        & docker info *> $null
        $engine = $LASTEXITCODE -eq 0
    }
}

Describe 'Against the Docker engine' -Skip:(-not $engine) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestModule.ps1')
        Import-Module (Get-KxTestManifest) -Force
        $project = 'kxtest-pester-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $backend = Copy-KxSampleBackend -Destination (Join-Path $TestDrive "$project/backend")
        $image = if ($env:KX_BASE_IMAGE) { $env:KX_BASE_IMAGE } else { 'konnaxion-ops/base:bookworm' }
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()
        Set-Content -LiteralPath (Join-Path $backend '.env') -Value @("KX_BASE_IMAGE=$image", "KX_DJANGO_PORT=$port")
        $target = @{ Path = $backend; ProjectName = $project }

        $build = Invoke-KxBuild @target -Confirm:$false -InformationAction Ignore
    }

    AfterAll {
        & docker compose -f (Join-Path $backend 'docker-compose.local.yml') -p $project down -v --remove-orphans --timeout 2 *> $null
    }

    It 'builds and starts every service' {
        $build.Success | Should -BeTrue -Because $build.FailureMessage
        $build.Services | Should -Be @('django', 'postgres', 'worker')
    }

    It 'shows postgres healthy in the status table' {
        Wait-KxService @target -Service postgres -Timeout 120 | Out-Null
        Get-KxServiceStatus @target | Out-String -Width 160 | Should -Match 'postgres\s+running\s+healthy'
    }

    It 'restarts the services piped from Get-KxServiceStatus' {
        $before = Get-KxServiceStatus @target -Service django
        $after = $before | Restart-KxService @target -Confirm:$false -InformationAction Ignore

        $after.Service | Should -Be 'django'
        $after.State | Should -Be 'running'
        $after.StartedAt | Should -BeGreaterThan $before.StartedAt
    }

    It 'creates a superuser from a credential without showing its password' {
        Wait-KxService @target -Service postgres -Timeout 120 | Out-Null
        $password = 'Pester-' + [guid]::NewGuid().ToString('N').Substring(0, 10)
        $credential = New-Object System.Management.Automation.PSCredential('pester', (ConvertTo-SecureString $password -AsPlainText -Force))

        $everything = New-KxSuperuser @target -Credential $credential -Email 'pester@example.com' -Confirm:$false -Verbose 4>&1 6>&1
        $user = $everything | Where-Object { $_.PSObject.TypeNames -contains 'Konnaxion.Ops.KxSuperuser' }

        $user.Username | Should -Be 'pester'
        ($everything | Out-String) | Should -Not -Match $password
    }
}
