using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Project;
using Konnaxion.Ops.Status;

namespace Konnaxion.Ops.Stack
{
    /// <summary>The one-off containers that processes killed hard left behind (see <see cref="OneOffOwner"/>).</summary>
    internal sealed class LeftoverOneOffs
    {
        private readonly ProjectContext _project;

        public LeftoverOneOffs(ProjectContext project) => _project = project;

        /// <summary>
        /// Removes the one-off containers of this project that a process of this machine started and outlived (a
        /// process killed hard cannot remove its `run --rm` container), writing a warning that names each. Those of
        /// other machines, and of processes still running, are left alone: <see cref="ServiceStack.GetServiceStatus"/>
        /// with includeOneOff shows them. The cmdlets call it before anything else; it asks the engine once and throws
        /// nothing but cancellation, so the command that calls it goes on whatever happens here.
        /// </summary>
        /// <param name="output">Gets a warning per container removed, or not removable.</param>
        /// <param name="approve">Asked with a description of each container before removing it (the cmdlets' ShouldProcess, for -WhatIf); null removes them all.</param>
        /// <param name="cancellationToken">Stops waiting for the engine.</param>
        /// <returns>The names of the containers removed.</returns>
        public IReadOnlyList<string> Remove(IKxOutput output, Func<string, bool>? approve, CancellationToken cancellationToken)
        {
            IReadOnlyList<EngineContainer> candidates;
            try
            {
                var filter = new Dictionary<string, string?> { [ServiceStatusJoin.ProjectLabel] = _project.Name, [OneOffOwner.HostLabel] = OneOffOwner.Current.Host };
                candidates = _project.GetEngine().ListContainers(filter, includeStopped: true, cancellationToken);
            }
            catch (KxException ex)
            {
                // An engine that cannot be asked fails the command's own engine calls with this message, if it makes any.
                output.WriteVerbose("Did not look for one-off containers left by killed commands: " + ex.Message);
                return Array.Empty<string>();
            }

            return RemoveFrom(candidates, output, approve, cancellationToken).Select(Name).ToList();
        }

        /// <summary>
        /// What <see cref="Remove"/> does, among containers of the project already listed (by a status that lists them
        /// anyway); returns the containers removed.
        /// </summary>
        public IReadOnlyList<EngineContainer> RemoveFrom(IReadOnlyList<EngineContainer> listed, IKxOutput output, Func<string, bool>? approve,
            CancellationToken cancellationToken)
        {
            var thisHost = OneOffOwner.Current.Host;
            var removed = new List<EngineContainer>();
            foreach (var container in listed)
            {
                var owner = OneOffOwner.FromLabels(container.Labels);
                if (owner == null || !owner.IsGone(thisHost, OneOffOwner.FindLocalProcess))
                {
                    continue;
                }

                var name = Name(container);
                var leftover = $"{name}, started by pid {owner.Pid}, which ended without removing it" +
                    (container.Command is string command ? $" (it ran: {_project.Redactor.Redact(command)})" : string.Empty);
                if (approve != null && !approve(leftover))
                {
                    continue;
                }

                try
                {
                    _project.GetEngine().RemoveContainer(container.Id, force: true, cancellationToken);
                }
                catch (KxException ex) when (ex.ErrorId == KxErrorIds.EngineApiError && ex.Category == KxErrorCategory.ObjectNotFound)
                {
                    // Another command's sweep got there first.
                    continue;
                }
                catch (KxException ex)
                {
                    output.WriteWarning($"Could not remove the one-off container {leftover}: {ex.Message} Remove it with: docker rm -f {name}");
                    continue;
                }

                output.WriteWarning($"Removed the one-off container {leftover}; a process killed hard (a closed terminal, a cancelled CI job) leaves its container behind.");
                removed.Add(container);
            }

            return removed;
        }

        private static string Name(EngineContainer container) => container.Names.FirstOrDefault() ?? container.Id;
    }
}
