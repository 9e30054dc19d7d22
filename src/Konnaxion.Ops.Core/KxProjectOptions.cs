using System.Collections.Generic;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Django;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Processes;

namespace Konnaxion.Ops
{
    /// <summary>How to open a <see cref="KxProject"/> beyond its folder and environment.</summary>
    public sealed class KxProjectOptions
    {
        /// <summary>A compose file to use instead of the environment's; relative to the path given to Open.</summary>
        public string? ComposeFile { get; set; }

        /// <summary>A compose project name that overrides compose's own rules.</summary>
        public string? ProjectName { get; set; }

        /// <summary>
        /// The compose profiles to activate, as compose's --profile: they replace COMPOSE_PROFILES for the module and
        /// every compose command it runs; null to take COMPOSE_PROFILES (the environment, then the project's .env).
        /// </summary>
        public IReadOnlyList<string>? Profiles { get; set; }

        /// <summary>
        /// Compose (the default), or Swarm: the production services as a stack on the swarm the engine manages (the stack
        /// is named as the compose project), deployed from a stack file derived from the compose file.
        /// </summary>
        public KxOrchestrator Orchestrator { get; set; }

        /// <summary>
        /// The tag a Swarm deploy gives the images it builds (<c>image:tag</c>); null to take the project folder's git
        /// commit (<c>git rev-parse --short=12 HEAD</c>, with <c>-dirty</c> when the tree has changes).
        /// </summary>
        public string? ImageTag { get; set; }

        /// <summary>The compose implementation; null to take KONNAXION_COMPOSE, else Auto.</summary>
        public ComposeFlavor? Compose { get; set; }

        /// <summary>The service whose container runs manage.py.</summary>
        public string DjangoService { get; set; } = "django";

        /// <summary>
        /// Run manage.py in the service's running container (an exec through the Engine API and the image's
        /// entrypoint) instead of a one-off container (`compose run --rm`): no container to create, so about twice as
        /// fast, but the service must be running.
        /// </summary>
        public bool InRunningContainer { get; set; }

        /// <summary>The PostgreSQL service whose cookiecutter-django maintenance scripts (backup, backups) back the database up.</summary>
        public string DatabaseService { get; set; } = "postgres";

        /// <summary>The Docker endpoint (as DOCKER_HOST); null to resolve it the way the docker CLI does.</summary>
        public string? DockerHost { get; set; }

        /// <summary>A docker context to use instead of the current one (like `docker --context`).</summary>
        public string? DockerContext { get; set; }

        /// <summary>Connect and read timeouts, and the ssh client's identity and options, for the engine; defaults when null.</summary>
        public DockerConnectionOptions? DockerConnection { get; set; }

        /// <summary>
        /// Engine connections to rent instead of opening one for this project and closing it with the project: what the
        /// cmdlets pass, so that one call after another reuses a connection and its negotiated API version. Used only
        /// with the default <see cref="DockerConnection"/>.
        /// </summary>
        public KxEnginePool? EnginePool { get; set; }

        /// <summary>Parsed compose files to reuse when a file and its variables have not changed; what the cmdlets pass.</summary>
        public ComposeFileCache? ComposeFileCache { get; set; }

        /// <summary>
        /// The environments that running containers' entrypoints set up, kept for the next manage.py call in the same
        /// container start (<see cref="InRunningContainer"/>); what the cmdlets pass. Without it every such call runs
        /// the entrypoint first.
        /// </summary>
        public EntrypointEnvironmentCache? EntrypointEnvironments { get; set; }

        /// <summary>An engine client to use instead of connecting to the resolved endpoint; the caller disposes it.</summary>
        public IDockerEngine? Engine { get; set; }

        /// <summary>Starts child processes; replaced in unit tests.</summary>
        public IProcessRunner ProcessRunner { get; set; } = Processes.ProcessRunner.Instance;
    }
}
