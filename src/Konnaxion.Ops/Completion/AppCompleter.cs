using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Konnaxion.Ops.Discovery;

namespace Konnaxion.Ops.Commands.Completion
{
    /// <summary>Completes -App with the Django apps that have a migrations package in the backend's source.</summary>
    public sealed class AppCompleter : ProjectCompleter
    {
        private protected override IEnumerable<CompletionCandidate> Candidates(KxProject project, IDictionary fakeBoundParameters) =>
            DjangoSourceTree.FindApps(project.Directory).Select(app => new CompletionCandidate(app.Label, app.Folder));
    }
}
