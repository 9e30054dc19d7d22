using System.Management.Automation;
using Konnaxion.Ops.Commands.Completion;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>Backs the database up with the postgres service's cookiecutter-django maintenance script (`exec postgres backup`).</summary>
    [Cmdlet(VerbsData.Backup, "KxDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(KxDatabaseBackup))]
    public sealed class BackupKxDatabaseCommand : KxChangingCmdlet
    {
        /// <summary>The PostgreSQL service with the maintenance scripts.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ServiceCompleter))]
        public string Service { get; set; } = "postgres";

        private protected override KxProjectOptions CreateOptions()
        {
            var options = base.CreateOptions();
            options.DatabaseService = Service;
            return options;
        }

        private protected override void Execute(KxProject project) => RunIfApproved(project.BackupDatabase(), WriteObject);
    }
}
