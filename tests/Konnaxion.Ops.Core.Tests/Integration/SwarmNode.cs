using System;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Tests.Engine;

namespace Konnaxion.Ops.Tests.Integration
{
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class DockerSwarmCollection : ICollectionFixture<SwarmNode>
    {
        public const string Name = "Docker swarm";
    }

    /// <summary>
    /// The CI engine as a swarm manager for the Swarm engine tests: a single-node swarm on loopback made on first use
    /// when the engine is in none, and left at the end only when made here, so a swarm someone else made (another
    /// test run's two nodes) is used and kept. Everything the tests create is named kxswarmtest-*.
    /// </summary>
    public sealed class SwarmNode : IDisposable
    {
        private readonly Lazy<EngineSwarmInfo> _joined;
        private bool _initialised;

        public SwarmNode()
        {
            _joined = new Lazy<EngineSwarmInfo>(() =>
            {
                if (ThrowawayContainers.Docker(new[] { "info", "--format", "{{.Swarm.LocalNodeState}}" }) == "inactive")
                {
                    ThrowawayContainers.Docker(new[] { "swarm", "init", "--advertise-addr", "127.0.0.1" });
                    _initialised = true;
                }

                using var client = new DockerEngineClient(EngineTestEnvironment.DefaultEndpoint);
                var info = client.GetSwarmInfo(CancellationToken.None);
                Assert.True(info.IsManager, $"The engine is in a swarm but not as a manager ({info}): the Swarm tests need a manager.");
                return info;
            });
        }

        /// <summary>This engine's node: the tests place their tasks on it, where the test images are.</summary>
        public string NodeId => _joined.Value.NodeId!;

        public string Constraint => "node.id==" + NodeId;

        /// <summary>A name of this run's own, kxswarmtest-WHAT-RANDOM.</summary>
        public static string NewName(string what) => $"kxswarmtest-{what}-{Guid.NewGuid().ToString("N").Substring(0, 8)}";

        public DockerEngineClient Connect()
        {
            _ = _joined.Value;
            return new DockerEngineClient(EngineTestEnvironment.DefaultEndpoint);
        }

        public void Dispose()
        {
            if (_initialised)
            {
                ThrowawayContainers.Docker(new[] { "swarm", "leave", "--force" }, mustSucceed: false);
            }
        }
    }
}
