using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Errors
{
    /// <summary>
    /// Every error that needs no Docker engine, typed into PowerShell against broken copies of the sample: the
    /// FullyQualifiedErrorId, category, target and recommended action a script reads, and whether it terminates.
    /// </summary>
    public sealed class ErrorRecordTests : IClassFixture<BrokenCopies>
    {
        private static readonly Dictionary<string, ErrorCase> Catalog = new[]
        {
            new ErrorCase("ProjectNotFound: a folder without compose file", c => $"Get-KxServiceStatus -Path '{c.NoCompose}'",
                "ProjectNotFound", "Get-KxServiceStatus", ErrorCategory.ObjectNotFound, c => c.NoCompose),
            new ErrorCase("ProjectNotFound: a -Path that does not exist", c => $"Get-KxMigration -Path '{Path.Combine(c.Root, "missing")}'",
                "ProjectNotFound", "Get-KxMigration", ErrorCategory.ObjectNotFound, c => Path.Combine(c.Root, "missing")),
            new ErrorCase("ComposeFileNotFound", c => $"Get-KxServiceStatus -Path '{c.Good}' -ComposeFile nope.yml",
                "ComposeFileNotFound", "Get-KxServiceStatus", ErrorCategory.ObjectNotFound, c => Path.Combine(c.Good, "nope.yml")),
            new ErrorCase("ComposeFileInvalid", c => $"Test-KxMigration -Path '{c.InvalidCompose}'",
                "ComposeFileInvalid", "Test-KxMigration", ErrorCategory.InvalidData, c => c.InvalidComposeFile),
            new ErrorCase("EnvFileMissing", c => $"Invoke-KxManage check -Path '{c.MissingEnvFile}'",
                "EnvFileMissing", "Invoke-KxManage", ErrorCategory.ObjectNotFound, c => c.MissingEnvFilePath),
            new ErrorCase("ServiceNotFound: a parameter", c => $"Wait-KxService -Path '{c.Good}' -Service nope",
                "ServiceNotFound", "Wait-KxService", ErrorCategory.ObjectNotFound, c => "nope"),
            new ErrorCase("ServiceNotFound: a piped service is written", c => $"[pscustomobject]@{{ Service = 'nope' }} | Wait-KxService -Path '{c.Good}'",
                "ServiceNotFound", "Wait-KxService", ErrorCategory.ObjectNotFound, c => "nope", Terminates: false),
            new ErrorCase("ProjectNotFound: a piped folder is written", c => $"Get-Item '{c.NoCompose}' | Get-KxServiceStatus",
                "ProjectNotFound", "Get-KxServiceStatus", ErrorCategory.ObjectNotFound, c => c.NoCompose, Terminates: false),
            new ErrorCase("InvalidProjectName", c => $"Get-KxDatabaseBackup -Path '{c.Good}' -ProjectName 'Bad Name'",
                "InvalidProjectName", "Get-KxDatabaseBackup", ErrorCategory.InvalidArgument, c => "Bad Name"),
            new ErrorCase("ComposeNotInstalled: PATH without docker", c => $"Invoke-KxManage check -Path '{c.Good}' -Compose V2",
                "ComposeNotInstalled", "Invoke-KxManage", ErrorCategory.NotInstalled, c => "V2",
                Before: "$kxPath = $env:PATH; $env:PATH = '/nonexistent'", After: "$env:PATH = $kxPath"),
            new ErrorCase("ComposeVersionUnsupported: KONNAXION_COMPOSE=v9", c => $"Get-KxMigration -Path '{c.Good}'",
                "ComposeVersionUnsupported", "Get-KxMigration", ErrorCategory.InvalidArgument, c => "v9",
                Before: "$kxCompose = $env:KONNAXION_COMPOSE; $env:KONNAXION_COMPOSE = 'v9'", After: "$env:KONNAXION_COMPOSE = $kxCompose"),
            new ErrorCase("MakeMigrationsRefusedInProduction", c => $"New-KxMigration -Path '{c.Good}' -Environment Production",
                "MakeMigrationsRefusedInProduction", "New-KxMigration", ErrorCategory.InvalidOperation,
                c => Path.Combine(c.Good, "backend", "docker-compose.production.yml")),
            new ErrorCase("MigrationFailed: -Target without -App", c => $"Invoke-KxMigrate -Path '{c.Good}' -Target 0001_initial",
                "MigrationFailed", "Invoke-KxMigrate", ErrorCategory.InvalidArgument, c => "0001_initial"),
            new ErrorCase("EngineUnreachable: a socket that does not exist", c => $"Get-KxServiceStatus -Path '{c.Good}' -DockerHost unix:///nonexistent.sock",
                "EngineUnreachable", "Get-KxServiceStatus", ErrorCategory.ConnectionError, c => "unix:///nonexistent.sock"),
            new ErrorCase("DockerHostInvalid", c => $"Get-KxServiceStatus -Path '{c.Good}' -DockerHost http://localhost:2375",
                "DockerHostInvalid", "Get-KxServiceStatus", ErrorCategory.InvalidArgument, c => "http://localhost:2375"),
            new ErrorCase("DockerContextNotFound", c => $"Get-KxServiceStatus -Path '{c.Good}' -Context kxtest-no-such-context",
                "DockerContextNotFound", "Get-KxServiceStatus", ErrorCategory.ObjectNotFound, c => "kxtest-no-such-context"),
        }.ToDictionary(c => c.Name);

        private readonly BrokenCopies _copies;

        public ErrorRecordTests(BrokenCopies copies)
        {
            _copies = copies;
        }

        public static TheoryData<string> Cases => new TheoryData<string>(Catalog.Keys);

        [Theory]
        [MemberData(nameof(Cases))]
        public void The_error_reaches_PowerShell_with_its_id_category_target_and_action(string name)
        {
            var error = Catalog[name];
            using var session = new ModuleSession(_copies.Good);

            var raised = RaisedError.Of(session, error.Command(_copies), error.Before, error.After)
                .Is(error.ErrorId, error.Cmdlet, error.Category, error.Target(_copies));

            Assert.Equal(error.Terminates, raised.Terminated);
        }

        public sealed record ErrorCase(string Name, Func<BrokenCopies, string> Command, string ErrorId, string Cmdlet, ErrorCategory Category,
            Func<BrokenCopies, string> Target, bool Terminates = true, string Before = "", string After = "");
    }
}
