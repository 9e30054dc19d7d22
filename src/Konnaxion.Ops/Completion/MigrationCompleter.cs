using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Konnaxion.Ops.Discovery;

namespace Konnaxion.Ops.Commands.Completion
{
    /// <summary>
    /// Completes -Target with the migrations of the app given to -App, newest first (the usual target when stepping
    /// back is a recent one), then "zero", which unapplies them all.
    /// </summary>
    public sealed class MigrationCompleter : ProjectCompleter
    {
        private const string Zero = "zero";

        private protected override IEnumerable<CompletionCandidate> Candidates(KxProject project, IDictionary fakeBoundParameters)
        {
            var label = Bound<string?>(fakeBoundParameters, "App", null);
            var app = DjangoSourceTree.FindApps(project.Directory).FirstOrDefault(a => a.Label == label);
            if (app == null)
            {
                return Enumerable.Empty<CompletionCandidate>();
            }

            return DjangoSourceTree.FindMigrations(app.MigrationsFolder)
                .Reverse()
                .Select(name => new CompletionCandidate(name, Path.Combine(app.MigrationsFolder, name + ".py")))
                .Concat(new[] { new CompletionCandidate(Zero, $"Unapplies every migration of {app.Label}.") });
        }
    }
}
