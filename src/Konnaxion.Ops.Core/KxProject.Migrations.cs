using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Django;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops
{
    public sealed partial class KxProject
    {
        /// <summary>The target that unapplies every migration of an app.</summary>
        private const string ZeroTarget = "zero";

        /// <summary>How long applying migrations waits for the migration lock another migrate holds.</summary>
        public static readonly TimeSpan DefaultMigrationLockTimeout = MigrationLock.DefaultTimeout;

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

            RequireService(DjangoService);
            var command = MigrateCommand(app, target, plan || check, fake, check);
            if (plan || check)
            {
                var call = PrepareManagePy(command, Array.Empty<string>());
                return Operation(check ? "Check for unapplied migrations" : "Plan migrations", new[] { call.CommandLine },
                    (output, cancellationToken) =>
                    {
                        var parser = new MigrateOutputParser();
                        var exitCode = RunManagePy(call, parser, output, cancellationToken);
                        var pending = check && exitCode == UnappliedExitCode && parser.IsPlan && parser.GetSteps().Count > 0;
                        ThrowIfMigrateFailed(pending ? 0 : exitCode, parser);
                        return parser.GetSteps();
                    },
                    changes: false);
            }

            var timeout = lockTimeout ?? DefaultMigrationLockTimeout;
            var locked = PrepareManagePy(MigrationLock.Command(command, timeout, MigrationLock.HolderName()), Array.Empty<string>());
            var unapplies = target == null ? Array.Empty<string>() : MigrationsUnappliedBy(app!, target);
            var backup = Policy.BacksUpBeforeMigrating(skipBackup) ? BackupCommand() : null;
            var action = unapplies.Count > 0
                ? $"Roll back {app} to {target}, unapplying {string.Join(", ", unapplies)} (and what depends on them)"
                : target != null ? $"Apply migrations of {app} up to {target}" : app != null ? $"Apply migrations of {app}" : "Apply migrations";
            return Operation(
                backup == null ? action : $"Back up the database of {DatabaseService}, then {char.ToLowerInvariant(action[0])}{action.Substring(1)}",
                backup == null ? new[] { locked.CommandLine } : new[] { backup.ToString(), locked.CommandLine },
                (output, cancellationToken) =>
                {
                    if (backup != null)
                    {
                        RunBackup(backup, output, cancellationToken);
                    }

                    return ApplyMigrations(locked, timeout, target, fake, output, cancellationToken).GetSteps();
                },
                highImpact: unapplies.Count > 0);
        }

        /// <summary>
        /// The failure of a check (<c>Migrate(check: true)</c>) that found unapplied migrations, for the caller to raise
        /// after writing them: what is missing and how to apply it here.
        /// </summary>
        public KxException UnappliedMigrationsError(IReadOnlyList<KxMigrationStep> unapplied) =>
            new KxException(KxErrorIds.MigrationsUnapplied, KxErrorCategory.InvalidData, unapplied,
                $"{unapplied.Count} migration{(unapplied.Count == 1 ? " is" : "s are")} not applied to {Policy.DatabaseName}: {string.Join(", ", unapplied)}.",
                $"Apply them with Invoke-KxMigrate{Policy.EnvironmentArgument}.");

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
            RequireService(DjangoService);
            var command = app == null
                ? new[] { "showmigrations", "--plan" }
                : new[] { "showmigrations", app, "--list", "--verbosity", "2" };
            return QueryManagePy(command, new ShowMigrationsOutputParser(), Redactor.Wrap(output ?? NullOutput.Instance), cancellationToken)
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
            RequireService(DjangoService);
            output = Redactor.Wrap(output ?? NullOutput.Instance);
            var findings = new List<KxMigrationFinding>();
            if (Policy.MakesMigrations)
            {
                findings.AddRange(FindMissingMigrations(PrepareManagePy(MissingMigrationsCommand, Array.Empty<string>()), output, cancellationToken)
                    .Select(MissingMigrationFinding));
            }
            else
            {
                output.WriteVerbose("Missing migrations are not looked for: makemigrations does not run against production (Test-KxMigration -Environment Local does it).");
            }

            var states = GetMigrations(null, false, output, cancellationToken);
            var sources = MigrationSources.Find(Directory);
            findings.AddRange(states.Where(state => !state.Applied).Select(state => UnappliedFinding(state, sources)));
            findings.AddRange(FindDrift(states.Where(state => state.Applied).Select(state => (state.App, state.Name)), sources, MigrationLedger.Load(Directory)));
            return findings;
        }

        private static List<string> MigrateCommand(string? app, string? target, bool plan, bool fake, bool check)
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
        /// </summary>
        private MigrateOutputParser ApplyMigrations(ManagePyCall call, TimeSpan lockTimeout, string? target, bool fake, IKxOutput output,
            CancellationToken cancellationToken)
        {
            WaitForStartupMigrate(output, DefaultWaitTimeout, cancellationToken);
            var parser = new MigrateOutputParser();
            var lockOutput = new MigrationLockOutput(output, lockTimeout, Policy.DatabaseName);
            var exitCode = RunManagePy(call, parser, lockOutput, cancellationToken);
            lockOutput.ThrowIfTimedOut();
            var sources = MigrationSources.Find(Directory);
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
            ThrowIfFailed(failed == null ? "migrate" : $"migrate ({failed} failed)", exitCode, parser,
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
            var ledger = MigrationLedger.Load(Directory);
            foreach (var step in parser.GetSteps().Where(step => step.Outcome == KxMigrationOutcome.Applied || step.Outcome == KxMigrationOutcome.Faked))
            {
                if (step.Action == KxMigrationAction.Unapply)
                {
                    ledger.Remove(Environment, step.App, step.Name);
                }
                else if (sources.FileOf(step.App, step.Name) is string file)
                {
                    ledger.Record(Environment, step.App, step.Name, MigrationLedger.Checksum(file));
                }
            }

            if (appsNowFullyApplied)
            {
                foreach (var app in parser.AppsMigratedFully)
                {
                    foreach (var (name, file) in sources.FilesOf(app).Where(migration => ledger.Find(Environment, app, migration.Name) == null))
                    {
                        ledger.Record(Environment, app, name, MigrationLedger.Checksum(file));
                    }
                }
            }

            if (!ledger.Changed)
            {
                return ledger;
            }

            ledger.Save();
            output.WriteVerbose($"Recorded the applied migrations in {Relative(ledger.Path)}: commit it with the migrations.");
            if (!DockerIgnoresLedger())
            {
                output.WriteWarning($"Add {MigrationLedger.FolderName} to {Relative(Path.Combine(Directory, ".dockerignore"))}: the migration ledger is in the build context, " +
                                    "so each migration it records changes the context and the next build copies the code into a new image layer.");
            }

            return ledger;
        }

        private bool DockerIgnoresLedger()
        {
            var dockerIgnore = Path.Combine(Directory, ".dockerignore");
            return File.Exists(dockerIgnore) && File.ReadAllLines(dockerIgnore)
                .Select(line => line.Trim().TrimStart('/').TrimEnd('/'))
                .Any(line => line == MigrationLedger.FolderName || line == MigrationLedger.FolderName + "/**" || line == ".*");
        }

        /// <summary>Every project migration of the apps a successful migrate without a target brought fully up to date.</summary>
        private static IReadOnlyList<(string App, string Name)> FullyMigrated(MigrateOutputParser parser, MigrationSources sources) =>
            parser.AppsMigratedFully.SelectMany(app => sources.FilesOf(app).Select(migration => (app, migration.Name))).ToList();

        /// <summary>Drift: applied migrations whose file no longer has the checksum recorded when they were applied here.</summary>
        private IReadOnlyList<KxMigrationFinding> FindDrift(IEnumerable<(string App, string Name)> applied, MigrationSources sources, MigrationLedger ledger)
        {
            var findings = new List<KxMigrationFinding>();
            foreach (var (app, name) in applied)
            {
                var recorded = ledger.Find(Environment, app, name);
                var file = recorded == null ? null : sources.FileOf(app, name);
                if (file != null && MigrationLedger.Checksum(file) is var now && now != recorded)
                {
                    var shown = Relative(file).Replace('\\', '/');
                    findings.Add(new KxMigrationFinding(KxMigrationFindingKind.Drift, app, name, file,
                        $"{app}.{name} was edited after it was applied: {shown} no longer matches what the {Environment.ToString().ToLowerInvariant()} database ran " +
                        $"({Short(recorded!)} then, {Short(now)} now). Django never runs an applied migration again, so the change will not reach this database.",
                        $"Restore {shown} to what was applied (git log -p -- {shown}) and add a new migration for the change instead: New-KxMigration -App {app}."));
                }
            }

            return findings;
        }

        private static string Short(string checksum) => checksum.Substring(0, Math.Min(checksum.Length, "sha256:".Length + 12));

        /// <summary>`makemigrations --check --dry-run`: the files Django would write; none when the models match the migrations.</summary>
        private IReadOnlyList<KxMigrationFile> FindMissingMigrations(ManagePyCall call, IKxOutput output, CancellationToken cancellationToken)
        {
            var parser = new MakeMigrationsOutputParser(dryRun: true);
            var exitCode = RunManagePy(call, parser, output, cancellationToken);
            if (exitCode == NeedsInputExitCode && parser.GetError() == null)
            {
                throw MakeMigrationsNeedsInput();
            }

            // --check exits with 1 when it found changes, which it then lists; a failure lists nothing.
            ThrowIfFailed("makemigrations", exitCode == ChangesFoundExitCode && parser.GetFiles().Count > 0 ? 0 : exitCode, parser,
                "Fix the models or the migration Django complained about, then run Test-KxMigration again.");
            return HostFiles(parser);
        }

        private static readonly IReadOnlyList<string> MissingMigrationsCommand = new[] { "makemigrations", "--check", "--dry-run", "--noinput" };

        private KxMigrationFinding MissingMigrationFinding(KxMigrationFile file) =>
            new KxMigrationFinding(KxMigrationFindingKind.MissingMigration, file.App, file.Name, file.Path,
                $"The models of {file.App} have changes no migration holds: makemigrations would write {(file.Path != null ? Relative(file.Path).Replace('\\', '/') : file.ContainerPath)}" +
                (file.Operations.Count > 0 ? $" ({string.Join("; ", file.Operations)})." : "."),
                $"Make it with New-KxMigration -App {file.App}, review it and commit it.");

        private KxMigrationFinding UnappliedFinding(KxMigrationState state, MigrationSources sources) =>
            new KxMigrationFinding(KxMigrationFindingKind.Unapplied, state.App, state.Name, sources.FileOf(state.App, state.Name),
                $"{state} is not applied to {Policy.DatabaseName}.",
                Policy.HasBackupStep
                    ? $"Apply it with Invoke-KxMigrate{Policy.EnvironmentArgument}, which backs the database up first."
                    : $"Apply it with Invoke-KxMigrate{Policy.EnvironmentArgument} (-Plan shows what it will run).");

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
    }
}
