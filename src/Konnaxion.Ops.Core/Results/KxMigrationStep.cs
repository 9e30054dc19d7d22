using System.Collections.Generic;

namespace Konnaxion.Ops
{
    /// <summary>What migrate did, or with -Plan would do, to one migration.</summary>
    public enum KxMigrationAction
    {
        Apply,
        Unapply,
    }

    /// <summary>The outcome Django reported for one migration.</summary>
    public enum KxMigrationOutcome
    {
        /// <summary>Django printed OK.</summary>
        Applied,
        /// <summary>Recorded without running (--fake); Django printed FAKED.</summary>
        Faked,
        /// <summary>Listed by --plan; nothing ran.</summary>
        Planned,
        /// <summary>Django started the migration and it raised.</summary>
        Failed,
    }

    /// <summary>One migration that migrate applied, unapplied, faked or planned.</summary>
    public sealed class KxMigrationStep
    {
        public KxMigrationStep(string app, string name, KxMigrationAction action, KxMigrationOutcome outcome, IReadOnlyList<string> operations)
        {
            App = app;
            Name = name;
            Action = action;
            Outcome = outcome;
            Operations = operations;
        }

        public string App { get; }
        public string Name { get; }
        public KxMigrationAction Action { get; }
        public KxMigrationOutcome Outcome { get; }

        /// <summary>With -Plan, the operations Django listed for the migration; empty otherwise.</summary>
        public IReadOnlyList<string> Operations { get; }

        public override string ToString() => App + "." + Name;
    }
}
