namespace Konnaxion.Ops
{
    /// <summary>What Test-KxMigration found wrong with the migrations.</summary>
    public enum KxMigrationFindingKind
    {
        /// <summary>Models have changes that no migration holds yet (makemigrations --check would fail).</summary>
        MissingMigration,

        /// <summary>A migration is not applied to the database (migrate --check would fail).</summary>
        Unapplied,

        /// <summary>An applied migration's file changed since it was applied: the database never ran the change.</summary>
        Drift,
    }

    /// <summary>One problem Test-KxMigration found: what, where, and how to fix it.</summary>
    public sealed class KxMigrationFinding
    {
        public KxMigrationFinding(KxMigrationFindingKind kind, string app, string migration, string? file, string message, string fix)
        {
            Kind = kind;
            App = app;
            Migration = migration;
            File = file;
            Message = message;
            Fix = fix;
        }

        public KxMigrationFindingKind Kind { get; }

        /// <summary>The Django app label.</summary>
        public string App { get; }

        /// <summary>The migration's name; for a missing one, the name makemigrations would give it.</summary>
        public string Migration { get; }

        /// <summary>The migration's file on the host (for a missing one, where makemigrations would write it); null when it is not in the project.</summary>
        public string? File { get; }

        public string Message { get; }

        /// <summary>What to do about it, in one sentence.</summary>
        public string Fix { get; }

        public override string ToString() => Kind + ": " + Message;
    }
}
