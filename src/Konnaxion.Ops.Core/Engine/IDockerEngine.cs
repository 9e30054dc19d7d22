using System;
using System.Collections.Generic;
using System.Threading;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Engine
{
    /// <summary>
    /// The few Docker Engine API calls the module makes for fast status queries. An interface so that a full client
    /// library could replace the hand-written one without touching the callers. A container is named by its ID, an
    /// ID prefix or its name.
    /// </summary>
    public interface IDockerEngine
    {
        /// <summary>Checks that the engine answers.</summary>
        void Ping(CancellationToken cancellationToken);

        /// <summary>
        /// The containers carrying every label in <paramref name="labelFilters"/> (a null value only requires the label
        /// to exist); running ones only unless <paramref name="includeStopped"/>.
        /// </summary>
        IReadOnlyList<EngineContainer> ListContainers(IReadOnlyDictionary<string, string?> labelFilters, bool includeStopped, CancellationToken cancellationToken);

        /// <summary>The run state of one container.</summary>
        EngineContainerState InspectContainer(string id, CancellationToken cancellationToken);

        /// <summary>
        /// The run states of containers just listed, in their order, asked at once where the transport allows; null for one
        /// removed since it was listed. A client may answer for a running container from its last inspection while the
        /// list entry shows the same start and health (<see cref="ContainerInspections"/>).
        /// </summary>
        IReadOnlyList<EngineContainerState?> InspectContainers(IReadOnlyList<EngineContainer> listed, CancellationToken cancellationToken);

        /// <summary>The last <paramref name="lines"/> lines of stdout and stderr, interleaved as written.</summary>
        IReadOnlyList<string> GetLogTail(string id, int lines, CancellationToken cancellationToken);

        /// <summary>The processes of a running container (GET /containers/{id}/top), as the engine's host sees them.</summary>
        IReadOnlyList<EngineProcess> ListProcesses(string id, CancellationToken cancellationToken);

        /// <summary>
        /// Runs <paramref name="command"/> in a running container (exec create, start attached, inspect) and returns its
        /// exit code; its stdout and stderr lines go to <paramref name="onLine"/> as they arrive. <paramref name="environment"/>
        /// holds NAME=value entries, sent only in the request body. Cancelling stops reading: the engine cannot stop an
        /// exec, so what it runs goes on unless the caller stops it.
        /// </summary>
        int Exec(string id, IReadOnlyList<string> command, IReadOnlyList<string> environment, Action<ProcessLine> onLine, CancellationToken cancellationToken);

        /// <summary>
        /// Starts <paramref name="command"/> like <see cref="Exec"/>, with its stdin attached, and returns at once: the
        /// process runs, its output is kept until <see cref="AttachedExec.Wait"/> reads it, and disposing the result ends
        /// its stdin. For a process that waits on stdin for the word to go on.
        /// </summary>
        AttachedExec StartExec(string id, IReadOnlyList<string> command, IReadOnlyList<string> environment, CancellationToken cancellationToken);

        /// <summary>Removes a container; <paramref name="force"/> kills it first if it is running.</summary>
        void RemoveContainer(string id, bool force, CancellationToken cancellationToken);
    }
}
