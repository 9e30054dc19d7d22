using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Postgres;
using Konnaxion.Ops.Processes;

namespace Konnaxion.Ops
{
    public sealed partial class KxProject
    {
        /// <summary>Where cookiecutter-django's maintenance scripts keep backups (BACKUP_DIR_PATH).</summary>
        private const string BackupFolder = "/backups";

        /// <summary>The PostgreSQL service whose maintenance scripts take and list backups.</summary>
        public string DatabaseService => _options.DatabaseService;

        /// <summary>
        /// `exec -T postgres backup`: cookiecutter-django's maintenance script dumps the database (pg_dump | gzip) into
        /// the service's /backups folder. The service must be running.
        /// </summary>
        public KxOperation<KxDatabaseBackup> BackupDatabase()
        {
            var spec = BackupCommand();
            return Operation($"Back up the database of {DatabaseService}", new[] { spec.ToString() },
                (output, cancellationToken) => RunBackup(spec, output, cancellationToken));
        }

        /// <summary>`exec -T postgres backups`: the backup files of the service's /backups folder, newest first.</summary>
        public IReadOnlyList<KxDatabaseBackup> GetDatabaseBackups(IKxOutput? output = null, CancellationToken cancellationToken = default)
        {
            RequireService(DatabaseService);
            var spec = ComposeCommand(new[] { "exec", "-T", DatabaseService, "backups" });
            var stdout = new List<string>();
            var run = RunCompose(spec, output ?? NullOutput.Instance, cancellationToken, line => CollectStdout(stdout, line));
            if (!run.Succeeded)
            {
                throw BackupFailed("backups", run, stdout);
            }

            return MaintenanceOutput.ReadListing(stdout)
                .Select(file => new KxDatabaseBackup(Name, Environment, DatabaseService, file.File, BackupFolder + "/" + file.File,
                    MaintenanceOutput.ReadTimestamp(file.File), file.Size))
                .ToList();
        }

        private ProcessSpec BackupCommand()
        {
            RequireService(DatabaseService);
            return ComposeCommand(new[] { "exec", "-T", DatabaseService, "backup" });
        }

        /// <summary>Takes the backup and returns it as the backups script lists it (with its size).</summary>
        private KxDatabaseBackup RunBackup(ProcessSpec spec, IKxOutput output, CancellationToken cancellationToken)
        {
            var stdout = new List<string>();
            var run = RunCompose(spec, output, cancellationToken, line => CollectStdout(stdout, line));
            var created = run.Succeeded ? MaintenanceOutput.ReadCreated(stdout) : null;
            if (created == null)
            {
                throw BackupFailed("backup", run, stdout);
            }

            var (file, folder) = created.Value;
            output.WriteVerbose($"Backed up the database of {DatabaseService} to {folder}/{file}.");
            return GetDatabaseBackups(output, cancellationToken).FirstOrDefault(backup => backup.FileName == file)
                ?? new KxDatabaseBackup(Name, Environment, DatabaseService, file, folder + "/" + file, MaintenanceOutput.ReadTimestamp(file), null);
        }

        private static void CollectStdout(List<string> stdout, ProcessLine line)
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
                : ComposeFailureMessage("exec " + DatabaseService + " " + script, run));
            var action = $"Start {DatabaseService} (Invoke-KxBuild), check that its image has cookiecutter-django's maintenance scripts " +
                         "(compose/production/postgres/maintenance) and room in " + BackupFolder + ", then run it again" +
                         (script == "backup" ? "; -SkipBackup migrates without a backup." : ".");
            return new KxException(KxErrorIds.BackupFailed, KxErrorCategory.InvalidOperation, DatabaseService,
                $"The {script} script of {DatabaseService} failed: {reason.TrimEnd('.')}.", action);
        }
    }
}
