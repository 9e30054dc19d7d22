namespace Konnaxion.Ops
{
    /// <summary>What runs the project's services: Docker Compose on one engine, or a Docker Swarm stack.</summary>
    public enum KxOrchestrator
    {
        /// <summary>docker compose (or docker-compose) up on the engine: the default.</summary>
        Compose,

        /// <summary>
        /// docker stack deploy on a swarm manager, from a stack file the module derives from the compose file; production only.
        /// </summary>
        Swarm,
    }
}
