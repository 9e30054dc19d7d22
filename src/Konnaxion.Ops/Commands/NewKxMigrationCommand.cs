using System.Management.Automation;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>Makes new migration files on the host (`manage.py makemigrations` in a one-off container). Local only.</summary>
    [Cmdlet(VerbsCommon.New, "KxMigration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(KxMigrationFile))]
    public sealed class NewKxMigrationCommand : KxManagePyCmdlet
    {
        /// <summary>The app labels to make migrations for; all apps by default.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[]? App { get; set; }

        /// <summary>The migration's name instead of Django's generated one.</summary>
        [Parameter]
        [ValidatePattern("^[\\w]+$")]
        public string? Name { get; set; }

        /// <summary>Makes an empty migration for a data migration (needs -App).</summary>
        [Parameter]
        public SwitchParameter Empty { get; set; }

        /// <summary>Shows what would be made without writing files.</summary>
        [Parameter]
        public SwitchParameter DryRun { get; set; }

        private protected override void Execute(KxProject project) =>
            RunIfApproved(project.MakeMigrations(App, Name, Empty.IsPresent, DryRun.IsPresent), WriteEach);
    }
}
