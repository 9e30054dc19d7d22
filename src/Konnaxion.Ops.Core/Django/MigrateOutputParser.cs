using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Konnaxion.Ops.Django
{
    /// <summary>
    /// Reads what <c>migrate</c> did to each migration, or with <c>--plan</c> would do:
    /// <code>
    ///   Applying ideas.0001_initial... OK
    ///   Unapplying ideas.0002_x... FAKED (0.004s)
    /// </code>
    /// and
    /// <code>
    /// Planned operations:
    /// ideas.0002_idea_summary
    ///     Undo Add field summary to idea
    /// </code>
    /// A migration Django started but never reported on is the one that raised: it comes back as
    /// <see cref="KxMigrationOutcome.Failed"/>, and <see cref="DjangoOutputParser.GetError"/> holds the exception.
    /// </summary>
    internal sealed class MigrateOutputParser : DjangoOutputParser
    {
        private const string PlanHeading = "Planned operations:";

        // Migration names are Python module names and app labels identifiers: neither holds a dot or a space.
        private static readonly Regex Progress = new Regex(
            @"^  (?<verb>Applying|Unapplying) (?<app>[^\s.]+)\.(?<name>[^\s.]+)\.\.\.(?<rest>.*)$", RegexOptions.CultureInvariant);

        // Django writes " OK" on the progress line after the migration ran, so whatever the migration printed
        // itself comes between the two; with --verbosity 2 and up a duration follows.
        private static readonly Regex Outcome = new Regex(@" (?<outcome>OK|FAKED)(?: \([0-9.]+s\))?$", RegexOptions.CultureInvariant);

        private static readonly Regex PlannedMigration = new Regex(@"^(?<app>[^\s.]+)\.(?<name>[^\s.]+)$", RegexOptions.CultureInvariant);

        private static readonly Regex PlannedOperation = new Regex(@"^    (?<operation>.+)$", RegexOptions.CultureInvariant);

        private static readonly Regex UnmigratedChanges = new Regex(
            @"^  Your models in app\(s\): (?<apps>.+) have changes that are not yet reflected in a migration", RegexOptions.CultureInvariant);

        private static readonly Regex QuotedApp = new Regex(@"'(?<app>[^']+)'", RegexOptions.CultureInvariant);

        // The heading of a migrate without a target (all apps, or the one named): afterwards every migration of these apps is applied.
        private static readonly Regex ApplyAll = new Regex(@"^  Apply all migrations: (?<apps>.+)$", RegexOptions.CultureInvariant);

        private readonly List<KxMigrationStep> _steps = new List<KxMigrationStep>();
        private readonly List<PlannedMigrationLines> _planned = new List<PlannedMigrationLines>();
        private readonly List<string> _appsWithUnmigratedChanges = new List<string>();
        private readonly List<string> _appsMigratedFully = new List<string>();

        // The migration Django started and has not reported on, as it stands if the output ends here: failed.
        private KxMigrationStep? _running;
        private bool _isPlan;

        /// <summary>True once the output turned out to be a --plan listing.</summary>
        public bool IsPlan => _isPlan;

        /// <summary>
        /// Apps whose models have changes no migration holds yet, from the notice Django prints when it had
        /// nothing to apply; empty otherwise.
        /// </summary>
        public IReadOnlyList<string> AppsWithUnmigratedChanges => _appsWithUnmigratedChanges;

        /// <summary>
        /// The apps Django set out to migrate to their latest migration ("Apply all migrations: admin, auth, ideas"),
        /// in its order; empty for a migrate to a target, and for --plan.
        /// </summary>
        public IReadOnlyList<string> AppsMigratedFully => _appsMigratedFully;

        /// <summary>
        /// Each migration in Django's order: applied, unapplied or faked, the one that raised last as
        /// <see cref="KxMigrationOutcome.Failed"/>; with --plan, every planned migration with its operations.
        /// </summary>
        public IReadOnlyList<KxMigrationStep> GetSteps()
        {
            if (_isPlan)
            {
                return PlannedSteps();
            }

            return _running == null ? _steps.ToArray() : _steps.Concat(new[] { _running }).ToArray();
        }

        /// <inheritdoc/>
        protected override void AddOutput(string line)
        {
            if (line == PlanHeading)
            {
                _isPlan = true;
            }
            else if (_isPlan)
            {
                AddPlanLine(line);
            }
            else
            {
                AddProgressLine(line);
            }
        }

        private void AddProgressLine(string line)
        {
            var progress = Progress.Match(line);
            if (progress.Success)
            {
                // Django reports success before it starts the next migration, so one still running was applied.
                if (_running != null)
                {
                    _steps.Add(WithOutcome(_running, KxMigrationOutcome.Applied));
                }

                var action = progress.Groups["verb"].Value == "Applying" ? KxMigrationAction.Apply : KxMigrationAction.Unapply;
                _running = new KxMigrationStep(progress.Groups["app"].Value, progress.Groups["name"].Value, action,
                    KxMigrationOutcome.Failed, Array.Empty<string>());
                line = progress.Groups["rest"].Value;
            }

            if (_running != null)
            {
                var outcome = Outcome.Match(line);
                if (outcome.Success)
                {
                    var result = outcome.Groups["outcome"].Value == "FAKED" ? KxMigrationOutcome.Faked : KxMigrationOutcome.Applied;
                    _steps.Add(WithOutcome(_running, result));
                    _running = null;
                }

                return;
            }

            var applyAll = ApplyAll.Match(line);
            if (applyAll.Success)
            {
                _appsMigratedFully.AddRange(applyAll.Groups["apps"].Value.Split(new[] { ", " }, StringSplitOptions.RemoveEmptyEntries));
                return;
            }

            var unmigrated = UnmigratedChanges.Match(line);
            if (unmigrated.Success)
            {
                _appsWithUnmigratedChanges.AddRange(
                    QuotedApp.Matches(unmigrated.Groups["apps"].Value).Cast<Match>().Select(match => match.Groups["app"].Value));
            }
        }

        private void AddPlanLine(string line)
        {
            var migration = PlannedMigration.Match(line);
            if (migration.Success)
            {
                _planned.Add(new PlannedMigrationLines(migration.Groups["app"].Value, migration.Groups["name"].Value));
                return;
            }

            var operation = PlannedOperation.Match(line);
            if (operation.Success && _planned.Count > 0)
            {
                _planned[_planned.Count - 1].Operations.Add(operation.Groups["operation"].Value);
            }
        }

        private IReadOnlyList<KxMigrationStep> PlannedSteps()
        {
            // --plan names no direction. Backwards, Django prefixes schema operations with "Undo " and marks
            // RunPython without reverse code IRREVERSIBLE; a plan runs one way, so one such line settles it.
            var action = _planned.SelectMany(migration => migration.Operations).Any(IsBackwardsOperation)
                ? KxMigrationAction.Unapply
                : KxMigrationAction.Apply;
            return _planned
                .Select(migration => new KxMigrationStep(migration.App, migration.Name, action, KxMigrationOutcome.Planned,
                    migration.Operations.ToArray()))
                .ToArray();
        }

        private static bool IsBackwardsOperation(string operation) =>
            operation.StartsWith("Undo ", StringComparison.Ordinal)
            || operation.EndsWith(" -> IRREVERSIBLE", StringComparison.Ordinal);

        private static KxMigrationStep WithOutcome(KxMigrationStep step, KxMigrationOutcome outcome) =>
            new KxMigrationStep(step.App, step.Name, step.Action, outcome, step.Operations);

        private sealed class PlannedMigrationLines
        {
            public PlannedMigrationLines(string app, string name)
            {
                App = app;
                Name = name;
            }

            public string App { get; }
            public string Name { get; }
            public List<string> Operations { get; } = new List<string>();
        }
    }
}
