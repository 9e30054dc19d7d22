using System;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Project;

namespace Konnaxion.Ops.Swarm
{
    /// <summary>The engine as a swarm manager: every Swarm operation talks to one, since only managers know services and tasks.</summary>
    internal static class SwarmManager
    {
        /// <summary>The project's engine with its Swarm calls; the hand-written client has them, a test's fake may not.</summary>
        public static ISwarmEngine GetSwarmEngine(this ProjectContext project) =>
            project.GetEngine() as ISwarmEngine
            ?? throw new InvalidOperationException($"The engine client {project.GetEngine().GetType().Name} has no Swarm calls (ISwarmEngine).");

        /// <summary>
        /// The engine's swarm state when it is a manager of an active swarm; otherwise SwarmNotManager, naming the
        /// engine (<paramref name="engineName"/>, such as its endpoint) and what to do.
        /// </summary>
        public static EngineSwarmInfo Require(ISwarmEngine engine, string engineName, CancellationToken cancellationToken)
        {
            var info = engine.GetSwarmInfo(cancellationToken);
            if (info.IsManager)
            {
                return info;
            }

            var state = info.LocalNodeState == EngineSwarmInfo.Active
                ? "a worker of its swarm, not a manager"
                : $"not in an active swarm (its swarm state is {info.LocalNodeState}{(info.Error != null ? ": " + info.Error : string.Empty)})";
            var action = info.LocalNodeState == EngineSwarmInfo.Active
                ? "Point -DockerHost or -Context at a manager of the swarm (docker node ls on one lists them), or promote this node with docker node promote."
                : "Make it a swarm manager with docker swarm init (or join it to a swarm as a manager), or point -DockerHost or -Context at a manager.";
            throw new KxException(KxErrorIds.SwarmNotManager, KxErrorCategory.InvalidOperation, engineName,
                $"The Docker engine at {engineName} is {state}; the Swarm target needs a manager. {action}", action);
        }

        /// <summary>How the errors name the engine: its endpoint when the client knows it.</summary>
        public static string Describe(ISwarmEngine engine) => (engine as DockerEngineClient)?.Endpoint.Description ?? "the Docker engine";
    }
}
