using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Django;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Status;

namespace Konnaxion.Ops
{
    public sealed partial class KxProject
    {
        /// <summary>
        /// The whole runbook in one operation: build and start the services and wait until they are healthy; against
        /// production, back the database up; apply the migrations in django's running container once its own start has
        /// finished migrating (recording them in the migration ledger); locally, look for model changes no migration
        /// holds and, with <paramref name="makeMigrations"/>, make and apply them; then verify that every service runs and
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
        /// <param name="makeMigrations">Locally, make the missing migrations and apply them; otherwise they are only reported.</param>
        /// <param name="skipBackup">Migrate production without a backup first.</param>
        /// <param name="waitTimeout">How long to wait for the services to be healthy; <see cref="DefaultWaitTimeout"/> when null.</param>
        /// <param name="lockTimeout">How long each migrate waits for the migration lock; <see cref="DefaultMigrationLockTimeout"/> when null.</param>
        public KxOperation<KxUpdateResult> Update(bool makeMigrations = false, bool skipBackup = false, TimeSpan? waitTimeout = null, TimeSpan? lockTimeout = null)
        {
            if (makeMigrations && Environment == KxEnvironment.Production)
            {
                throw MakeMigrationsRefusedInProduction();
            }

            RequireService(DjangoService);
            var build = Build(waitFor: KxWaitCondition.Healthy, waitTimeout: waitTimeout);
            var backup = Environment == KxEnvironment.Production && !skipBackup ? BackupCommand() : null;
            var timeout = lockTimeout ?? DefaultMigrationLockTimeout;
            var migrateCommand = MigrationLock.Command(MigrateCommand(null, null, plan: false, fake: false, check: false), timeout, MigrationLock.HolderName());
            var makeCommand = new[] { "makemigrations", "--noinput" };
            var describe = ExecDescriber();
            var migrate = describe(migrateCommand);

            var plan = new List<string> { $"{build.Action}: {build.CommandLines[0]}" };
            var commandLines = new List<string>(build.CommandLines);
            if (backup != null)
            {
                plan.Add($"Back up the database of {DatabaseService}: {backup}");
                commandLines.Add(backup.ToString());
            }
            else if (Environment == KxEnvironment.Production)
            {
                plan.Add("Back up the database: skipped (-SkipBackup)");
            }

            plan.Add($"Apply the migrations in {DjangoService}'s running container once its own start is past its migrate and the migration lock is taken, and record them in {MigrationLedger.RelativePath}: {migrate}");
            commandLines.Add(migrate);
            if (Environment == KxEnvironment.Local)
            {
                var check = describe(MissingMigrationsCommand);
                var make = describe(makeCommand);
                plan.Add($"Look for model changes no migration holds: in migrate's own output when it applies nothing, else {check}");
                commandLines.Add(check);
                plan.Add(makeMigrations
                    ? $"Make the missing migrations and apply them, if there are any: {make} ; {migrate}"
                    : "Report missing migrations without making them (-MakeMigrations makes them)");
                if (makeMigrations)
                {
                    commandLines.Add(make);
                    commandLines.Add(migrate);
                }
            }

            plan.Add("Verify that every service is running (Docker Engine API) and that no applied migration was edited since (the migration ledger)");
            return new KxOperation<KxUpdateResult>("Update: build, " + (backup != null ? "back up, " : string.Empty) + "migrate and verify", Target, commandLines,
                (output, cancellationToken) => new UpdateRun(this, Redactor.Wrap(output), cancellationToken, timeout).Run(build, backup, makeMigrations, migrateCommand, makeCommand),
                steps: plan);
        }

        /// <summary>One run of <see cref="Update"/>: the steps in order, each timed, the first failure ending it.</summary>
        private sealed class UpdateRun
        {
            private readonly KxProject _project;
            private readonly IKxOutput _output;
            private readonly CancellationToken _cancellationToken;
            private readonly TimeSpan _lockTimeout;
            private readonly List<KxUpdateStep> _steps = new List<KxUpdateStep>();
            private readonly List<KxMigrationStep> _applied = new List<KxMigrationStep>();
            private readonly List<KxMigrationFile> _made = new List<KxMigrationFile>();
            private readonly List<(string App, string Name)> _fullyMigrated = new List<(string, string)>();
            private KxDatabaseBackup? _backup;
            private IReadOnlyList<KxServiceStatus> _status = Array.Empty<KxServiceStatus>();
            private int _stepCount;

            /// <summary>The update's progress: one record per step, then a completed one however the update ends.</summary>
            private const int UpdateProgressActivityId = 0x4b55;

            private string ProgressActivity => $"Updating {_project.Name} ({_project.Environment})";

            public UpdateRun(KxProject project, IKxOutput output, CancellationToken cancellationToken, TimeSpan lockTimeout)
            {
                _project = project;
                _output = output;
                _cancellationToken = cancellationToken;
                _lockTimeout = lockTimeout;
            }

            public KxUpdateResult Run(KxOperation<KxBuildResult> build, Processes.ProcessSpec? backup, bool makeMigrations,
                IReadOnlyList<string> migrateCommand, IReadOnlyList<string> makeCommand)
            {
                var clock = Stopwatch.StartNew();
                var names = new List<string> { "Build" };
                if (_project.Environment == KxEnvironment.Production)
                {
                    names.Add("Backup");
                }

                names.Add("Migrate");
                if (_project.Environment == KxEnvironment.Local)
                {
                    names.Add("CheckModels");
                    names.Add("MakeMigrations");
                }

                names.Add("Verify");
                _stepCount = names.Count;
                KxException? error = null;
                try
                {
                    Step("Build", () => RunBuild(build));
                    if (_project.Environment == KxEnvironment.Production)
                    {
                        Step("Backup", () => backup == null ? Skipped("-SkipBackup: migrating without a backup") : RunBackup(backup));
                    }

                    MigrateOutputParser? migrated = null;
                    Step("Migrate", () => RunMigrate(migrateCommand, out migrated));
                    if (_project.Environment == KxEnvironment.Local)
                    {
                        var missing = new List<string>();
                        Step("CheckModels", () => CheckModels(migrated!, missing));
                        Step("MakeMigrations", () => missing.Count == 0 ? Skipped("No model changes to make migrations for")
                            : !makeMigrations ? Skipped($"Not asked to make migrations for {string.Join(", ", missing)} (-MakeMigrations)")
                            : MakeAndApply(makeCommand, migrateCommand));
                    }

                    Step("Verify", Verify);
                }
                catch (KxException ex)
                {
                    error = ex;
                    _steps.AddRange(names.Skip(_steps.Count).Select(name =>
                        new KxUpdateStep(name, KxUpdateStepOutcome.NotRun, TimeSpan.Zero, $"Not run: {_steps.Last().Name} failed.", Array.Empty<string>())));
                }
                finally
                {
                    _output.WriteProgress(new KxProgress(UpdateProgressActivityId, ProgressActivity, $"{_steps.Count(step => step.Outcome != KxUpdateStepOutcome.NotRun)} of {_stepCount} steps run", 100, completed: true));
                }

                return new KxUpdateResult(_project.Name, _project.Environment, _steps, clock.Elapsed, _applied, _made, _backup, _status, error);
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

            private (KxUpdateStepOutcome, string, IReadOnlyList<string>) RunBuild(KxOperation<KxBuildResult> build)
            {
                var result = build.Invoke(_output, _cancellationToken);
                if (!result.Success)
                {
                    throw new KxException(KxErrorIds.ComposeCommandFailed, KxErrorCategory.InvalidOperation, result,
                        result.FailureMessage ?? "compose up failed.", "Read compose's output above; fix the Dockerfile or compose file and run Invoke-KxUpdate again.");
                }

                _status = result.ServiceStatus;
                return (KxUpdateStepOutcome.Succeeded, $"Built and started {string.Join(", ", result.Services)}; all healthy or running.", build.CommandLines);
            }

            private (KxUpdateStepOutcome, string, IReadOnlyList<string>) RunBackup(Processes.ProcessSpec backup)
            {
                _backup = _project.RunBackup(backup, _output, _cancellationToken);
                return (KxUpdateStepOutcome.Succeeded, $"Backed up to {_backup.Path}" + (_backup.Size != null ? $" ({_backup.Size})." : "."), new[] { backup.ToString() });
            }

            private (KxUpdateStepOutcome, string, IReadOnlyList<string>) RunMigrate(IReadOnlyList<string> migrateCommand, out MigrateOutputParser parser)
            {
                var call = _project.PrepareManagePy(migrateCommand, Array.Empty<string>(), inRunningContainer: true);
                parser = _project.ApplyMigrations(call, _lockTimeout, target: null, fake: false, _output, _cancellationToken);
                var steps = parser.GetSteps();
                _applied.AddRange(steps);
                _fullyMigrated.AddRange(FullyMigrated(parser, MigrationSources.Find(_project.Directory)));
                return (KxUpdateStepOutcome.Succeeded, steps.Count == 0 ? "No migrations to apply." : $"Applied {string.Join(", ", steps)}.", new[] { call.CommandLine });
            }

            private (KxUpdateStepOutcome, string, IReadOnlyList<string>) CheckModels(MigrateOutputParser migrated, List<string> missing)
            {
                IReadOnlyList<string> commandLines = Array.Empty<string>();
                string source;
                if (migrated.GetSteps().Count == 0)
                {
                    missing.AddRange(migrated.AppsWithUnmigratedChanges);
                    source = "Django's migrate compared the models with the migrations";
                }
                else
                {
                    var call = _project.PrepareManagePy(MissingMigrationsCommand, Array.Empty<string>(), inRunningContainer: true);
                    commandLines = new[] { call.CommandLine };
                    missing.AddRange(_project.FindMissingMigrations(call, _output, _cancellationToken).Select(file => file.App).Distinct());
                    source = "makemigrations --check --dry-run";
                }

                return missing.Count == 0
                    ? (KxUpdateStepOutcome.Succeeded, $"Every model change has a migration ({source}).", commandLines)
                    : (KxUpdateStepOutcome.Warning, $"The models of {string.Join(", ", missing)} have changes no migration holds ({source}): " +
                                                    "Invoke-KxUpdate -MakeMigrations or New-KxMigration makes them.", commandLines);
            }

            private (KxUpdateStepOutcome, string, IReadOnlyList<string>) MakeAndApply(IReadOnlyList<string> makeCommand, IReadOnlyList<string> migrateCommand)
            {
                var make = _project.MakeMigrations(makeCommand, dryRun: false, inRunningContainer: true);
                var files = make.Invoke(_output, _cancellationToken);
                _made.AddRange(files);
                var (_, applied, migrateLines) = RunMigrate(migrateCommand, out _);
                return (KxUpdateStepOutcome.Succeeded, $"Made {string.Join(", ", files.Select(file => file.Path ?? file.ContainerPath))}. {applied}",
                    make.CommandLines.Concat(migrateLines).ToList());
            }

            private (KxUpdateStepOutcome, string, IReadOnlyList<string>) Verify()
            {
                _status = _project.GetServiceStatus(null, includeOneOff: false, _cancellationToken);
                var down = _status.Where(status => ServiceReadiness.Judge(status, KxWaitCondition.Healthy) != Readiness.Ready).ToList();
                if (down.Count > 0)
                {
                    const string action = "Read their logs (docker compose logs SERVICE), fix the cause and run Invoke-KxUpdate again.";
                    throw new KxException(KxErrorIds.UpdateFailed, KxErrorCategory.ResourceUnavailable, down.Select(status => status.Service).ToArray(),
                        $"After the update, not every service is up: {string.Join(", ", down.Select(ServiceReadiness.Describe))}. {action}", action);
                }

                var drift = _project.FindDrift(_fullyMigrated, MigrationSources.Find(_project.Directory), MigrationLedger.Load(_project.Directory));
                return drift.Count == 0
                    ? (KxUpdateStepOutcome.Succeeded, $"{_status.Count} services up; no applied migration edited since it was applied.", Array.Empty<string>())
                    : (KxUpdateStepOutcome.Warning, string.Join(" ", drift.Select(finding => finding.Message + " " + finding.Fix)), Array.Empty<string>());
            }

            private static (KxUpdateStepOutcome, string, IReadOnlyList<string>) Skipped(string why) =>
                (KxUpdateStepOutcome.Skipped, why, Array.Empty<string>());
        }
    }
}
