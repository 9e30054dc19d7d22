# The cmdlets of README.md's view examples, faked as a Pester Mock would fake them: functions of the same names (a
# function is found before a cmdlet) that return the example's objects, built through the types' public constructors.
# Dot-sourced into a session, so that the README's command lines run as they are written.
$observedAt = [DateTimeOffset]'2026-11-21T20:40:00Z'
$migratedAt = [DateTime]'2026-11-21T20:34:00'

function Get-KxServiceStatus {
    param([string] $Environment, [string] $Orchestrator)
    if ($Orchestrator -eq 'Swarm') {
        [Konnaxion.Ops.KxSwarmServiceStatus]::new('konnaxion', 'django', 'konnaxion_django', 'replicated', 2, 2, 'completed', $null, $null, 'running', 0,
            [string[]] @('node-1', 'node-2'), 'registry.example.com/konnaxion/django:v42', $observedAt)
        [Konnaxion.Ops.KxSwarmServiceStatus]::new('konnaxion', 'postgres', 'konnaxion_postgres', 'replicated', 1, 1, $null, $null, $null, 'running', 0,
            [string[]] @('node-1'), 'registry.example.com/konnaxion/postgres:v42', $observedAt)
        [Konnaxion.Ops.KxSwarmServiceStatus]::new('konnaxion', 'worker', 'konnaxion_worker', 'replicated', 2, 1, 'updating', 'update in progress',
            'task: non-zero exit (1)', 'failed', 1, [string[]] @('node-2'), 'registry.example.com/konnaxion/worker:v42', $observedAt)
        return
    }
    [Konnaxion.Ops.KxServiceStatus]::new('konnaxion', 'django', 'konnaxion-django-1', '3f2a9c', 'running', 'none', 'Up 3 minutes',
        [string[]] @('0.0.0.0:8000->8000/tcp'), 'konnaxion_local_django', $observedAt.AddSeconds(-192), $null, $false, $observedAt)
    [Konnaxion.Ops.KxServiceStatus]::new('konnaxion', 'postgres', 'konnaxion-postgres-1', '8b41d0', 'running', 'healthy', 'Up 3 minutes (healthy)',
        [string[]] @('5432/tcp'), 'konnaxion_production_postgres', $observedAt.AddSeconds(-194), $null, $false, $observedAt)
    [Konnaxion.Ops.KxServiceStatus]::new('konnaxion', 'worker', 'konnaxion-worker-1', 'c7e605', 'exited', 'none', 'Exited (1) 2 minutes ago',
        [string[]] @(), 'konnaxion_local_django', $null, 1, $false, $observedAt)
}

function Invoke-KxMigrate {
    [Konnaxion.Ops.KxMigrationStep]::new('ideas', '0002_vote', 'Apply', 'Planned', [string[]] @('Create model Vote'))
}

function Get-KxMigration {
    [Konnaxion.Ops.KxMigrationState]::new('ideas', '0001_initial', $true, $false, $migratedAt)
    [Konnaxion.Ops.KxMigrationState]::new('ideas', '0002_vote', $false, $false, $null)
}

function New-KxMigration {
    [Konnaxion.Ops.KxMigrationFile]::new('ideas', '0002_vote', '/app/konnaxion/ideas/migrations/0002_vote.py',
        '/srv/konnaxion/backend/konnaxion/ideas/migrations/0002_vote.py', [string[]] @('Create model Vote'), $false)
}

function Test-KxMigration {
    [Konnaxion.Ops.KxMigrationFinding]::new('Unapplied', 'ideas', '0002_vote', '/srv/konnaxion/backend/konnaxion/ideas/migrations/0002_vote.py',
        'ideas.0002_vote is not applied to the production database.',
        'Apply it with Invoke-KxMigrate -Environment Production, which backs the database up first.')
    [Konnaxion.Ops.KxMigrationFinding]::new('Drift', 'ideas', '0001_initial', '/srv/konnaxion/backend/konnaxion/ideas/migrations/0001_initial.py',
        'ideas.0001_initial was edited after it was applied: konnaxion/ideas/migrations/0001_initial.py no longer matches what the production database ran.',
        'Restore konnaxion/ideas/migrations/0001_initial.py to what was applied (git log -p -- konnaxion/ideas/migrations/0001_initial.py) and add a new migration for the change instead: New-KxMigration -App ideas.')
}

function New-KxSuperuser {
    [Konnaxion.Ops.KxSuperuser]::new('konnaxion', 'admin', 'admin@example.com')
}

function Get-KxDatabaseBackup {
    [Konnaxion.Ops.KxDatabaseBackup]::new('konnaxion', 'Production', 'postgres', 'backup_2026_11_21_20_40_00.sql.gz',
        '/backups/backup_2026_11_21_20_40_00.sql.gz', [DateTime]'2026-11-21T20:40:00', '1.9K')
}

function Invoke-KxBuild {
    [Konnaxion.Ops.KxBuildResult]::new('konnaxion', 'Local', [string[]] @('django', 'postgres', 'worker'), 'docker compose 2.26.1',
        [TimeSpan]::FromSeconds(42), 0)
}

function Invoke-KxUpdate {
    $steps = [Konnaxion.Ops.KxUpdateStep[]] @(
        [Konnaxion.Ops.KxUpdateStep]::new('Build', 'Succeeded', [TimeSpan]::FromSeconds(51), 'Built and started django, postgres, worker; healthy', [string[]] @())
        [Konnaxion.Ops.KxUpdateStep]::new('Backup', 'Succeeded', [TimeSpan]::FromSeconds(3), 'backup_2026_11_21_20_40_00.sql.gz', [string[]] @())
        [Konnaxion.Ops.KxUpdateStep]::new('Migrate', 'Succeeded', [TimeSpan]::FromSeconds(9), 'Applied ideas.0002_vote', [string[]] @())
        [Konnaxion.Ops.KxUpdateStep]::new('Verify', 'Succeeded', [TimeSpan]::FromSeconds(0), 'All services running; no drift', [string[]] @())
    )
    [Konnaxion.Ops.KxUpdateResult]::new('konnaxion', 'Production', $steps, [TimeSpan]::FromSeconds(68),
        [Konnaxion.Ops.KxMigrationStep[]] @(), [Konnaxion.Ops.KxMigrationFile[]] @(), $null, [Konnaxion.Ops.KxServiceStatus[]] @(), $null)
}

function Get-KxProject {
    $envFiles = [Konnaxion.Ops.KxEnvFileInfo[]] @(
        [Konnaxion.Ops.KxEnvFileInfo]::new('/srv/konnaxion/backend/.envs/.local/.django', $true, $true, [string[]] @('django', 'worker'))
        [Konnaxion.Ops.KxEnvFileInfo]::new('/srv/konnaxion/backend/.envs/.local/.postgres', $true, $false, [string[]] @('django', 'worker', 'postgres'))
    )
    [Konnaxion.Ops.KxProjectInfo]::new('/srv/konnaxion/backend', 'Local', 'Compose', '/srv/konnaxion/backend/docker-compose.local.yml', 'backend', 'Folder',
        [string[]] @('django', 'postgres', 'worker'), [string[]] @('flower'), $envFiles, 'V2', 'docker compose', [Version]'2.26.1', $null,
        'unix:///var/run/docker.sock', 'Default', $null, '20.10.24', '1.41', $null,
        '/srv/konnaxion/backend/.konnaxion-ops/migrations.ledger.json', $true)
}
