using System.Linq;
using System.Management.Automation;
using Konnaxion.Ops.Commands.Infrastructure;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Commands
{
    /// <summary>
    /// Checks the migrations for CI and pre-deploy gates: models without a migration, unapplied migrations, and applied
    /// migrations edited since they were applied (drift, from the project's migration ledger). Emits one finding each.
    /// </summary>
    /// <remarks>
    /// <para>Reports three kinds of problem, one object each with the fix: models changed without a migration
    /// (`makemigrations --check --dry-run`, local only), migrations not applied to the database, and drift: an applied
    /// migration whose file changed since the migration ledger (.konnaxion-ops/migrations.ledger.json) recorded it, a
    /// change that database never ran.</para>
    /// <para>It changes nothing. In CI, -Fail turns any finding into a terminating MigrationCheckFailed error.</para>
    /// </remarks>
    /// <example>Gate a deployment on the migrations
    /// <code>Test-KxMigration -Environment Production -Fail | Format-Table Kind, App, Migration, Fix -Wrap</code>
    /// <para>Shows the findings, then stops the script if there is any.</para>
    /// </example>
    /// <example>List only the drift
    /// <code>Test-KxMigration | Where-Object Kind -eq 'Drift' | Select-Object App, Migration, File</code>
    /// <para>Each drifted migration needs a new migration that makes its change, not an edit of the old one.</para>
    /// </example>
    [Cmdlet(VerbsDiagnostic.Test, "KxMigration")]
    [OutputType(typeof(KxMigrationFinding))]
    public sealed class TestKxMigrationCommand : KxManagePyQueryCmdlet
    {
        /// <summary>After writing the findings, fails with MigrationCheckFailed when there are any (for CI: the script stops, $? is false).</summary>
        [Parameter]
        public SwitchParameter Fail { get; set; }

        private protected override void Execute(KxProject project)
        {
            var findings = project.TestMigrations(Output, Cancellation);
            WriteEach(findings);
            if (Fail.IsPresent && findings.Count > 0)
            {
                ThrowTerminatingError(ToErrorRecord(KxProject.MigrationCheckError(findings)));
            }
        }
    }
}
