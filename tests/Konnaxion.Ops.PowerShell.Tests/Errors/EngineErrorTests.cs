using System;
using System.IO;
using System.Management.Automation;
using Konnaxion.Ops.PowerShell.Tests.Engine;

namespace Konnaxion.Ops.PowerShell.Tests.Errors
{
    /// <summary>
    /// The errors that need the engine, typed into PowerShell next to the running sample, once per compose version:
    /// id, category, target, recommended action, and whether each terminates or is written.
    /// </summary>
    public abstract class EngineErrorTests
    {
        protected EngineErrorTests(SampleBackend backend)
        {
            Backend = backend;
        }

        protected SampleBackend Backend { get; }

        /// <summary>A project of the copy that was never started: nothing of it runs.</summary>
        private string Idle => Backend.ProjectName + "-idle";

        [EngineFact]
        public void A_failed_compose_up_emits_its_result_then_writes_ComposeCommandFailed()
        {
            File.WriteAllText(Path.Combine(Backend.Backend, "kxtest-broken.yml"), "services:\n  broken:\n    build: ./no-such-folder\n");
            Backend.Owns(Backend.ProjectName + "-broken");
            using var session = Backend.NewSession();

            var raised = RaisedError.Of(session, $"Invoke-KxBuild -ComposeFile kxtest-broken.yml -Path backend -ProjectName {Backend.ProjectName}-broken")
                .IsWritten().Is("ComposeCommandFailed", "Invoke-KxBuild", ErrorCategory.InvalidOperation, target: null);

            var result = Assert.Single(raised.Run.Output);
            Assert.Equal(false, result.Properties["Success"].Value);
            Assert.Same(result.BaseObject, raised.Record.TargetObject);
        }

        [EngineFact]
        public void A_failing_management_command_terminates_with_DjangoCommandFailed()
        {
            using var session = Backend.NewSession();

            RaisedError.Of(session, "Invoke-KxManage kxtest_no_such_command -InRunningContainer")
                .Terminates().Is("DjangoCommandFailed", "Invoke-KxManage", ErrorCategory.InvalidOperation, target: null);
        }

        [EngineFact]
        public void A_taken_username_terminates_with_SuperuserExists()
        {
            using var session = Backend.NewSession();
            var username = "kxerr" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var create = $"New-KxSuperuser {username} {username}@example.com -Password (ConvertTo-SecureString 'Kx-{Guid.NewGuid():N}' -AsPlainText -Force) -InRunningContainer";
            session.Invoke(create);

            RaisedError.Of(session, create).Terminates().Is("SuperuserExists", "New-KxSuperuser", ErrorCategory.ResourceExists, username);
        }

        [EngineFact]
        public void InRunningContainer_without_a_running_container_terminates_with_ServiceNotRunning()
        {
            using var session = Backend.NewSession();

            RaisedError.Of(session, $"Get-KxMigration -InRunningContainer -ProjectName {Idle}")
                .Terminates().Is("ServiceNotRunning", "Get-KxMigration", ErrorCategory.ResourceUnavailable, "django");
        }

        [EngineFact]
        public void A_wait_that_times_out_terminates_and_for_a_piped_service_is_written()
        {
            using var session = Backend.NewSession();

            RaisedError.Of(session, $"Wait-KxService django -Timeout 1 -ProjectName {Idle}")
                .Terminates().Is("ServiceWaitTimeout", "Wait-KxService", ErrorCategory.OperationTimeout, target: null);
            var piped = RaisedError.Of(session, $"[pscustomobject]@{{ Service = 'django' }} | Wait-KxService -Timeout 1 -ProjectName {Idle}")
                .IsWritten().Is("ServiceWaitTimeout", "Wait-KxService", ErrorCategory.OperationTimeout, target: null);

            Assert.Equal(new[] { "django" }, piped.Record.TargetObject);
        }

        [EngineFact]
        public void An_unreadable_ledger_terminates_with_MigrationLedgerInvalid()
        {
            var ledger = Path.Combine(Backend.Backend, ".konnaxion-ops", "migrations.ledger.json");
            var saved = File.Exists(ledger) ? File.ReadAllText(ledger) : null;
            Directory.CreateDirectory(Path.GetDirectoryName(ledger)!);
            File.WriteAllText(ledger, "{ not json");
            try
            {
                using var session = Backend.NewSession();

                RaisedError.Of(session, "Test-KxMigration -InRunningContainer")
                    .Terminates().Is("MigrationLedgerInvalid", "Test-KxMigration", ErrorCategory.InvalidData, ledger);
            }
            finally
            {
                if (saved == null)
                {
                    File.Delete(ledger);
                }
                else
                {
                    File.WriteAllText(ledger, saved);
                }
            }
        }
    }

    [Collection(ComposeV1Collection.Name)]
    public sealed class EngineErrorComposeV1Tests : EngineErrorTests
    {
        public EngineErrorComposeV1Tests(ComposeV1Backend backend)
            : base(backend)
        {
        }
    }

    [Collection(ComposeV2Collection.Name)]
    public sealed class EngineErrorComposeV2Tests : EngineErrorTests
    {
        public EngineErrorComposeV2Tests(ComposeV2Backend backend)
            : base(backend)
        {
        }
    }
}
