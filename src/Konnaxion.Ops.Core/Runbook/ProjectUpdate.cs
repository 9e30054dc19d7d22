using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Backups;
using Konnaxion.Ops.Django;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Project;
using Konnaxion.Ops.Stack;
using Konnaxion.Ops.Status;
using Konnaxion.Ops.Swarm;

namespace Konnaxion.Ops.Runbook
{
    /// <summary>The whole runbook in one operation: build, back up, migrate, look for model changes, verify.</summary>
    internal sealed class ProjectUpdate
    {
        private readonly ProjectContext _project;
        private readonly ServiceStack _stack;
        private readonly ManagePyRunner _managePy;
        private readonly DatabaseBackups _backups;
        private readonly ProjectMigrations _migrations;
        private readonly SwarmDeploy _swarm;

        public ProjectUpdate(ProjectContext project, ServiceStack stack, ManagePyRunner managePy, DatabaseBackups backups, ProjectMigrations migrations, SwarmDeploy swarm)
        {
            _swarm = swarm;
            _project = project;
            _stack = stack;
            _managePy = managePy;
            _backups = backups;
            _migrations = migrations;
        }

        /// <summary>
        /// The whole runbook in one operation: build and start the services and wait until they are healthy; against
        /// production, back the database up; apply the migrations in django's running container once its own start has
        /// finished migrating (recording them in the migration ledger); locally, look for model changes no migration
        /// holds and, with <see cref="KxUpdateOptions.MakeMigrations"/>, make and apply them; then verify that every service runs and
        /// no applied migration was edited since. manage.py runs in the running container, which the first step has just
        /// started, through the image's entrypoint: no one-off container to create for each command.
        /// <para>
        /// Locally the model check usually costs nothing: when migrate has nothing to apply Django itself compares the
        /// models with the migrations and says which apps have changes, so `makemigrations --check --dry-run` runs only
        /// after a migrate that applied something.
        /// </para>
        /// Each step's outcome and duration are in the result; a failed step stops the update and is in the result too,
        /// with <see cref="KxUpdateResult.Error"/>. <see cref="KxOperation{T}.Steps"/> lists the plan for -WhatIf.
        /// </summary>
        public KxOperation<KxUpdateResult> Update(KxUpdateOptions? options = null)
        {
            options ??= new KxUpdateOptions();
            var (makeMigrations, skipBackup, waitTimeout, lockTimeout) = (options.MakeMigrations, options.SkipBackup, options.WaitTimeout, options.LockTimeout);
            if (makeMigrations)
            {
                _project.Policy.RequireMakeMigrations(_migrations.MakeMigrationsRefusedInProduction);
            }

            _project.RequireService(_project.DjangoService);
            var timeout = lockTimeout ?? KxProject.DefaultMigrationLockTimeout;
            if (_project.Orchestrator == KxOrchestrator.Swarm)
            {
                return SwarmUpdate(skipBackup, waitTimeout, timeout);
            }

            var build = _stack.Build(waitFor: KxWaitCondition.Healthy, waitTimeout: waitTimeout);
            var backup = _project.Policy.BacksUpBeforeMigrating(skipBackup) ? _backups.BackupCommand() : null;
            var migrateCommand = MigrationLock.Command(ProjectMigrations.MigrateCommand(null, null, plan: false, fake: false, check: false), timeout, MigrationLock.HolderName());
            var makeCommand = new[] { "makemigrations", "--noinput" };
            var describe = _managePy.ExecDescriber();
            var migrate = describe(migrateCommand);

            // The plan -WhatIf prints and the run are this one list: each step's words, its command lines and its body.
            var steps = new List<RunbookStep<UpdateRun>> { new RunbookStep<UpdateRun>("Build", $"{build.Action}: {build.CommandLines[0]}", build.CommandLines, run => run.RunBuild(build)) };
            if (_project.Policy.HasBackupStep)
            {
                steps.Add(backup != null
                    ? new RunbookStep<UpdateRun>("Backup", $"Back up the database of {_project.DatabaseService}: {backup}", new[] { backup.ToString() }, run => run.RunBackup(backup))
                    : new RunbookStep<UpdateRun>("Backup", "Back up the database: skipped (-SkipBackup)", Array.Empty<string>(), _ => UpdateRun.Skipped("-SkipBackup: migrating without a backup")));
            }

            steps.Add(new RunbookStep<UpdateRun>("Migrate",
                $"Apply the migrations in {_project.DjangoService}'s running container once its own start is past its migrate and the migration lock is taken, and record them in {MigrationLedger.RelativePath} " +
                $"(started before the build when {_project.DjangoService} runs then, and held, Django set up, until the build has left that container as it was): {migrate}",
                new[] { migrate }, run => run.RunMigrate(migrateCommand)));
            if (_project.Policy.MakesMigrations)
            {
                var check = describe(ProjectMigrations.MissingMigrationsCommand);
                var make = describe(makeCommand);
                steps.Add(new RunbookStep<UpdateRun>("CheckModels", $"Look for model changes no migration holds: in migrate's own output when it applies nothing, else {check}",
                    new[] { check }, run => run.CheckModels()));
                steps.Add(makeMigrations
                    ? new RunbookStep<UpdateRun>("MakeMigrations", $"Make the missing migrations and apply them, if there are any: {make} ; {migrate}", new[] { make, migrate },
                        run => run.MakeAndApply(makeCommand, migrateCommand))
                    : new RunbookStep<UpdateRun>("MakeMigrations", "Report missing migrations without making them (-MakeMigrations makes them)", Array.Empty<string>(),
                        run => run.ReportMissing()));
            }

            steps.Add(new RunbookStep<UpdateRun>("Verify",
                "Verify that every service is running (Docker Engine API) and that no applied migration was edited since (the migration ledger)",
                Array.Empty<string>(), run => run.Verify()));
            return _project.Operation("Update: build, " + (backup != null ? "back up, " : string.Empty) + "migrate and verify",
                steps.SelectMany(step => step.CommandLines).ToList(),
                (output, cancellationToken) => new UpdateRun(this, output, cancellationToken, timeout).Run(steps, heldMigrate: migrateCommand),
                steps: steps.Select(step => step.Description).ToList());
        }

        /// <summary>
        /// The update on Swarm: build, tag and push, back up (as a job on postgres's node), on a first deploy start the data
        /// services alone, migrate once as a job from the new django image, deploy, wait until converged, verify. The
        /// steps are <see cref="SwarmDeploy"/>'s, run and recorded as every update step is.
        /// </summary>
        private KxOperation<KxUpdateResult> SwarmUpdate(bool skipBackup, TimeSpan? waitTimeout, TimeSpan lockTimeout)
        {
            var backUp = _project.Policy.BacksUpBeforeMigrating(skipBackup);
            var steps = _swarm.Steps(update: true, backUp, waitTimeout ?? KxProject.DefaultWaitTimeout, lockTimeout)
                .Select(step => new RunbookStep<UpdateRun>(step.Name, step.Description, step.CommandLines, run => run.RunSwarm(step))).ToList();
            return _project.Operation($"Update on Swarm stack {_project.Name}: build, tag :{_swarm.Tag}, " + (backUp ? "back up, " : string.Empty) + "migrate, deploy and verify",
                steps.SelectMany(step => step.CommandLines).ToList(),
                (output, cancellationToken) => new UpdateRun(this, output, cancellationToken, lockTimeout).Run(steps),
                steps: steps.Select(step => step.Description).ToList());
        }

        /// <summary>One run of <see cref="Update"/>: the steps in order, each timed, the first failure ending it.</summary>
        private sealed class UpdateRun
        {
            private readonly ProjectUpdate _update;
            private readonly IKxOutput _output;
            private readonly CancellationToken _cancellationToken;
            private readonly TimeSpan _lockTimeout;
            private readonly List<KxUpdateStep> _steps = new List<KxUpdateStep>();
            private readonly List<KxMigrationStep> _applied = new List<KxMigrationStep>();
            private readonly List<KxMigrationFile> _made = new List<KxMigrationFile>();
            private readonly List<(string App, string Name)> _fullyMigrated = new List<(string, string)>();
            private readonly List<string> _missing = new List<string>();
            private MigrateOutputParser? _migrated;
            private KxDatabaseBackup? _backup;
            private IReadOnlyList<KxServiceStatus> _status = Array.Empty<KxServiceStatus>();
            private SwarmRun? _swarm;
            private HeldManagePy? _heldMigrate;
            private int _stepCount;

            /// <summary>The update's progress: one record per step, then a completed one however the update ends.</summary>
            private const int UpdateProgressActivityId = 0x4b55;

            private string ProgressActivity => $"Updating {_update._project.Name} ({_update._project.Environment})";

            public UpdateRun(ProjectUpdate update, IKxOutput output, CancellationToken cancellationToken, TimeSpan lockTimeout)
            {
                _update = update;
                _output = output;
                _cancellationToken = cancellationToken;
                _lockTimeout = lockTimeout;
            }

            /// <param name="steps">The plan.</param>
            /// <param name="heldMigrate">The Migrate step's command, started held before the first step (<see cref="StartHeldMigrate"/>); null for none.</param>
            public KxUpdateResult Run(IReadOnlyList<RunbookStep<UpdateRun>> steps, IReadOnlyList<string>? heldMigrate = null)
            {
                var clock = Stopwatch.StartNew();
                _stepCount = steps.Count;
                KxException? error = null;
                try
                {
                    _heldMigrate = heldMigrate == null ? null : StartHeldMigrate(heldMigrate);
                    foreach (var step in steps)
                    {
                        Step(step.Name, () => step.Run(this));
                    }
                }
                catch (KxException ex)
                {
                    error = ex;
                    _steps.AddRange(steps.Skip(_steps.Count).Select(step =>
                        new KxUpdateStep(step.Name, KxUpdateStepOutcome.NotRun, TimeSpan.Zero, $"Not run: {_steps.Last().Name} failed.", Array.Empty<string>())));
                }
                finally
                {
                    _heldMigrate?.Dispose();
                    _output.WriteProgress(new KxProgress(UpdateProgressActivityId, ProgressActivity, $"{_steps.Count(step => step.Outcome != KxUpdateStepOutcome.NotRun)} of {_stepCount} steps run", 100, completed: true));
                }

                if (_swarm != null)
                {
                    _applied.AddRange(_swarm.Applied);
                    _backup = _swarm.Backup;
                }

                return new KxUpdateResult(_update._project.Name, _update._project.Environment, _steps, clock.Elapsed, _applied, _made, _backup, _status, error)
                {
                    SwarmServiceStatus = _swarm?.Status ?? Array.Empty<KxSwarmServiceStatus>(),
                };
            }

            /// <summary>Runs one step and records it; a KxException records it as failed and ends the update.</summary>
            private void Step(string name, Func<(KxUpdateStepOutcome Outcome, string Detail, IReadOnlyList<string> CommandLines)> body)
            {
                var clock = Stopwatch.StartNew();
                _output.WriteVerbose($"Update step {name}.");
                _output.WriteProgress(new KxProgress(UpdateProgressActivityId, ProgressActivity, $"Step {_steps.Count + 1} of {_stepCount}: {name}", _steps.Count * 100 / _stepCount));
                try
                {
                    var (outcome, detail, commandLines) = body();
                    _steps.Add(new KxUpdateStep(name, outcome, clock.Elapsed, detail, commandLines));
                    if (outcome == KxUpdateStepOutcome.Warning)
                    {
                        _output.WriteWarning(detail);
                    }
                }
                catch (KxException ex)
                {
                    _steps.Add(new KxUpdateStep(name, KxUpdateStepOutcome.Failed, clock.Elapsed, ex.Message, Array.Empty<string>()));
                    throw;
                }
            }

            /// <summary>A Swarm step, in the one run of Swarm steps this update makes once the engine is known to be a manager.</summary>
            public (KxUpdateStepOutcome, string, IReadOnlyList<string>) RunSwarm(RunbookStep<SwarmRun> step) =>
                step.Run(_swarm ??= _update._swarm.Start(_output, _cancellationToken));

            public (KxUpdateStepOutcome, string, IReadOnlyList<string>) RunBuild(KxOperation<KxBuildResult> build)
            {
                var result = build.Invoke(_output, _cancellationToken);
                if (!result.Success)
                {
                    throw ServiceStack.BuildFailedError(result, "Invoke-KxUpdate");
                }

                _status = result.ServiceStatus;
                return (KxUpdateStepOutcome.Succeeded, $"Built and started {string.Join(", ", result.Services)}; all healthy or running.", build.CommandLines);
            }

            public (KxUpdateStepOutcome, string, IReadOnlyList<string>) RunBackup(Processes.ProcessSpec backup)
            {
                _backup = _update._backups.RunBackup(backup, _output, _cancellationToken);
                return (KxUpdateStepOutcome.Succeeded, $"Backed up to {_backup.Path}" + (_backup.Size != null ? $" ({_backup.Size})." : "."), new[] { backup.ToString() });
            }

            /// <summary>
            /// Starts the migrate in django's running container before the build, so that Django's own start (some 300 ms of
            /// imports and setup) runs while compose builds; it waits at the migration lock script's hold until
            /// <see cref="RunMigrate"/> releases it, touching nothing before. None when django is not running yet, or when
            /// the engine cannot be asked (the build step then says why).
            /// </summary>
            private HeldManagePy? StartHeldMigrate(IReadOnlyList<string> migrateCommand)
            {
                try
                {
                    var held = _update._managePy.StartHeld(migrateCommand, _cancellationToken);
                    if (held != null)
                    {
                        _output.WriteVerbose($"Started {held.Description}.");
                    }

                    return held;
                }
                catch (KxException ex)
                {
                    _output.WriteVerbose($"Could not start the migrate before the build ({ex.Message}): it starts after it.");
                    return null;
                }
            }

            /// <summary>Applies the migrations; the first run's output is what <see cref="CheckModels"/> reads, and the first run releases the held migrate.</summary>
            public (KxUpdateStepOutcome, string, IReadOnlyList<string>) RunMigrate(IReadOnlyList<string> migrateCommand)
            {
                var held = _heldMigrate;
                _heldMigrate = null;
                using var disposeHeld = held;
                var call = _update._managePy.PrepareManagePy(migrateCommand, Array.Empty<string>(), inRunningContainer: true, held: held);
                if (held?.Ended == true)
                {
                    _output.WriteVerbose($"The build restarted or replaced {_update._project.DjangoService}'s container: the migrate started before it was ended unused, and migrate starts anew.");
                }

                var parser = _update._migrations.ApplyMigrations(call, _lockTimeout, target: null, fake: false, _output, _cancellationToken);
                _migrated ??= parser;
                var steps = parser.GetSteps();
                _applied.AddRange(steps);
                _fullyMigrated.AddRange(ProjectMigrations.FullyMigrated(parser, MigrationSources.Find(_update._project.Directory)));
                return (KxUpdateStepOutcome.Succeeded, steps.Count == 0 ? "No migrations to apply." : $"Applied {string.Join(", ", steps)}.", new[] { call.CommandLine });
            }

            public (KxUpdateStepOutcome, string, IReadOnlyList<string>) CheckModels()
            {
                var migrated = _migrated!;
                var missing = _missing;
                IReadOnlyList<string> commandLines = Array.Empty<string>();
                string source;
                if (migrated.GetSteps().Count == 0)
                {
                    missing.AddRange(migrated.AppsWithUnmigratedChanges);
                    source = "Django's migrate compared the models with the migrations";
                }
                else
                {
                    var call = _update._managePy.PrepareManagePy(ProjectMigrations.MissingMigrationsCommand, Array.Empty<string>(), inRunningContainer: true);
                    commandLines = new[] { call.CommandLine };
                    missing.AddRange(_update._migrations.FindMissingMigrations(call, _output, _cancellationToken).Select(file => file.App).Distinct());
                    source = "makemigrations --check --dry-run";
                }

                return missing.Count == 0
                    ? (KxUpdateStepOutcome.Succeeded, $"Every model change has a migration ({source}).", commandLines)
                    : (KxUpdateStepOutcome.Warning, $"The models of {string.Join(", ", missing)} have changes no migration holds ({source}): " +
                                                    "Invoke-KxUpdate -MakeMigrations or New-KxMigration makes them.", commandLines);
            }

            /// <summary>Without -MakeMigrations: what CheckModels found stays a warning there.</summary>
            public (KxUpdateStepOutcome, string, IReadOnlyList<string>) ReportMissing() =>
                _missing.Count == 0 ? Skipped("No model changes to make migrations for")
                    : Skipped($"Not asked to make migrations for {string.Join(", ", _missing)} (-MakeMigrations)");

            public (KxUpdateStepOutcome, string, IReadOnlyList<string>) MakeAndApply(IReadOnlyList<string> makeCommand, IReadOnlyList<string> migrateCommand)
            {
                if (_missing.Count == 0)
                {
                    return Skipped("No model changes to make migrations for");
                }

                var make = _update._migrations.MakeMigrations(makeCommand, dryRun: false, inRunningContainer: true);
                var files = make.Invoke(_output, _cancellationToken);
                _made.AddRange(files);
                var (_, applied, migrateLines) = RunMigrate(migrateCommand);
                return (KxUpdateStepOutcome.Succeeded, $"Made {string.Join(", ", files.Select(file => file.Path ?? file.ContainerPath))}. {applied}",
                    make.CommandLines.Concat(migrateLines).ToList());
            }

            public (KxUpdateStepOutcome, string, IReadOnlyList<string>) Verify()
            {
                _status = _update._stack.GetServiceStatus(null, includeOneOff: false, _cancellationToken);
                var down = _status.Where(status => ServiceReadiness.Judge(status, KxWaitCondition.Healthy) != Readiness.Ready).ToList();
                if (down.Count > 0)
                {
                    const string action = "Read their logs (docker compose logs SERVICE), fix the cause and run Invoke-KxUpdate again.";
                    throw new KxException(KxErrorIds.UpdateFailed, KxErrorCategory.ResourceUnavailable, down.Select(status => status.Service).ToArray(),
                        $"After the update, not every service is up: {string.Join(", ", down.Select(ServiceReadiness.Describe))}. {action}", action);
                }

                var drift = _update._migrations.FindDrift(_fullyMigrated, MigrationSources.Find(_update._project.Directory), MigrationLedger.Load(_update._project.Directory));
                return drift.Count == 0
                    ? (KxUpdateStepOutcome.Succeeded, $"{_status.Count} services up; no applied migration edited since it was applied.", Array.Empty<string>())
                    : (KxUpdateStepOutcome.Warning, string.Join(" ", drift.Select(finding => finding.Message + " " + finding.Fix)), Array.Empty<string>());
            }

            public static (KxUpdateStepOutcome, string, IReadOnlyList<string>) Skipped(string why) =>
                (KxUpdateStepOutcome.Skipped, why, Array.Empty<string>());
        }
    }
}
