using System;

namespace Konnaxion.Ops
{
    /// <summary>What <see cref="KxProject.Migrate"/> does: apply (or roll back), or only list what would run.</summary>
    public enum KxMigrateMode
    {
        /// <summary>Apply migrations, or unapply them back to <see cref="KxMigrateOptions.Target"/>.</summary>
        Apply,

        /// <summary>List what would run (`migrate --plan`); change nothing.</summary>
        Plan,

        /// <summary>Like Plan, for gates: list the unapplied migrations (`migrate --check --plan`).</summary>
        Check,
    }

    /// <summary>How <see cref="KxProject.Migrate"/> migrates; the defaults apply every app's migrations.</summary>
    public sealed class KxMigrateOptions
    {
        /// <summary>Only this app.</summary>
        public string? App { get; set; }

        /// <summary>
        /// Migrate <see cref="App"/> to this migration, forwards or backwards; "zero" unapplies it all. When the target
        /// is behind the database, the operation is a rollback: its Action says which migrations it unapplies and it is
        /// <see cref="KxOperation{T}.HighImpact"/>. Telling which runs showmigrations when the operation is prepared.
        /// </summary>
        public string? Target { get; set; }

        public KxMigrateMode Mode { get; set; } = KxMigrateMode.Apply;

        /// <summary>Record migrations as applied without running them.</summary>
        public bool Fake { get; set; }

        /// <summary>Migrate production without a backup first.</summary>
        public bool SkipBackup { get; set; }

        /// <summary>
        /// How long applying waits for the migration lock while another migrate holds it before failing with
        /// MigrationLocked; <see cref="KxProject.DefaultMigrationLockTimeout"/> when null. A plan or check takes no lock.
        /// </summary>
        public TimeSpan? LockTimeout { get; set; }
    }
}
