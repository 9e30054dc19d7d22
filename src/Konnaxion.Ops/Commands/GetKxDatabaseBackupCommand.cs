using System.Management.Automation;
using Konnaxion.Ops.Commands.Completion;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>The database backups in the postgres service's backup folder, newest first (`exec postgres backups`).</summary>
    /// <remarks>
    /// <para>Runs the `backups` maintenance script in the running postgres service (`compose exec -T postgres backups`) and
    /// emits one object per file in its /backups volume, newest first, with its size and the time in its name. It changes
    /// nothing.</para>
    /// </remarks>
    /// <example>Show the backups of production taken today
    /// <code>Get-KxDatabaseBackup -Environment Production | Where-Object { $_.CreatedAt -ge (Get-Date).Date }</code>
    /// <para>CreatedAt is read from the file name, in the container's clock (UTC by default).</para>
    /// </example>
    /// <example>Name the newest backup, to restore it
    /// <code>Get-KxDatabaseBackup | Select-Object -First 1 -ExpandProperty FileName</code>
    /// <para>Pass the name to the restore script: docker compose exec postgres restore NAME.</para>
    /// </example>
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
