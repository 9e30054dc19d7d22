using System.Management.Automation;
using Konnaxion.Ops.Commands.Completion;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>The migrations in the order migrate applies them, and whether each is applied (`manage.py showmigrations --plan`).</summary>
    [Cmdlet(VerbsCommon.Get, "KxMigration")]
    [OutputType(typeof(KxMigrationState))]
    public sealed class GetKxMigrationCommand : KxManagePyQueryCmdlet
    {
        /// <summary>Only this app's migrations.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppCompleter))]
        public string? App { get; set; }

        /// <summary>Only the migrations not applied yet.</summary>
        [Parameter]
        public SwitchParameter Pending { get; set; }

        private protected override void Execute(KxProject project) =>
            WriteEach(project.GetMigrations(App, Pending.IsPresent, Output, Cancellation));
    }
}
