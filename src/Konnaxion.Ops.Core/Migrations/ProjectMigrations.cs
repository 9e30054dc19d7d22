using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Backups;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Django;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Project;
using Konnaxion.Ops.Stack;
using Konnaxion.Ops.Status;

namespace Konnaxion.Ops.Migrations
{
    /// <summary>Migrations: make, plan, apply (under the migration lock, backed up first where the policy says), the ledger and drift.</summary>
    internal sealed class ProjectMigrations
    {
        private readonly ProjectContext _project;
        private readonly ManagePyRunner _managePy;
        private readonly ServiceStack _stack;
        private readonly DatabaseBackups _backups;

        public ProjectMigrations(ProjectContext project, ManagePyRunner managePy, ServiceStack stack, DatabaseBackups backups)
        {
            _project = project;
            _managePy = managePy;
            _stack = stack;
            _backups = backups;
        }

        /// <summary>The target that unapplies every migration of an app.</summary>
        private const string ZeroTarget = "zero";

        /// <summary>migrate --check exits with 1 when something is unapplied.</summary>
        private const int UnappliedExitCode = 1;

        /// <summary>makemigrations --check exits with 1 when the models have changes no migration holds.</summary>
        private const int ChangesFoundExitCode = 1;

        /// <summary>
        /// `migrate`: applies migrations, or unapplies them back to <see cref="KxMigrateOptions.Target"/>; in
        /// <see cref="KxMigrateMode.Plan"/> or <see cref="KxMigrateMode.Check"/> mode it only lists what would run.
        /// Applying first waits while the django service's own start is migrating, takes the migration lock (see
        /// <see cref="MigrationLock"/>), records each migration it applies in the project's migration ledger (and each
        /// one it unapplies out of it), and against production first backs the database up through the postgres
        /// service's maintenance scripts unless <see cref="KxMigrateOptions.SkipBackup"/>.
        /// </summary>
        public KxOperation<IReadOnlyList<KxMigrationStep>> Migrate(KxMigrateOptions? options = null)
        {
            options ??= new KxMigrateOptions();
            var (app, target, fake, skipBackup, lockTimeout) = (options.App, options.Target, options.Fake, options.SkipBackup, options.LockTimeout);
            var plan = options.Mode == KxMigrateMode.Plan;
            var check = options.Mode == KxMigrateMode.Check;
            if (target != null && app == null)
            {
                throw new KxException(KxErrorIds.MigrationFailed, KxErrorCategory.InvalidArgument, target,
                    $"A target migration ('{target}') needs the app it belongs to.", "Give -App with -Target, for example -App ideas -Target 0001_initial.");
            }

            _project.RequireService(_project.DjangoService);
            var command = MigrateCommand(app, target, plan || check, fake, check);
            if (plan || check)
            {
                var call = _managePy.PrepareManagePy(command, Array.Empty<string>());
                return _project.Operation(check ? "Check for unapplied migrations" : "Plan migrations", new[] { call.CommandLine },
                    (output, cancellationToken) =>
                    {
                        var parser = new MigrateOutputParser();
                        var exitCode = _managePy.RunManagePy(call, parser, output, cancellationToken);
                        var pending = check && exitCode == UnappliedExitCode && parser.IsPlan && parser.GetSteps().Count > 0;
                        ThrowIfMigrateFailed(pending ? 0 : exitCode, parser);
                        return parser.GetSteps();
                    },
                    changes: false);
            }

            var timeout = lockTimeout ?? KxProject.DefaultMigrationLockTimeout;
            var locked = _managePy.PrepareManagePy(MigrationLock.Command(command, timeout, MigrationLock.HolderName()), Array.Empty<string>());
            var unapplies = target == null ? Array.Empty<string>() : MigrationsUnappliedBy(app!, target);
            var backup = _project.Policy.BacksUpBeforeMigrating(skipBackup) ? _backups.BackupCommand() : null;
            var action = unapplies.Count > 0
                ? $"Roll back {app} to {target}, unapplying {string.Join(", ", unapplies)} (and what depends on them)"
                : target != null ? $"Apply migrations of {app} up to {target}" : app != null ? $"Apply migrations of {app}" : "Apply migrations";
            return _project.Operation(
                backup == null ? action : $"Back up the database of {_project.DatabaseService}, then {char.ToLowerInvariant(action[0])}{action.Substring(1)}",
                backup == null ? new[] { locked.CommandLine } : new[] { backup.ToString(), locked.CommandLine },
                (output, cancellationToken) =>
                {
                    if (backup != null)
                    {
                        _backups.RunBackup(backup, output, cancellationToken);
                    }

                    return ApplyMigrations(locked, timeout, target, fake, output, cancellationToken).GetSteps();
                },
                highImpact: unapplies.Count > 0);
        }

        /// <summary>
        /// The failure of a check (<see cref="KxMigrateMode.Check"/>) that found unapplied migrations, for the caller to raise
        /// after writing them: what is missing and how to apply it here.
        /// </summary>
        public KxException UnappliedMigrationsError(IReadOnlyList<KxMigrationStep> unapplied) =>
            new KxException(KxErrorIds.MigrationsUnapplied, KxErrorCategory.InvalidData, unapplied,
                $"{unapplied.Count} migration{(unapplied.Count == 1 ? " is" : "s are")} not applied to {_project.Policy.DatabaseName}: {string.Join(", ", unapplied)}.",
                $"Apply them with Invoke-KxMigrate{_project.Policy.EnvironmentArgument}.");

        /// <summary>The failure of <see cref="TestMigrations"/> when it found anything, for gates that must stop (Test-KxMigration -Fail).</summary>
        public static KxException MigrationCheckError(IReadOnlyList<KxMigrationFinding> findings) =>
            new KxException(KxErrorIds.MigrationCheckFailed, KxErrorCategory.InvalidData, findings.ToArray(),
                $"Test-KxMigration found {findings.Count} problem{(findings.Count == 1 ? string.Empty : "s")}: " +
                string.Join(", ", findings.GroupBy(finding => finding.Kind).Select(group => $"{group.Count()} {group.Key}")) + ". " +
                string.Join(" ", findings.Select(finding => finding.Message)),
                "Fix each finding as its Fix property says, then run Test-KxMigration again.");

        /// <summary>
        /// `showmigrations --plan`: every migration in the order migrate applies them, and whether it is applied. For one
        /// app, `showmigrations APP --list --verbosity 2`, which lists that app's migrations in the same order and also
        /// says when each was applied. Read-only; runs where the options say (a one-off container by default).
        /// </summary>
        /// <param name="app">Only this app's migrations.</param>
        /// <param name="pendingOnly">Only the unapplied ones.</param>
        /// <param name="output">Receives Django's output as it streams.</param>
        /// <param name="cancellationToken">Stops the command (and removes its one-off container).</param>
        public IReadOnlyList<KxMigrationState> GetMigrations(string? app = null, bool pendingOnly = false, IKxOutput? output = null,
            CancellationToken cancellationToken = default)
        {
            _project.RequireService(_project.DjangoService);
            var command = app == null
                ? new[] { "showmigrations", "--plan" }
                : new[] { "showmigrations", app, "--list", "--verbosity", "2" };
            return _managePy.QueryManagePy(command, new ShowMigrationsOutputParser(), _project.Redactor.Wrap(output ?? NullOutput.Instance), cancellationToken)
                .GetStates()
                .Where(state => !(pendingOnly && state.Applied))
                .ToList();
        }

        /// <summary>
        /// For CI and pre-deploy gates: models with changes no migration holds (`makemigrations --check --dry-run`,
        /// locally only, since makemigrations never runs against production), unapplied migrations (showmigrations,
        /// which also names them), and drift: applied migrations whose file changed since the migration ledger recorded
        /// it. Read-only; an empty list means all is well.
        /// </summary>
        public IReadOnlyList<KxMigrationFinding> TestMigrations(IKxOutput? output = null, CancellationToken cancellationToken = default)
        {
            _project.RequireService(_project.DjangoService);
            output = _project.Redactor.Wrap(output ?? NullOutput.Instance);
            var findings = new List<KxMigrationFinding>();
            if (_project.Policy.MakesMigrations)
            {
                findings.AddRange(FindMissingMigrations(_managePy.PrepareManagePy(MissingMigrationsCommand, Array.Empty<string>()), output, cancellationToken)
                    .Select(MissingMigrationFinding));
            }
            else
            {
                output.WriteVerbose("Missing migrations are not looked for: makemigrations does not run against production (Test-KxMigration -Environment Local does it).");
            }

            var states = GetMigrations(null, false, output, cancellationToken);
            var sources = MigrationSources.Find(_project.Directory);
            findings.AddRange(states.Where(state => !state.Applied).Select(state => UnappliedFinding(state, sources)));
            findings.AddRange(FindDrift(states.Where(state => state.Applied).Select(state => (state.App, state.Name)), sources, MigrationLedger.Load(_project.Directory)));
            return findings;
        }

        internal static List<string> MigrateCommand(string? app, string? target, bool plan, bool fake, bool check)
        {
            var command = new List<string> { "migrate", "--noinput" };
            if (app != null)
            {
                command.Add(app);
            }

            if (target != null)
            {
                command.Add(target);
            }

            if (check)
            {
                command.Add("--check");
            }

            if (plan)
            {
                command.Add("--plan");
            }

            if (fake)
            {
                command.Add("--fake");
            }

            return command;
        }

        /// <summary>
        /// Runs migrate once the service's own start is past its migrate and the migration lock is taken (a call prepared
        /// from <see cref="MigrationLock.Command"/>, waiting up to <paramref name="lockTimeout"/>), then brings the ledger
        /// up to date with what Django reported, before failing if Django failed (what it applied before the failure is applied).
        /// <paramref name="waitForStartup"/> is false where the service's start is not compose's to watch (a Swarm job
        /// migrates before the new django tasks start).
        /// </summary>
        internal MigrateOutputParser ApplyMigrations(ManagePyCall call, TimeSpan lockTimeout, string? target, bool fake, IKxOutput output,
            CancellationToken cancellationToken, bool waitForStartup = true)
        {
            if (waitForStartup)
            {
                WaitForStartupMigrate(output, KxProject.DefaultWaitTimeout, cancellationToken);
            }

            var parser = new MigrateOutputParser();
            var lockOutput = new MigrationLockOutput(output, lockTimeout, _project.Policy.DatabaseName);
            var exitCode = _managePy.RunManagePy(call, parser, lockOutput, cancellationToken);
            lockOutput.ThrowIfTimedOut();
            var sources = MigrationSources.Find(_project.Directory);
            var ledger = UpdateLedger(parser, exitCode == 0 && target == null, sources, output);
            if (exitCode == 0 && !fake)
            {
                foreach (var drift in FindDrift(FullyMigrated(parser, sources), sources, ledger))
                {
                    output.WriteWarning(drift.Message + " " + drift.Fix);
                }
            }

            ThrowIfMigrateFailed(exitCode, parser);
            return parser;
        }

        private static void ThrowIfMigrateFailed(int exitCode, MigrateOutputParser parser)
        {
            var failed = parser.GetSteps().LastOrDefault(step => step.Outcome == KxMigrationOutcome.Failed);
            ManagePyRunner.ThrowIfFailed(failed == null ? "migrate" : $"migrate ({failed} failed)", exitCode, parser,
                "Fix the failing migration with a new migration (never edit one already applied elsewhere), then run Invoke-KxMigrate again.");
        }

        /// <summary>
        /// Records the checksum of each migration Django applied (or faked) and forgets each one it unapplied. After a
        /// successful migrate without a target every migration of the apps it named is applied, so those the ledger
        /// does not know yet (applied by the service's own start, or before the ledger existed) are recorded as they
        /// are now; a recorded one is never overwritten that way, so drift stays visible.
        /// </summary>
        private MigrationLedger UpdateLedger(MigrateOutputParser parser, bool appsNowFullyApplied, MigrationSources sources, IKxOutput output)
        {
            var ledger = MigrationLedger.Load(_project.Directory);
            foreach (var step in parser.GetSteps().Where(step => step.Outcome == KxMigrationOutcome.Applied || step.Outcome == KxMigrationOutcome.Faked))
            {
                if (step.Action == KxMigrationAction.Unapply)
                {
                    ledger.Remove(_project.Environment, step.App, step.Name);
                }
                else if (sources.FileOf(step.App, step.Name) is string file)
                {
                    ledger.Record(_project.Environment, step.App, step.Name, MigrationLedger.Checksum(file));
                }
            }

            if (appsNowFullyApplied)
            {
                foreach (var app in parser.AppsMigratedFully)
                {
                    foreach (var (name, file) in sources.FilesOf(app).Where(migration => ledger.Find(_project.Environment, app, migration.Name) == null))
                    {
                        ledger.Record(_project.Environment, app, name, MigrationLedger.Checksum(file));
                    }
                }
            }

            if (!ledger.Changed)
            {
                return ledger;
            }

            ledger.Save();
            output.WriteVerbose($"Recorded the applied migrations in {_project.Relative(ledger.Path)}: commit it with the migrations.");
            if (!DockerIgnoresLedger())
            {
                output.WriteWarning($"Add {MigrationLedger.FolderName} to {_project.Relative(Path.Combine(_project.Directory, ".dockerignore"))}: the migration ledger is in the build context, " +
                                    "so each migration it records changes the context and the next build copies the code into a new image layer.");
            }

            return ledger;
        }

        private bool DockerIgnoresLedger()
        {
            var dockerIgnore = Path.Combine(_project.Directory, ".dockerignore");
            return File.Exists(dockerIgnore) && File.ReadAllLines(dockerIgnore)
                .Select(line => line.Trim().TrimStart('/').TrimEnd('/'))
                .Any(line => line == MigrationLedger.FolderName || line == MigrationLedger.FolderName + "/**" || line == ".*");
        }

        /// <summary>Every project migration of the apps a successful migrate without a target brought fully up to date.</summary>
        internal static IReadOnlyList<(string App, string Name)> FullyMigrated(MigrateOutputParser parser, MigrationSources sources) =>
            parser.AppsMigratedFully.SelectMany(app => sources.FilesOf(app).Select(migration => (app, migration.Name))).ToList();

        /// <summary>Drift: applied migrations whose file no longer has the checksum recorded when they were applied here.</summary>
        internal IReadOnlyList<KxMigrationFinding> FindDrift(IEnumerable<(string App, string Name)> applied, MigrationSources sources, MigrationLedger ledger)
        {
            var findings = new List<KxMigrationFinding>();
            foreach (var (app, name) in applied)
            {
                var recorded = ledger.Find(_project.Environment, app, name);
                var file = recorded == null ? null : sources.FileOf(app, name);
                if (file != null && MigrationLedger.Checksum(file) is var now && now != recorded)
                {
                    var shown = _project.Relative(file).Replace('\\', '/');
                    findings.Add(new KxMigrationFinding(KxMigrationFindingKind.Drift, app, name, file,
                        $"{app}.{name} was edited after it was applied: {shown} no longer matches what the {_project.Environment.ToString().ToLowerInvariant()} database ran " +
                        $"({Short(recorded!)} then, {Short(now)} now). Django never runs an applied migration again, so the change will not reach this database.",
                        $"Restore {shown} to what was applied (git log -p -- {shown}) and add a new migration for the change instead: New-KxMigration -App {app}."));
                }
            }

            return findings;
        }

        private static string Short(string checksum) => checksum.Substring(0, Math.Min(checksum.Length, "sha256:".Length + 12));

        /// <summary>`makemigrations --check --dry-run`: the files Django would write; none when the models match the migrations.</summary>
        internal IReadOnlyList<KxMigrationFile> FindMissingMigrations(ManagePyCall call, IKxOutput output, CancellationToken cancellationToken)
        {
            var parser = new MakeMigrationsOutputParser(dryRun: true);
            var exitCode = _managePy.RunManagePy(call, parser, output, cancellationToken);
            if (exitCode == NeedsInputExitCode && parser.GetError() == null)
            {
                throw MakeMigrationsNeedsInput();
            }

            // --check exits with 1 when it found changes, which it then lists; a failure lists nothing.
            ManagePyRunner.ThrowIfFailed("makemigrations", exitCode == ChangesFoundExitCode && parser.GetFiles().Count > 0 ? 0 : exitCode, parser,
                "Fix the models or the migration Django complained about, then run Test-KxMigration again.");
            return HostFiles(parser);
        }

        internal static readonly IReadOnlyList<string> MissingMigrationsCommand = new[] { "makemigrations", "--check", "--dry-run", "--noinput" };

        private KxMigrationFinding MissingMigrationFinding(KxMigrationFile file) =>
            new KxMigrationFinding(KxMigrationFindingKind.MissingMigration, file.App, file.Name, file.Path,
                $"The models of {file.App} have changes no migration holds: makemigrations would write {(file.Path != null ? _project.Relative(file.Path).Replace('\\', '/') : file.ContainerPath)}" +
                (file.Operations.Count > 0 ? $" ({string.Join("; ", file.Operations)})." : "."),
                $"Make it with New-KxMigration -App {file.App}, review it and commit it.");

        private KxMigrationFinding UnappliedFinding(KxMigrationState state, MigrationSources sources) =>
            new KxMigrationFinding(KxMigrationFindingKind.Unapplied, state.App, state.Name, sources.FileOf(state.App, state.Name),
                $"{state} is not applied to {_project.Policy.DatabaseName}.",
                _project.Policy.HasBackupStep
                    ? $"Apply it with Invoke-KxMigrate{_project.Policy.EnvironmentArgument}, which backs the database up first."
                    : $"Apply it with Invoke-KxMigrate{_project.Policy.EnvironmentArgument} (-Plan shows what it will run).");

        /// <summary>
        /// The migrations of <paramref name="app"/> that migrating to <paramref name="target"/> unapplies, in plan order;
        /// empty when the target is ahead of the database (a forward migrate). Django takes a unique prefix of a name.
        /// </summary>
        private IReadOnlyList<string> MigrationsUnappliedBy(string app, string target)
        {
            var states = GetMigrations(app);
            if (target == ZeroTarget)
            {
                return states.Where(state => state.Applied).Select(state => state.ToString()).ToList();
            }

            var matches = states.Select((state, index) => (state, index))
                .Where(m => m.state.Name == target || (m.state.Name.StartsWith(target, StringComparison.Ordinal) && states.Count(s => s.Name.StartsWith(target, StringComparison.Ordinal)) == 1))
                .ToList();
            if (matches.Count != 1 || !matches[0].state.Applied)
            {
                // An unknown target is Django's to report; an unapplied one is a forward migrate.
                return Array.Empty<string>();
            }

            return states.Skip(matches[0].index + 1).Where(state => state.Applied).Select(state => state.ToString()).ToList();
        }

        /// <summary>makemigrations --noinput exits with 3 when it would have had to ask a question.</summary>
        private const int NeedsInputExitCode = 3;

        /// <summary>
        /// `makemigrations` in a one-off container (or the running one, see <see cref="KxProjectOptions.InRunningContainer"/>):
        /// new migration files on the host through the service's bind mount. Refused for production, whose migrations
        /// are built into the image.
        /// </summary>
        public KxOperation<IReadOnlyList<KxMigrationFile>> MakeMigrations(KxMakeMigrationsOptions? options = null)
        {
            options ??= new KxMakeMigrationsOptions();
            var (apps, name, empty, dryRun) = (options.Apps, options.Name, options.Empty, options.DryRun);
            _project.Policy.RequireMakeMigrations(MakeMigrationsRefusedInProduction);
            if (empty && (apps == null || apps.Count == 0))
            {
                throw new KxException(KxErrorIds.DjangoCommandFailed, KxErrorCategory.InvalidArgument, "Empty",
                    "An empty migration needs the app it belongs to.", "Give -App with -Empty.");
            }

            // Nothing can answer Django's questions (a default for a new non-nullable field, a rename): with --noinput
            // it exits 3 instead of dying on a closed stdin.
            var command = new List<string> { "makemigrations", "--noinput" };
            command.AddRange(apps ?? Array.Empty<string>());
            if (name != null)
            {
                command.Add("--name");
                command.Add(name);
            }

            if (empty)
            {
                command.Add("--empty");
            }

            if (dryRun)
            {
                command.Add("--dry-run");
            }

            return MakeMigrations(command, dryRun, inRunningContainer: null);
        }

        /// <summary>`makemigrations` with these arguments, where <paramref name="inRunningContainer"/> says (the options' choice when null).</summary>
        internal KxOperation<IReadOnlyList<KxMigrationFile>> MakeMigrations(IReadOnlyList<string> command, bool dryRun, bool? inRunningContainer)
        {
            _project.RequireService(_project.DjangoService);
            return _managePy.ManagePy("Make migrations" + (dryRun ? " (dry run)" : string.Empty), command, () => new MakeMigrationsOutputParser(dryRun),
                (parser, exitCode) =>
                {
                    if (exitCode == NeedsInputExitCode && parser.GetError() == null)
                    {
                        throw MakeMigrationsNeedsInput();
                    }

                    ManagePyRunner.ThrowIfFailed("makemigrations", exitCode, parser, "Fix the models or the migration Django complained about, then run New-KxMigration again.");
                    return HostFiles(parser);
                },
                inRunningContainer: inRunningContainer);
        }

        /// <summary>The files makemigrations listed, with their host paths through the service's bind mounts.</summary>
        private IReadOnlyList<KxMigrationFile> HostFiles(MakeMigrationsOutputParser parser)
        {
            var service = _project.RequireService(_project.DjangoService);
            return parser.GetFiles()
                .Select(file => new KxMigrationFile(file.App, file.Name, file.ContainerPath, ManagePyRunner.MapToHost(service, file.ContainerPath), file.Operations, file.DryRun))
                .ToList();
        }

        internal KxException MakeMigrationsRefusedInProduction() =>
            new KxException(KxErrorIds.MakeMigrationsRefusedInProduction, KxErrorCategory.InvalidOperation, _project.ComposeFile.Path,
                "makemigrations does not run against production: production migrations are the ones built into the image.",
                "Make migrations locally (-Environment Local), commit them, rebuild the production image, then run Invoke-KxMigrate -Environment Production.");

        private KxException MakeMigrationsNeedsInput() =>
            new KxException(KxErrorIds.MakeMigrationsNeedsInput, KxErrorCategory.InvalidOperation, "makemigrations",
                "makemigrations needs an answer it can only ask interactively, such as a default for a new non-nullable field or whether a field was renamed.",
                "Give the new field a default (or null=True) and run New-KxMigration again, or answer Django's questions in: docker compose run --rm " + _project.DjangoService + " python manage.py makemigrations");

        private const int StartupWaitActivityId = 0x4b53;

        /// <summary>
        /// Waits while the django service's own start may be migrating (see <see cref="StartupMigration"/>), so that
        /// our migrate neither races it nor fails on what it is creating. Returns at once when the service is not
        /// running: then nothing of its own can be migrating.
        /// </summary>
        private void WaitForStartupMigrate(IKxOutput output, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var activity = $"Waiting for {_project.DjangoService}'s start to finish its own migrate";
            var clock = Stopwatch.StartNew();
            var waited = false;
            try
            {
                string? reason;
                while ((reason = WhyWaitForStartup(cancellationToken)) != null)
                {
                    if (!waited)
                    {
                        output.WriteVerbose($"{activity}: {reason}.");
                        waited = true;
                    }

                    output.WriteProgress(new KxProgress(StartupWaitActivityId, activity, reason));
                    if (clock.Elapsed >= timeout)
                    {
                        const string action = "Read its log (docker compose logs django); if its start script runs the server without exec, migrate once it has started.";
                        throw new KxException(KxErrorIds.ServiceWaitTimeout, KxErrorCategory.OperationTimeout, _project.DjangoService,
                            $"Waited {EngineErrors.Seconds(timeout)} for {_project.DjangoService}'s start to finish migrating, so as not to race it; {reason}. {action}", action);
                    }

                    cancellationToken.WaitHandle.WaitOne(ServiceStack.WaitPollInterval);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (waited)
                {
                    output.WriteVerbose($"{_project.DjangoService}'s start got past its migrate after {EngineErrors.Seconds(clock.Elapsed)}.");
                }
            }
            finally
            {
                if (waited)
                {
                    output.WriteProgress(new KxProgress(StartupWaitActivityId, activity, "Done", 100, completed: true));
                }
            }
        }

        private string? WhyWaitForStartup(CancellationToken cancellationToken)
        {
            var container = _stack.FindServiceContainer(_project.DjangoService, cancellationToken);
            switch (container?.State.Status)
            {
                case "running":
                    var startedAt = container.Value.State.StartedAt ?? DateTimeOffset.UtcNow;
                    return StartupMigration.WhyWait(ListProcesses(container.Value.Id, cancellationToken), DateTimeOffset.UtcNow - startedAt);
                case "created":
                case "restarting":
                    return $"its container is {container.Value.State.Status}";
                default:
                    // No container, or one that stopped: nothing of its own can be migrating.
                    return null;
            }
        }

        /// <summary>The container's processes; none when it stopped or went away (HTTP 409, 404) since the status was read.</summary>
        private IReadOnlyList<EngineProcess> ListProcesses(string containerId, CancellationToken cancellationToken)
        {
            try
            {
                return _project.GetEngine().ListProcesses(containerId, cancellationToken);
            }
            catch (KxException ex) when (ex.ErrorId == KxErrorIds.EngineApiError &&
                (ex.Category == KxErrorCategory.ObjectNotFound || ex.Category == KxErrorCategory.InvalidOperation))
            {
                return Array.Empty<EngineProcess>();
            }
        }
    }
}
