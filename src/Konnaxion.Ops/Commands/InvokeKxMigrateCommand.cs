using System.Management.Automation;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>Applies migrations to the database (`manage.py migrate` in a one-off container).</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "KxMigrate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(KxMigrationStep))]
    public sealed class InvokeKxMigrateCommand : KxManagePyCmdlet
    {
        /// <summary>Migrates only this app.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? App { get; set; }

        /// <summary>Migrates the app forwards or backwards to this migration ("zero" unapplies all); needs -App.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Target { get; set; }

        /// <summary>Lists the migrations that would run, changing nothing.</summary>
        [Parameter]
        public SwitchParameter Plan { get; set; }

        /// <summary>Marks migrations as applied without running them.</summary>
        [Parameter]
        public SwitchParameter Fake { get; set; }

        private protected override void Execute(KxProject project)
        {
            var operation = project.Migrate(App, Target, Plan.IsPresent, Fake.IsPresent);
            if (Plan.IsPresent)
            {
                WriteEach(operation.Invoke(Output, Cancellation));
                return;
            }

            RunIfApproved(operation, WriteEach);
        }
    }
}
