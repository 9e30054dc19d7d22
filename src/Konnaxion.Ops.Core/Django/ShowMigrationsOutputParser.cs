using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Konnaxion.Ops.Django
{
    /// <summary>
    /// Reads <c>showmigrations</c> in either format. <c>--list</c> (the default):
    /// <code>
    /// ideas
    ///  [X] 0001_initial (applied at 2024-01-01 10:00:00)
    ///  [-] 0002_squashed_0004 (3 squashed migrations) Run 'manage.py migrate' to finish recording.
    ///  [ ] 0005_x
    /// </code>
    /// and <c>--plan</c>, whose --verbosity 2 adds each migration's dependencies:
    /// <code>
    /// [X]  ideas.0001_initial
    /// [ ]  ideas.0002_x ... (ideas.0001_initial)
    /// </code>
    /// </summary>
    internal sealed class ShowMigrationsOutputParser : DjangoOutputParser
    {
        private const string AppliedMark = "X";
        private const string RecordingIncompleteMark = "-";

        // An app label is an identifier alone on its line; " (no migrations)" under it lists nothing.
        private static readonly Regex ListAppHeading = new Regex(@"^(?<app>[^\W\d]\w*)$", RegexOptions.CultureInvariant);

        // The title is the name, then what Django appends: a squash count, a note, the time applied.
        private static readonly Regex ListEntry = new Regex(
            @"^ \[(?<mark>[X -])\] (?<name>\S+)(?<suffix>.*)$", RegexOptions.CultureInvariant);

        private static readonly Regex PlanEntry = new Regex(
            @"^\[(?<mark>[X -])\]  (?<app>[^\s.]+)\.(?<name>[^\s.]+)(?: \.\.\. \(.*\))?$", RegexOptions.CultureInvariant);

        private static readonly Regex AppliedAt = new Regex(
            @" \(applied at (?<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\)$", RegexOptions.CultureInvariant);

        private readonly List<KxMigrationState> _states = new List<KxMigrationState>();
        private string? _listApp;

        /// <summary>Every migration Django showed, in its order.</summary>
        public IReadOnlyList<KxMigrationState> GetStates() => _states.ToArray();

        /// <inheritdoc/>
        protected override void AddOutput(string line)
        {
            var plan = PlanEntry.Match(line);
            if (plan.Success)
            {
                Add(plan.Groups["app"].Value, plan.Groups["name"].Value, plan.Groups["mark"].Value, appliedAt: null);
                return;
            }

            var heading = ListAppHeading.Match(line);
            if (heading.Success)
            {
                _listApp = heading.Groups["app"].Value;
                return;
            }

            var entry = ListEntry.Match(line);
            if (entry.Success && _listApp != null)
            {
                var appliedAt = AppliedAt.Match(entry.Groups["suffix"].Value);
                Add(_listApp, entry.Groups["name"].Value, entry.Groups["mark"].Value,
                    appliedAt.Success ? ParseAppliedAt(appliedAt.Groups["at"].Value) : (DateTime?)null);
            }
        }

        private void Add(string app, string name, string mark, DateTime? appliedAt)
        {
            var recordingIncomplete = mark == RecordingIncompleteMark;
            _states.Add(new KxMigrationState(app, name, mark == AppliedMark || recordingIncomplete, recordingIncomplete, appliedAt));
        }

        // Django formats it with strftime("%Y-%m-%d %H:%M:%S") and no zone.
        private static DateTime ParseAppliedAt(string text) =>
            DateTime.ParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None);
    }
}
