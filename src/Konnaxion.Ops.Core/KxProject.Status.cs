using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Status;

namespace Konnaxion.Ops
{
    public sealed partial class KxProject : IDisposable
    {
        private DockerEngineClient? _ownEngine;

        /// <summary>
        /// One status per service of the compose file (per container when scaled), read from the Docker Engine API
        /// by compose labels: no compose process, so it is fast enough to poll.
        /// </summary>
        /// <param name="services">The services to report; all when empty.</param>
        /// <param name="includeOneOff">Also report leftover one-off `run` containers.</param>
        /// <param name="cancellationToken">Stops waiting for the engine.</param>
        public IReadOnlyList<KxServiceStatus> GetServiceStatus(IReadOnlyCollection<string>? services = null, bool includeOneOff = false,
            CancellationToken cancellationToken = default)
        {
            var selected = ResolveServices(services).Select(RequireService).ToList();
            var engine = GetEngine();
            var containers = engine.ListContainers(ServiceStatusJoin.ProjectFilter(Name), includeStopped: true, cancellationToken)
                .Select(c => (Container: c, State: engine.InspectContainer(c.Id, cancellationToken)))
                .ToList();
            return ServiceStatusJoin.Join(Name, selected, containers, includeOneOff, DateTimeOffset.UtcNow);
        }

        /// <summary>The engine client: the one given in the options, else one connected to the resolved endpoint.</summary>
        internal IDockerEngine GetEngine()
        {
            if (_options.Engine != null)
            {
                return _options.Engine;
            }

            return _ownEngine ??= new DockerEngineClient(
                DockerEndpointResolver.ForCurrentMachine().Resolve(_options.DockerHost, _options.DockerContext), _options.DockerConnection);
        }

        /// <summary>Closes the engine connection this project opened (for ssh, its ssh process).</summary>
        public void Dispose()
        {
            _ownEngine?.Dispose();
            _ownEngine = null;
        }
    }
}
