using System;
using System.Collections.Generic;
using System.Linq;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops
{
    /// <summary>How one step of Invoke-KxUpdate ended.</summary>
    public enum KxUpdateStepOutcome
    {
        Succeeded,

        /// <summary>It ran, and found something to look at (models without migrations, drift) that does not stop the update.</summary>
        Warning,

        /// <summary>It was not needed (nothing to make) or not wanted (-SkipBackup).</summary>
        Skipped,

        Failed,

        /// <summary>An earlier step failed, so this one did not run.</summary>
        NotRun,
    }

    /// <summary>One step of the runbook Invoke-KxUpdate ran: what, how it ended, how long it took, and the commands it ran.</summary>
    public sealed class KxUpdateStep
    {
        public KxUpdateStep(string name, KxUpdateStepOutcome outcome, TimeSpan duration, string detail, IReadOnlyList<string> commandLines)
        {
            Name = name;
            Outcome = outcome;
            Duration = duration;
            Detail = detail;
            CommandLines = commandLines;
        }

        /// <summary>Build, Backup, Migrate, CheckModels, MakeMigrations or Verify.</summary>
        public string Name { get; }

        public KxUpdateStepOutcome Outcome { get; }
        public TimeSpan Duration { get; }

        /// <summary>What it did or found, in one sentence.</summary>
        public string Detail { get; }

        /// <summary>The commands it ran; empty for a step done through the engine API or not run.</summary>
        public IReadOnlyList<string> CommandLines { get; }

        public override string ToString() => $"{Name}: {Outcome}";
    }

    /// <summary>What Invoke-KxUpdate did: every step's outcome and duration, and what it applied, made and backed up.</summary>
    public sealed class KxUpdateResult
    {
        public KxUpdateResult(string project, KxEnvironment environment, IReadOnlyList<KxUpdateStep> steps, TimeSpan duration,
            IReadOnlyList<KxMigrationStep> migrationsApplied, IReadOnlyList<KxMigrationFile> migrationsMade, KxDatabaseBackup? backup,
            IReadOnlyList<KxServiceStatus> serviceStatus, KxException? error)
        {
            Project = project;
            Environment = environment;
            Steps = steps;
            Duration = duration;
            MigrationsApplied = migrationsApplied;
            MigrationsMade = migrationsMade;
            Backup = backup;
            ServiceStatus = serviceStatus;
            Error = error;
        }

        public string Project { get; }
        public KxEnvironment Environment { get; }
        public IReadOnlyList<KxUpdateStep> Steps { get; }
        public TimeSpan Duration { get; }

        /// <summary>True when no step failed (a warning is not a failure).</summary>
        public bool Success => Error == null && Steps.All(step => step.Outcome != KxUpdateStepOutcome.Failed);

        /// <summary>The migrations applied (and unapplied), in order, over every migrate the update ran.</summary>
        public IReadOnlyList<KxMigrationStep> MigrationsApplied { get; }

        /// <summary>The migration files made (-MakeMigrations).</summary>
        public IReadOnlyList<KxMigrationFile> MigrationsMade { get; }

        /// <summary>The backup taken before migrating production; null elsewhere or with -SkipBackup.</summary>
        public KxDatabaseBackup? Backup { get; }

        /// <summary>The services' status as the last step saw it.</summary>
        public IReadOnlyList<KxServiceStatus> ServiceStatus { get; }

        /// <summary>On Swarm, the stack's services as the update last saw them (ServiceStatus is compose's containers, empty there).</summary>
        public IReadOnlyList<KxSwarmServiceStatus> SwarmServiceStatus { get; internal set; } = Array.Empty<KxSwarmServiceStatus>();

        /// <summary>Why the failed step failed; null on success.</summary>
        public KxException? Error { get; }

        public override string ToString() => $"{Project} ({Environment}): " + string.Join(", ", Steps.Select(step => step.ToString()));
    }
}
