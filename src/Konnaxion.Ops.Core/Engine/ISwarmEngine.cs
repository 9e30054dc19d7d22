using System;
using System.Collections.Generic;
using System.Threading;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Engine
{
    /// <summary>
    /// The Docker Engine API's Swarm calls the module makes (API 1.41, Docker 20.10): what the engine is in its swarm,
    /// the nodes, services and tasks, one-shot job services and their logs. Apart from <see cref="IDockerEngine"/> so
    /// that the container calls every command makes stay small; the hand-written client implements both. Every call
    /// but <see cref="GetSwarmInfo"/> needs a manager.
    /// </summary>
    public interface ISwarmEngine
    {
        /// <summary>GET /info: whether the engine is in a swarm, as a manager, and its node ID.</summary>
        EngineSwarmInfo GetSwarmInfo(CancellationToken cancellationToken);

        /// <summary>GET /nodes.</summary>
        IReadOnlyList<EngineNode> ListNodes(CancellationToken cancellationToken);

        /// <summary>
        /// GET /services?status=true: the services carrying every label in <paramref name="labelFilters"/> (a null value
        /// only requires the label), with their task counts.
        /// </summary>
        IReadOnlyList<EngineSwarmService> ListServices(IReadOnlyDictionary<string, string?> labelFilters, CancellationToken cancellationToken);

        /// <summary>GET /services/{id}; a service is named by its ID, an ID prefix or its name.</summary>
        EngineSwarmService InspectService(string id, CancellationToken cancellationToken);

        /// <summary>POST /services/create of a one-shot job; returns the new service's ID. The spec (with its environment) is only in the request body.</summary>
        string CreateJob(EngineJobSpec spec, CancellationToken cancellationToken);

        /// <summary>DELETE /services/{id}: the engine stops and removes its tasks' containers.</summary>
        void RemoveService(string id, CancellationToken cancellationToken);

        /// <summary>
        /// GET /tasks with the filters given: of one service (<paramref name="serviceId"/>), carrying labels (the service's
        /// labels, which tasks inherit), or in one desired state (running, shutdown, accepted).
        /// </summary>
        IReadOnlyList<EngineSwarmTask> ListTasks(string? serviceId, IReadOnlyDictionary<string, string?>? labelFilters, string? desiredState,
            CancellationToken cancellationToken);

        /// <summary>
        /// GET /services/{id}/logs?follow=1 on a connection of its own: every line of the service's tasks, to
        /// <paramref name="onLine"/> as it arrives, until the engine ends the stream (it may not while the service exists)
        /// or <paramref name="cancellationToken"/> stops it.
        /// </summary>
        void FollowServiceLogs(string id, Action<ProcessLine> onLine, CancellationToken cancellationToken);

        /// <summary>GET /services/{id}/logs: the lines logged so far (the last <paramref name="tail"/> when given), stdout and stderr interleaved.</summary>
        IReadOnlyList<ProcessLine> GetServiceLogs(string id, int? tail, CancellationToken cancellationToken);
    }
}
