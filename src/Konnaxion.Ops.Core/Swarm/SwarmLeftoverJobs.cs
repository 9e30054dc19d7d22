using System;
using System.Collections.Generic;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Project;
using Konnaxion.Ops.Status;

namespace Konnaxion.Ops.Swarm
{
    /// <summary>
    /// The Swarm jobs of a stack that processes killed hard left behind (a job service outlives its process), swept
    /// as <see cref="Stack.LeftoverOneOffs"/> sweeps one-off containers: only those a process of this machine started
    /// and outlived; those of other machines, and of processes still running, are left alone.
    /// </summary>
    internal static class SwarmLeftoverJobs
    {
        /// <summary>The leftover jobs of the project's stack, through the project's engine; as the other overload.</summary>
        public static IReadOnlyList<string> Remove(ProjectContext project, IKxOutput output, Func<string, bool>? approve, CancellationToken cancellationToken)
        {
            ISwarmEngine engine;
            try
            {
                engine = project.GetSwarmEngine();
            }
            catch (KxException ex)
            {
                output.WriteVerbose("Did not look for Swarm jobs left by killed commands: " + ex.Message);
                return Array.Empty<string>();
            }

            return Remove(engine, project.GetEngine(), project.Name, output, approve, cancellationToken);
        }

        /// <summary>
        /// Removes them, writing a warning that names each. Throws nothing but cancellation, so the command that
        /// calls it goes on whatever happens here.
        /// </summary>
        /// <param name="engine">A manager of the swarm.</param>
        /// <param name="containers">The same engine's container calls, for the jobs' containers.</param>
        /// <param name="stack">The stack whose jobs to look for.</param>
        /// <param name="output">Gets a warning per job removed, or not removable.</param>
        /// <param name="approve">Asked with a description of each job before removing it (ShouldProcess); null removes them all.</param>
        /// <param name="cancellationToken">Stops waiting for the engine.</param>
        /// <returns>The names of the jobs removed.</returns>
        public static IReadOnlyList<string> Remove(ISwarmEngine engine, IDockerEngine containers, string stack, IKxOutput output, Func<string, bool>? approve,
            CancellationToken cancellationToken)
        {
            var thisHost = OneOffOwner.Current.Host;
            IReadOnlyList<EngineSwarmService> candidates;
            try
            {
                candidates = engine.ListServices(new Dictionary<string, string?> { [SwarmJob.StackLabel] = stack, [OneOffOwner.HostLabel] = thisHost },
                    cancellationToken);
            }
            catch (KxException ex)
            {
                output.WriteVerbose("Did not look for Swarm jobs left by killed commands: " + ex.Message);
                return Array.Empty<string>();
            }

            var removed = new List<string>();
            foreach (var job in candidates)
            {
                var owner = OneOffOwner.FromLabels(job.Labels);
                if (owner == null || !owner.IsGone(thisHost, OneOffOwner.FindLocalProcess))
                {
                    continue;
                }

                var leftover = $"{job.Name}, started by pid {owner.Pid}, which ended without removing it";
                if (approve != null && !approve(leftover))
                {
                    continue;
                }

                // Warns, itself, of what it could not remove.
                SwarmJob.Remove(engine, containers, job.Name, job.Id, output);
                output.WriteWarning($"Removed the Swarm job {leftover}; a process killed hard (a closed terminal, a cancelled CI job) leaves its job service behind.");
                removed.Add(job.Name);
            }

            return removed;
        }
    }
}
