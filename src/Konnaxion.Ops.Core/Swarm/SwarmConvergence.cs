using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Swarm
{
    /// <summary>
    /// Waits for a Swarm stack to converge: every service running the tasks it wants, no update under way. A service
    /// whose tasks keep failing never converges (Swarm restarts them for ever), so the wait fails early on it, quoting
    /// the task error and the service's last log lines, instead of waiting out the timeout.
    /// </summary>
    internal static class SwarmConvergence
    {
        /// <summary>Failed tasks of the current spec after which a service counts as failing, not starting.</summary>
        public const int FailingTasks = 3;

        /// <summary>Log lines quoted in SwarmTaskFailing.</summary>
        public const int LogLines = 20;

        private const int ProgressActivityId = 0x4b53;

        private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

        /// <summary>The stack's status once converged.</summary>
        /// <param name="engine">A manager of the swarm.</param>
        /// <param name="stack">The stack's name.</param>
        /// <param name="timeout">How long to wait; Timeout.InfiniteTimeSpan waits for ever.</param>
        /// <param name="redactor">Masks the env files' secrets in the quoted log lines (an entrypoint may echo DATABASE_URL).</param>
        /// <param name="output">Gets one progress activity with each service's replicas.</param>
        /// <param name="cancellationToken">Stops waiting (OperationCanceledException).</param>
        /// <param name="pollInterval">Between looks at the stack; a second by default.</param>
        /// <exception cref="KxException">SwarmTaskFailing, ServiceWaitTimeout, or an engine error.</exception>
        public static IReadOnlyList<KxSwarmServiceStatus> Wait(ISwarmEngine engine, string stack, TimeSpan timeout, SecretRedactor redactor, IKxOutput output,
            CancellationToken cancellationToken, TimeSpan? pollInterval = null)
        {
            var activity = $"Waiting for Swarm stack {stack} to converge";
            var clock = Stopwatch.StartNew();
            var convergedBefore = false;
            try
            {
                while (true)
                {
                    // Converged at two looks in a row: a task of a crash loop is running for a moment between its restarts.
                    var status = SwarmStatus.Get(engine, stack, cancellationToken);
                    var converged = status.Count > 0 && status.All(service => service.Converged);
                    if (converged && convergedBefore)
                    {
                        return status;
                    }

                    convergedBefore = converged;
                    if (status.FirstOrDefault(IsFailing) is KxSwarmServiceStatus failing)
                    {
                        throw TaskFailing(engine, failing, redactor, cancellationToken);
                    }

                    if (timeout != Timeout.InfiniteTimeSpan && clock.Elapsed >= timeout)
                    {
                        throw TimedOut(stack, status, timeout);
                    }

                    output.WriteProgress(new KxProgress(ProgressActivityId, activity, status.Count == 0 ? "No services yet" : string.Join(", ", status)));
                    if (cancellationToken.WaitHandle.WaitOne(pollInterval ?? DefaultPollInterval))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
            }
            finally
            {
                output.WriteProgress(new KxProgress(ProgressActivityId, activity, "Done", 100, completed: true));
            }
        }

        /// <summary>Its tasks keep failing, or its update paused (Swarm's default on a failed update): neither mends itself.</summary>
        private static bool IsFailing(KxSwarmServiceStatus service) =>
            (service.FailedTasks >= FailingTasks && !service.Converged) || service.UpdateState == "paused" || service.UpdateState == "rollback_paused";

        private static KxException TaskFailing(ISwarmEngine engine, KxSwarmServiceStatus service, SecretRedactor redactor, CancellationToken cancellationToken)
        {
            var what = service.UpdateState == "paused" || service.UpdateState == "rollback_paused"
                ? $"has its update {service.UpdateState.Replace('_', ' ')}{(service.UpdateMessage != null ? ": " + service.UpdateMessage : string.Empty)}"
                : $"keeps failing: {service.FailedTasks} of its tasks failed, {service.Running} of {service.Desired} running";
            var error = service.LastError != null ? $"; the last task error: {service.LastError}" : string.Empty;
            IReadOnlyList<ProcessLine> lines;
            try
            {
                lines = engine.GetServiceLogs(service.Name, LogLines, cancellationToken);
            }
            catch (KxException)
            {
                lines = Array.Empty<ProcessLine>();
            }

            var log = lines.Count == 0 ? "It wrote nothing to its log."
                : $"The last {lines.Count} line{(lines.Count == 1 ? string.Empty : "s")} of its log:" + string.Concat(lines.Select(line => "\n  " + redactor.Redact(line.Text)));
            var action = $"Fix what the log shows (docker service logs {service.Name}; docker service ps --no-trunc {service.Name} shows every task's error), then deploy again.";
            return new KxException(KxErrorIds.SwarmTaskFailing, KxErrorCategory.ResourceUnavailable, service,
                $"{service.Service} (Swarm service {service.Name}) {what}{error}. {action}\n{log}", action);
        }

        private static KxException TimedOut(string stack, IReadOnlyList<KxSwarmServiceStatus> status, TimeSpan timeout)
        {
            var notConverged = status.Where(service => !service.Converged).ToList();
            var names = notConverged.Select(service => service.Service).ToArray();
            var action = status.Count == 0
                ? $"Deploy the stack first (docker stack ls lists those deployed), or check its name ({stack})."
                : "Read their tasks' errors (docker service ps --no-trunc SERVICE) and logs (docker service logs SERVICE), or wait longer.";
            return new KxException(KxErrorIds.ServiceWaitTimeout, KxErrorCategory.OperationTimeout, names.Length > 0 ? names : (object)stack,
                $"Waited {EngineErrors.Seconds(timeout)} for Swarm stack {stack} to converge; " +
                (status.Count == 0 ? "it has no services." : "still not: " + string.Join(", ", notConverged.Select(Describe)) + ".") + " " + action, action);
        }

        private static string Describe(KxSwarmServiceStatus service) =>
            service + (service.LastError != null ? $", last task error: {service.LastError}" : string.Empty);
    }
}
