using System.Management.Automation;
using Konnaxion.Ops.Commands.Completion;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>The database backups in the postgres service's backup folder, newest first (`exec postgres backups`).</summary>
    [Cmdlet(VerbsCommon.Get, "KxDatabaseBackup")]
    [OutputType(typeof(KxDatabaseBackup))]
    public sealed class GetKxDatabaseBackupCommand : KxCmdlet
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

        private protected override void Execute(KxProject project) => WriteEach(project.GetDatabaseBackups(Output, Cancellation));
    }
}
