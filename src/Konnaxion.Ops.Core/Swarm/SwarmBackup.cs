using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Backups;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Project;

namespace Konnaxion.Ops.Swarm
{
    /// <summary>
    /// A backup on Swarm. The postgres service's backups volume is local to the node its task runs on, and an exec only
    /// reaches containers of the engine called, so the backup is a one-shot job placed on that node, from the image the
    /// service runs, with that volume at /backups, running cookiecutter-django's `backup` maintenance script against
    /// the service over the stack's network (POSTGRES_HOST and the rest from the service's env files).
    /// </summary>
    internal sealed class SwarmBackup
    {
        /// <summary>Where cookiecutter-django's maintenance scripts keep backups (BACKUP_DIR_PATH).</summary>
        private const string BackupFolder = "/backups";

        private readonly ProjectContext _project;
        private readonly DatabaseBackups _backups;

        public SwarmBackup(ProjectContext project, DatabaseBackups backups)
        {
            _project = project;
            _backups = backups;
        }

        /// <summary>The Swarm service of the database: STACK_postgres.</summary>
        private string ServiceName => _project.Name + "_" + _project.DatabaseService;

        /// <summary>What the backup does, for the plan: the job is made when it runs, from what the service runs then.</summary>
        public string Describe() =>
            $"POST /services/create (Swarm job kx-{_project.Name}-backup-*: replicated-job from {ServiceName}'s image on {ProjectJob.DefaultNetwork(_project.Name)}, " +
            $"on the node of its running task with its volume at {BackupFolder}, env from {_project.DatabaseService}'s env files): backup";

        /// <summary>Takes the backup; BackupFailed when the service has no running task or no volume at /backups, or the script fails.</summary>
        public KxDatabaseBackup Backup(IKxOutput output, CancellationToken cancellationToken)
        {
            var postgres = _project.RequireService(_project.DatabaseService);
            var engine = _project.GetSwarmEngine();
            var service = engine.InspectService(ServiceName, cancellationToken);
            var task = engine.ListTasks(service.Id, null, "running", cancellationToken).FirstOrDefault(candidate => candidate.State == "running" && candidate.NodeId != null)
                ?? throw Unavailable($"{ServiceName} has no running task to back up", "Deploy the stack and wait for it (docker service ps " + ServiceName + "), then run again.");
            var volume = service.Mounts.FirstOrDefault(mount => mount.Type == EngineMount.VolumeType && mount.Target == BackupFolder)
                ?? throw Unavailable($"{ServiceName} has no volume mounted at {BackupFolder}, where the backup script writes",
                    $"Mount a named volume at {BackupFolder} in the {_project.DatabaseService} service (cookiecutter-django's production_postgres_data_backups), deploy, then run again.");

            var spec = ProjectJob.Spec(_project, "backup", service.Image, new[] { "backup" });
            spec.Constraints = new[] { "node.id==" + task.NodeId };
            spec.Mounts = new[] { new EngineMount(EngineMount.VolumeType, volume.Source, BackupFolder) };
            var description = ProjectJob.Describe(_project, spec, postgres, $"on node {task.NodeId} with {volume.Source} at {BackupFolder}");
            var stdout = new List<string>();
            var run = ProjectJob.Run(_project, spec, postgres, description, output, cancellationToken, line => DatabaseBackups.CollectStdout(stdout, line));
            return _backups.CreatedBackup(run, stdout, output);
        }

        private KxException Unavailable(string what, string action) =>
            new KxException(KxErrorIds.BackupFailed, KxErrorCategory.ResourceUnavailable, ServiceName, $"Cannot back up on Swarm: {what}. {action}", action);
    }
}
