using System;

namespace Konnaxion.Ops
{
    /// <summary>How <see cref="KxProject.Update"/> runs the runbook; the defaults are the runbook as the seed ran it.</summary>
    public sealed class KxUpdateOptions
    {
        /// <summary>Locally, make the missing migrations and apply them; otherwise they are only reported.</summary>
        public bool MakeMigrations { get; set; }

        /// <summary>Migrate production without a backup first.</summary>
        public bool SkipBackup { get; set; }

        /// <summary>How long to wait for the services to be healthy; <see cref="KxProject.DefaultWaitTimeout"/> when null.</summary>
        public TimeSpan? WaitTimeout { get; set; }

        /// <summary>How long each migrate waits for the migration lock; <see cref="KxProject.DefaultMigrationLockTimeout"/> when null.</summary>
        public TimeSpan? LockTimeout { get; set; }
    }
}
