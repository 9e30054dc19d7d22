using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Status;

namespace Konnaxion.Ops.Swarm
{
    /// <summary>
    /// A one-shot Swarm job (migrate, backup): a replicated-job service of one task, never restarted, on the stack's
    /// network; its output streamed as it runs and its container's exit code the result. Swarm has no `run --rm`, so the
    /// service is removed afterwards whatever happens, and it is labelled with its owner (<see cref="OneOffOwner"/>) so
    /// that one left by a process killed hard is swept by the next command (<see cref="SwarmLeftoverJobs"/>). It carries
    /// no com.docker.stack.namespace label, so `stack deploy --prune` and the stack's status never see it.
    /// </summary>
    internal static class SwarmJob
    {
        /// <summary>The stack a job works for.</summary>
        public const string StackLabel = "io.konnaxion-ops.stack";

        /// <summary>What the job does (migrate, backup).</summary>
        public const string PurposeLabel = "io.konnaxion-ops.job";

        /// <summary>Swarm refuses service names longer than 63 characters (a DNS label).</summary>
        private const int MaxNameLength = 63;

        private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(500);

        /// <summary>
        /// How long a task may stay unschedulable (pending with an error, such as no node meeting the constraints)
        /// before the job gives up: long enough for a node that is joining, short enough not to hang a runbook.
        /// </summary>
        private static readonly TimeSpan UnschedulableGrace = TimeSpan.FromSeconds(30);

        /// <summary>
        /// How long to look for a second task once the first has ended: Engine 20.10 could start a job's task again
        /// (moby 41609), and a migrate that ran twice must not pass for one that ran once.
        /// </summary>
        private static readonly TimeSpan SecondTaskWatch = TimeSpan.FromSeconds(1);

        /// <summary>
        /// A job spec named kx-STACK-PURPOSE-RANDOM, labelled with its stack, purpose and this process as its owner.
        /// </summary>
        public static EngineJobSpec Spec(string stack, string purpose, string image, IReadOnlyList<string> arguments)
        {
            var suffix = "-" + purpose + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var name = "kx-" + stack;
            name = name.Substring(0, Math.Min(name.Length, MaxNameLength - suffix.Length)) + suffix;
            var labels = OneOffOwner.Current.Labels.ToDictionary(label => label.Key, label => label.Value);
            labels[StackLabel] = stack;
            labels[PurposeLabel] = purpose;
            return new EngineJobSpec(name, image, arguments) { Labels = labels };
        }

        /// <summary>
        /// Runs the job to its end and returns its container's exit code; every line it writes goes to
        /// <paramref name="onLine"/> as it arrives. The service is removed before this returns or throws (also when
        /// <paramref name="cancellationToken"/> stops it, which stops the task).
        /// </summary>
        /// <exception cref="KxException">SwarmJobFailed when the task was rejected, ended without an exit code, could not be scheduled or was not alone; engine errors.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled; the service is removed.</exception>
        /// <param name="engine">A manager of the swarm.</param>
        /// <param name="containers">The same engine's container calls: Engine 20.10 keeps an ended job task's container after its service is removed.</param>
        /// <param name="spec">The job, from <see cref="Spec"/>.</param>
        /// <param name="onLine">Gets each line of its output, on the calling thread.</param>
        /// <param name="output">Gets what was created and removed (verbose) and a removal that failed (a warning).</param>
        /// <param name="cancellationToken">Stops waiting; the job is removed, which stops its task.</param>
        /// <param name="pollInterval">Between looks at its tasks; half a second by default.</param>
        public static int Run(ISwarmEngine engine, IDockerEngine containers, EngineJobSpec spec, Action<ProcessLine> onLine, IKxOutput output,
            CancellationToken cancellationToken, TimeSpan? pollInterval = null)
        {
            PlaceOnCalledNode(engine, spec, cancellationToken);
            var id = engine.CreateJob(spec, cancellationToken);
            output.WriteVerbose($"Created the Swarm job {spec.Name} ({id}) from {spec.Image}.");
            try
            {
                var logs = new JobLog(engine, id, onLine);
                try
                {
                    var task = WaitForEnd(engine, spec.Name, id, logs, pollInterval ?? DefaultPollInterval, cancellationToken);
                    logs.Complete(cancellationToken);
                    return ExitCode(engine, spec.Name, id, task, cancellationToken);
                }
                finally
                {
                    logs.Dispose();
                }
            }
            finally
            {
                Remove(engine, containers, spec.Name, id, output);
            }
        }

        /// <summary>
        /// Gives a job without a placement of its own the node of the engine called, when that node takes tasks: Engine
        /// 20.10 keeps an ended job task's container, which only the engine of its node can remove, and the images a
        /// deploy builds are there already. On a drained node the scheduler chooses, and a container left on another
        /// node is a verbose line of <see cref="Remove"/>.
        /// </summary>
        internal static void PlaceOnCalledNode(ISwarmEngine engine, EngineJobSpec spec, CancellationToken cancellationToken)
        {
            if (spec.Constraints.Count > 0)
            {
                return;
            }

            var node = engine.GetSwarmInfo(cancellationToken).NodeId;
            if (node != null && engine.ListNodes(cancellationToken).Any(candidate => candidate.Id == node && candidate.Availability == "active"))
            {
                spec.Constraints = new[] { "node.id==" + node };
            }
        }

        /// <summary>
        /// The job's first task once it has ended, passing its lines on meanwhile (on this thread: PowerShell's streams
        /// take writes from the pipeline thread only); SwarmJobFailed for one that cannot be scheduled.
        /// </summary>
        private static EngineSwarmTask WaitForEnd(ISwarmEngine engine, string name, string id, JobLog logs, TimeSpan pollInterval,
            CancellationToken cancellationToken)
        {
            DateTimeOffset? unschedulableSince = null;
            while (true)
            {
                var tasks = engine.ListTasks(id, null, null, cancellationToken);
                if (tasks.FirstOrDefault(task => task.IsFinished) is EngineSwarmTask ended)
                {
                    return ended;
                }

                var pending = tasks.FirstOrDefault(task => task.State == "pending" && task.Error != null);
                unschedulableSince = pending == null ? null : unschedulableSince ?? DateTimeOffset.UtcNow;
                if (pending != null && DateTimeOffset.UtcNow - unschedulableSince >= UnschedulableGrace)
                {
                    throw Failed(name, $"has found no node to run on for {EngineErrors.Seconds(UnschedulableGrace)}: {pending.Error}",
                        "Check its placement (docker node ls: is the node it needs up and active?), then run again.", KxErrorCategory.ResourceUnavailable);
                }

                logs.DeliverFor(pollInterval, cancellationToken);
            }
        }

        /// <summary>The ended task's exit code, once it is known to be the job's only task.</summary>
        private static int ExitCode(ISwarmEngine engine, string name, string id, EngineSwarmTask task, CancellationToken cancellationToken)
        {
            cancellationToken.WaitHandle.WaitOne(SecondTaskWatch);
            cancellationToken.ThrowIfCancellationRequested();
            var tasks = engine.ListTasks(id, null, null, cancellationToken);
            if (tasks.Count > 1)
            {
                throw Failed(name, $"ran {tasks.Count} tasks ({string.Join("; ", tasks)}), where a job runs one: what it does may have run more than once",
                    "Check what the job did (for a migrate, Get-KxMigration), then run it again; Docker 20.10 had job re-run bugs, a newer engine avoids them.");
            }

            if ((task.State == "complete" || task.State == "failed") && task.ExitCode is int exitCode)
            {
                return exitCode;
            }

            var reason = task.Error ?? task.Message ?? "no reason given";
            throw Failed(name, task.State == "rejected" ? $"was rejected: {reason}" : $"ended ({task.State}) without an exit code: {reason}",
                "Fix what the task error says (an image the node does not have, a network or volume that does not exist), then run again.");
        }

        private static KxException Failed(string name, string what, string action, KxErrorCategory category = KxErrorCategory.InvalidOperation) =>
            new KxException(KxErrorIds.SwarmJobFailed, category, name, $"The Swarm job {name} {what}. {action}", action);

        /// <summary>
        /// Removes the service, then its tasks' containers, which Engine 20.10 leaves behind for an ended job (a
        /// container on another node than the engine called is out of reach: a warning names it). A failure to remove is
        /// a warning naming the command that finishes it, never a new error over the job's own.
        /// </summary>
        internal static void Remove(ISwarmEngine engine, IDockerEngine containers, string name, string id, IKxOutput output)
        {
            IReadOnlyList<EngineSwarmTask> tasks;
            try
            {
                tasks = engine.ListTasks(id, null, null, CancellationToken.None);
                engine.RemoveService(id, CancellationToken.None);
                output.WriteVerbose($"Removed the Swarm job {name}.");
            }
            catch (KxException ex) when (ex.ErrorId == KxErrorIds.EngineApiError && ex.Category == KxErrorCategory.ObjectNotFound)
            {
                // Already gone.
                return;
            }
            catch (KxException ex)
            {
                output.WriteWarning($"Could not remove the Swarm job {name}: {ex.Message} Remove it with: docker service rm {name}");
                return;
            }

            foreach (var task in tasks.Where(task => task.ContainerId != null))
            {
                try
                {
                    containers.RemoveContainer(task.ContainerId!, force: true, CancellationToken.None);
                }
                catch (KxException ex) when (ex.ErrorId == KxErrorIds.EngineApiError && ex.Category == KxErrorCategory.ObjectNotFound)
                {
                    // Removed with the service, or on another node: the engine called cannot tell which.
                    output.WriteVerbose($"The container {task.ContainerId} of the Swarm job {name} is not on this engine (already removed, or on node {task.NodeId}).");
                }
                catch (KxException ex)
                {
                    output.WriteWarning($"Could not remove the container of the Swarm job {name}: {ex.Message} Remove it with: docker rm -f {task.ContainerId}");
                }
            }
        }

        /// <summary>
        /// The job's output: followed while it runs, on a thread of its own as the follow blocks, and passed on by the
        /// caller's thread; then completed once the job has ended from the whole log, since a follow never ends while
        /// the service exists and may not have delivered the last lines when it is stopped. Lines already passed on are
        /// not passed on again: a single task's log reads the same in both, stream by stream (the engine may interleave
        /// stdout and stderr differently from one read to the next, so each stream's lines are counted apart).
        /// </summary>
        private sealed class JobLog : IDisposable
        {
            private readonly ISwarmEngine _engine;
            private readonly string _id;
            private readonly Action<ProcessLine> _onLine;
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();
            private readonly ConcurrentQueue<ProcessLine> _arrived = new ConcurrentQueue<ProcessLine>();
            private readonly AutoResetEvent _lineArrived = new AutoResetEvent(false);
            private readonly Thread _follower;
            private readonly int[] _delivered = new int[2];

            public JobLog(ISwarmEngine engine, string id, Action<ProcessLine> onLine)
            {
                _engine = engine;
                _id = id;
                _onLine = onLine;
                _follower = new Thread(Follow) { IsBackground = true, Name = "Swarm job log " + id };
                _follower.Start();
            }

            /// <summary>Passes on the lines that arrive during <paramref name="time"/>.</summary>
            public void DeliverFor(TimeSpan time, CancellationToken cancellationToken)
            {
                var deadline = DateTime.UtcNow + time;
                for (var left = time; left > TimeSpan.Zero; left = deadline - DateTime.UtcNow)
                {
                    if (WaitHandle.WaitAny(new[] { cancellationToken.WaitHandle, _lineArrived }, left) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    Deliver();
                }
            }

            /// <summary>Stops following and passes on what the follow had not delivered.</summary>
            public void Complete(CancellationToken cancellationToken)
            {
                Stop();
                Deliver();
                var seen = new int[2];
                foreach (var line in _engine.GetServiceLogs(_id, null, cancellationToken))
                {
                    if (++seen[(int)line.Stream] > _delivered[(int)line.Stream])
                    {
                        _onLine(line);
                    }
                }
            }

            public void Dispose()
            {
                Stop();
                _stop.Dispose();
                _lineArrived.Dispose();
            }

            private void Deliver()
            {
                while (_arrived.TryDequeue(out var line))
                {
                    _onLine(line);
                    _delivered[(int)line.Stream]++;
                }
            }

            private void Stop()
            {
                _stop.Cancel();
                _follower.Join();
            }

            private void Follow()
            {
                try
                {
                    _engine.FollowServiceLogs(_id, line =>
                    {
                        _arrived.Enqueue(line);
                        _lineArrived.Set();
                    }, _stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException || ex is KxException)
                {
                    // Stopped, or the follow broke: Complete reads the whole log either way.
                }
            }
        }
    }
}
