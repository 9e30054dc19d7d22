using System;

namespace Konnaxion.Ops
{
    /// <summary>Whether one migration is applied to the database, as showmigrations reports it.</summary>
    public sealed class KxMigrationState
    {
        /// <summary>Creates a state; <paramref name="appliedAt"/> is known only from showmigrations --verbosity 2.</summary>
        public KxMigrationState(string app, string name, bool applied, bool recordingIncomplete, DateTime? appliedAt)
        {
            App = app;
            Name = name;
            Applied = applied;
            RecordingIncomplete = recordingIncomplete;
            AppliedAt = appliedAt;
        }

        /// <summary>The Django app label.</summary>
        public string App { get; }

        /// <summary>The migration name, without ".py".</summary>
        public string Name { get; }

        /// <summary>True when Django counts the migration as applied ("[X]", or "[-]").</summary>
        public bool Applied { get; }

        /// <summary>
        /// True for a squashed migration whose replaced migrations are all applied but which is not recorded
        /// itself: "[-]" in newer Django, where 3.2 shows "[X]" and this stays false. The next migrate records it.
        /// </summary>
        public bool RecordingIncomplete { get; }

        /// <summary>
        /// When it was applied, as Django printed it: UTC when the project sets USE_TZ = True, as cookiecutter-django
        /// does. Null unless showmigrations ran with --verbosity 2 and --list.
        /// </summary>
        public DateTime? AppliedAt { get; }

        /// <summary>"app.name", as Django writes a migration.</summary>
        public override string ToString() => App + "." + Name;
    }
}
