using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Konnaxion.Ops.Commands.Completion
{
    /// <summary>Completes -Service with the services of the compose file, in the file's order.</summary>
    public sealed class ServiceCompleter : ProjectCompleter
    {
        private protected override IEnumerable<CompletionCandidate> Candidates(KxProject project, IDictionary fakeBoundParameters) =>
            project.ComposeFile.Services.Select(service => new CompletionCandidate(service.Name,
                $"{service.Name}: {(service.HasBuild ? "built from a Dockerfile" : "image")} {service.Image}".TrimEnd()));
    }
}
