using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Konnaxion.Ops.Commands.Completion
{
    /// <summary>Completes -Profile with the profiles the compose file's services name, active or not, each with its services.</summary>
    public sealed class ProfileCompleter : ProjectCompleter
    {
        private protected override IEnumerable<CompletionCandidate> Candidates(KxProject project, IDictionary fakeBoundParameters) =>
            project.ComposeFile.Services.Concat(project.ComposeFile.InactiveServices)
                .SelectMany(service => service.Profiles.Select(profile => (Profile: profile, Service: service.Name)))
                .GroupBy(p => p.Profile)
                .Select(g => new CompletionCandidate(g.Key, $"{g.Key}: {string.Join(", ", g.Select(p => p.Service))}"));
    }
}
