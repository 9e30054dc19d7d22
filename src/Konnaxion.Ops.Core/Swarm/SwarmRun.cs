using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Django;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Project;

namespace Konnaxion.Ops.Swarm
{
    /// <summary>One run of a Swarm deploy's steps: what they found and did, for the next steps and the result.</summary>
    internal sealed class SwarmRun
    {
        private readonly ProjectContext _project;
        private readonly ISwarmEngine _engine;
        private readonly List<KxMigrationStep> _applied = new List<KxMigrationStep>();
        private readonly List<(string App, string Name)> _fullyMigrated = new List<(string, string)>();
        private bool? _stackExisted;

        public SwarmRun(ProjectContext project, ISwarmEngine engine, IKxOutput output, CancellationToken cancellationToken)
        {
            _project = project;
            _engine = engine;
            Output = output;
            CancellationToken = cancellationToken;
        }

        public IKxOutput Output { get; }

        public CancellationToken CancellationToken { get; }

        public IReadOnlyList<KxMigrationStep> Applied => _applied;

        public KxDatabaseBackup? Backup { get; private set; }

        public IReadOnlyList<KxSwarmServiceStatus> Status { get; private set; } = Array.Empty<KxSwarmServiceStatus>();

        /// <summary>Whether the stack had services when the run first looked, before it deployed anything.</summary>
        private bool StackExisted => _stackExisted ??= SwarmStatus.Get(_engine, _project.Name, CancellationToken).Count > 0;

        public (KxUpdateStepOutcome, string, IReadOnlyList<string>) RunAll(string done, IReadOnlyList<ProcessSpec> commands, SwarmDeploy deploy)
        {
            _ = StackExisted;
            foreach (var command in commands)
            {
                deploy.RunChild(command, Output, CancellationToken);
            }

            return (KxUpdateStepOutcome.Succeeded, done, commands.Select(command => command.ToString()).ToList());
        }

        public (KxUpdateStepOutcome, string, IReadOnlyList<string>) BackUp(SwarmBackup backup)
        {
            if (!StackExisted)
            {
                return Skipped($"Swarm stack {_project.Name} does not exist yet: no database to back up");
            }

            Backup = backup.Backup(Output, CancellationToken);
            return (KxUpdateStepOutcome.Succeeded, $"Backed up to {Backup.Path}" + (Backup.Size != null ? $" ({Backup.Size})." : "."), new[] { backup.Describe() });
        }

        public (KxUpdateStepOutcome, string, IReadOnlyList<string>) DeployDataServices(SwarmDeploy deploy, ProcessSpec command, IReadOnlyList<string> services, TimeSpan timeout)
        {
            if (StackExisted)
            {
                return Skipped($"Swarm stack {_project.Name} exists: its data services run already");
            }

            deploy.RunChild(command, Output, CancellationToken);
            Status = SwarmConvergence.Wait(_engine, _project.Name, timeout, _project.Redactor, Output, CancellationToken);
            return (KxUpdateStepOutcome.Succeeded, $"First deploy: started {string.Join(", ", services)} and they converged.", new[] { command.ToString() });
        }

        public (KxUpdateStepOutcome, string, IReadOnlyList<string>) Migrate(ProjectMigrations migrations, ManagePyCall call, TimeSpan lockTimeout)
        {
            var parser = migrations.ApplyMigrations(call, lockTimeout, target: null, fake: false, Output, CancellationToken, waitForStartup: false);
            var steps = parser.GetSteps();
            _applied.AddRange(steps);
            _fullyMigrated.AddRange(ProjectMigrations.FullyMigrated(parser, MigrationSources.Find(_project.Directory)));
            return (KxUpdateStepOutcome.Succeeded, steps.Count == 0 ? "No migrations to apply." : $"Applied {string.Join(", ", steps)}.", new[] { call.CommandLine });
        }

        public (KxUpdateStepOutcome, string, IReadOnlyList<string>) Converge(TimeSpan timeout)
        {
            Status = SwarmConvergence.Wait(_engine, _project.Name, timeout, _project.Redactor, Output, CancellationToken);
            return (KxUpdateStepOutcome.Succeeded, $"Converged: {string.Join(", ", Status)}.", Array.Empty<string>());
        }

        public (KxUpdateStepOutcome, string, IReadOnlyList<string>) Verify(ProjectMigrations migrations)
        {
            Status = SwarmStatus.Get(_engine, _project.Name, CancellationToken);
            var down = Status.Where(service => !service.Converged).ToList();
            var missing = _project.ComposeFile.Services.Select(service => service.Name).Where(name => Status.All(status => status.Service != name)).ToList();
            if (down.Count > 0 || missing.Count > 0)
            {
                const string action = "Read their tasks and logs (docker service ps --no-trunc SERVICE, docker service logs SERVICE), fix the cause and run Invoke-KxUpdate again.";
                throw new KxException(KxErrorIds.UpdateFailed, KxErrorCategory.ResourceUnavailable, down.Select(status => status.Service).Concat(missing).ToArray(),
                    $"After the update, not every service of Swarm stack {_project.Name} runs: " +
                    string.Join(", ", down.Select(status => status + (status.LastError != null ? $" ({status.LastError})" : string.Empty)).Concat(missing.Select(name => name + " (no service)"))) +
                    ". " + action, action);
            }

            var drift = migrations.FindDrift(_fullyMigrated, MigrationSources.Find(_project.Directory), MigrationLedger.Load(_project.Directory));
            return drift.Count == 0
                ? (KxUpdateStepOutcome.Succeeded, $"{Status.Count} services converged; no applied migration edited since it was applied.", Array.Empty<string>())
                : (KxUpdateStepOutcome.Warning, string.Join(" ", drift.Select(finding => finding.Message + " " + finding.Fix)), Array.Empty<string>());
        }

        public static (KxUpdateStepOutcome, string, IReadOnlyList<string>) Skipped(string why) =>
            (KxUpdateStepOutcome.Skipped, why, Array.Empty<string>());
    }
}
