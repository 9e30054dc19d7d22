using System.Management.Automation;
using Konnaxion.Ops.Commands.Completion;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>Backs the database up with the postgres service's cookiecutter-django maintenance script (`exec postgres backup`).</summary>
    /// <remarks>
    /// <para>Runs the `backup` maintenance script of cookiecutter-django's PostgreSQL image in the running postgres service
    /// (`compose exec -T postgres backup`), which writes a gzipped dump to the service's /backups volume. The result names
    /// the file, as the `restore` script takes it.</para>
    /// <para>-WhatIf shows the exact command line. The service must be running: start it with Invoke-KxBuild.</para>
    /// </remarks>
    /// <example>Back up production before a risky change, and keep the file name
    /// <code>$backup = Backup-KxDatabase -Environment Production -Confirm:$false | Select-Object -ExpandProperty FileName</code>
    /// <para>The file name is what `docker compose exec postgres restore NAME` needs.</para>
    /// </example>
    /// <example>Back up, then list the five newest backups
    /// <code>Backup-KxDatabase | Out-Null
    /// Get-KxDatabaseBackup | Select-Object -First 5</code>
    /// <para>Get-KxDatabaseBackup lists the newest first.</para>
    /// </example>
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
