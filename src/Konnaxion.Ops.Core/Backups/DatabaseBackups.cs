using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Postgres;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Project;

namespace Konnaxion.Ops.Backups
{
    /// <summary>Backups through cookiecutter-django's maintenance scripts in the postgres service: take one, list them.</summary>
    internal sealed class DatabaseBackups
    {
        private readonly ProjectContext _project;

        public DatabaseBackups(ProjectContext project) => _project = project;

        /// <summary>Where cookiecutter-django's maintenance scripts keep backups (BACKUP_DIR_PATH).</summary>
        private const string BackupFolder = "/backups";

        /// <summary>
        /// `exec -T postgres backup`: cookiecutter-django's maintenance script dumps the database (pg_dump | gzip) into
        /// the service's /backups folder. The service must be running.
        /// </summary>
        public KxOperation<KxDatabaseBackup> BackupDatabase()
        {
            var spec = BackupCommand();
            return _project.Operation($"Back up the database of {_project.DatabaseService}", new[] { spec.ToString() },
                (output, cancellationToken) => RunBackup(spec, output, cancellationToken));
        }

        /// <summary>`exec -T postgres backups`: the backup files of the service's /backups folder, newest first.</summary>
        public IReadOnlyList<KxDatabaseBackup> GetDatabaseBackups(IKxOutput? output = null, CancellationToken cancellationToken = default)
        {
            _project.RequireService(_project.DatabaseService);
            var spec = _project.Compose.Command(new[] { "exec", "-T", _project.DatabaseService, "backups" });
            var stdout = new List<string>();
            var run = _project.Compose.Run(spec, output ?? NullOutput.Instance, cancellationToken, line => CollectStdout(stdout, line));
            if (!run.Succeeded)
            {
                throw BackupFailed("backups", run, stdout);
            }

            return MaintenanceOutput.ReadListing(stdout)
                .Select(file => new KxDatabaseBackup(_project.Name, _project.Environment, _project.DatabaseService, file.File, BackupFolder + "/" + file.File,
                    MaintenanceOutput.ReadTimestamp(file.File), file.Size))
                .ToList();
        }

        internal ProcessSpec BackupCommand()
        {
            _project.RequireService(_project.DatabaseService);
            return _project.Compose.Command(new[] { "exec", "-T", _project.DatabaseService, "backup" });
        }

        /// <summary>Takes the backup and returns it as the backups script lists it (with its size).</summary>
        internal KxDatabaseBackup RunBackup(ProcessSpec spec, IKxOutput output, CancellationToken cancellationToken)
        {
            var stdout = new List<string>();
            var run = _project.Compose.Run(spec, output, cancellationToken, line => CollectStdout(stdout, line));
            var created = CreatedBackup(run, stdout, output);
            return GetDatabaseBackups(output, cancellationToken).FirstOrDefault(backup => backup.FileName == created.FileName) ?? created;
        }

        /// <summary>
        /// The backup a run of the backup script reported (without its size, which only the backups script lists), or
        /// BackupFailed with the script's own error. Wherever the script ran: an exec, a Swarm job.
        /// </summary>
        internal KxDatabaseBackup CreatedBackup(ComposeRun run, IReadOnlyList<string> stdout, IKxOutput output)
        {
            var created = run.Succeeded ? MaintenanceOutput.ReadCreated(stdout) : null;
            if (created == null)
            {
                throw BackupFailed("backup", run, stdout);
            }

            var (file, folder) = created.Value;
            output.WriteVerbose($"Backed up the database of {_project.DatabaseService} to {folder}/{file}.");
            return new KxDatabaseBackup(_project.Name, _project.Environment, _project.DatabaseService, file, folder + "/" + file, MaintenanceOutput.ReadTimestamp(file), null);
        }

        internal static void CollectStdout(List<string> stdout, ProcessLine line)
        {
            if (line.Stream == ProcessStream.StandardOutput)
            {
                stdout.Add(line.Text);
            }
        }

        private KxException BackupFailed(string script, ComposeRun run, IReadOnlyList<string> stdout)
        {
            var reason = MaintenanceOutput.ReadError(stdout) ?? (run.Succeeded
                ? "it did not report a backup file."
                : ComposeRunner.FailureMessage("exec " + _project.DatabaseService + " " + script, run));
            var action = $"Start {_project.DatabaseService} (Invoke-KxBuild), check that its image has cookiecutter-django's maintenance scripts " +
                         "(compose/production/postgres/maintenance) and room in " + BackupFolder + ", then run it again" +
                         (script == "backup" ? "; -SkipBackup migrates without a backup." : ".");
            return new KxException(KxErrorIds.BackupFailed, KxErrorCategory.InvalidOperation, _project.DatabaseService,
                $"The {script} script of {_project.DatabaseService} failed: {reason.TrimEnd('.')}.", action);
        }
    }
}
