using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Status;

namespace Konnaxion.Ops
{
    /// <summary>What <see cref="KxProject.WaitForServices"/> waits for.</summary>
    public enum KxWaitCondition
    {
        /// <summary>Every container of the services is running.</summary>
        Running,

        /// <summary>Every container is running and healthy; one without a healthcheck only has to be running.</summary>
        Healthy,
    }

    public sealed partial class KxProject
    {
        /// <summary>How long Wait-KxService and Invoke-KxBuild -Wait wait unless told otherwise.</summary>
        public static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromMinutes(2);

        /// <summary>Status through the engine costs a few milliseconds, so polling often costs nothing and answers soon.</summary>
        private static readonly TimeSpan WaitPollInterval = TimeSpan.FromMilliseconds(250);

        /// <summary>How many of an exited container's last log lines explain why it stopped.</summary>
        private const int ExitLogLines = 20;

        private const int WaitProgressActivityId = 0x4b57;

        /// <summary>
        /// Polls the services' status until every container meets <paramref name="condition"/>, and returns the
        /// statuses that met it. A service without a container is waited for (compose may still be creating it);
        /// a container that exits, turns unhealthy or keeps crashing under its restart policy fails at once, with its last
        /// log lines.
        /// </summary>
        /// <param name="services">The services to wait for; all of the compose file's when empty.</param>
        /// <param name="condition">Running, or Healthy (which, for a container without a healthcheck, means running).</param>
        /// <param name="timeout">How long to wait in all; <see cref="Timeout.InfiniteTimeSpan"/> waits until cancelled.</param>
        /// <param name="output">Receives one progress activity, with each service's state.</param>
        /// <param name="cancellationToken">Stops waiting (OperationCanceledException).</param>
        /// <exception cref="KxException">ServiceExited, ServiceUnhealthy, ServiceRestartLoop, ServiceWaitTimeout, ServiceNotFound, or an engine error.</exception>
        public IReadOnlyList<KxServiceStatus> WaitForServices(IReadOnlyCollection<string> services, KxWaitCondition condition, TimeSpan timeout,
            IKxOutput output, CancellationToken cancellationToken)
        {
            if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive, or Timeout.InfiniteTimeSpan.");
            }

            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            var names = ResolveServices(services);
            var activity = $"Waiting for {string.Join(", ", names)} to be {Adjective(condition)}";
            output.WriteVerbose(activity + (timeout == Timeout.InfiniteTimeSpan ? "." : $", for at most {EngineErrors.Seconds(timeout)}."));
            var clock = Stopwatch.StartNew();
            var withoutHealthcheck = new HashSet<string>(StringComparer.Ordinal);
            var restarts = new RestartWatch();
            try
            {
                while (true)
                {
                    var statuses = GetServiceStatus(names, includeOneOff: false, cancellationToken);
                    var judged = statuses.Select(s => (Status: s, Readiness: ServiceReadiness.Judge(s, condition, restarts.RestartsSinceFirstSeen(s)))).ToList();
                    if (condition == KxWaitCondition.Healthy)
                    {
                        foreach (var status in statuses.Where(s => s.IsRunning && s.Health == EngineContainerState.NoHealthcheck && withoutHealthcheck.Add(s.Service)))
                        {
                            output.WriteVerbose($"{status.Service} has no healthcheck: running is as healthy as it gets.");
                        }
                    }

                    var failed = judged.FirstOrDefault(j => j.Readiness == Readiness.Exited || j.Readiness == Readiness.Unhealthy || j.Readiness == Readiness.RestartLoop);
                    if (failed.Status != null)
                    {
                        throw ServiceFailed(failed.Status, failed.Readiness, condition, cancellationToken);
                    }

                    var ready = judged.Count(j => j.Readiness == Readiness.Ready);
                    if (ready == judged.Count)
                    {
                        output.WriteVerbose($"{string.Join(", ", names)} {(names.Count == 1 ? "is" : "are")} {Adjective(condition)} after {EngineErrors.Seconds(clock.Elapsed)}.");
                        return statuses;
                    }

                    output.WriteProgress(new KxProgress(WaitProgressActivityId, activity,
                        string.Join(", ", statuses.Select(ServiceReadiness.Describe)), ready * 100 / judged.Count));
                    var remaining = timeout == Timeout.InfiniteTimeSpan ? WaitPollInterval : timeout - clock.Elapsed;
                    if (remaining <= TimeSpan.Zero)
                    {
                        throw WaitTimedOut(names, judged.Where(j => j.Readiness != Readiness.Ready).Select(j => j.Status).ToList(), condition, timeout);
                    }

                    cancellationToken.WaitHandle.WaitOne(remaining < WaitPollInterval ? remaining : WaitPollInterval);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            finally
            {
                output.WriteProgress(new KxProgress(WaitProgressActivityId, activity, "Done", 100, completed: true));
            }
        }

        private KxException ServiceFailed(KxServiceStatus status, Readiness readiness, KxWaitCondition condition, CancellationToken cancellationToken)
        {
            var exitCode = status.ExitCode?.ToString(CultureInfo.InvariantCulture);
            var fixTheLog = $"Fix what its log shows (docker compose logs {status.Service}), then start it again with Invoke-KxBuild.";
            var (errorId, what, action) = readiness switch
            {
                Readiness.Exited => (KxErrorIds.ServiceExited, $"{status.State} with code {exitCode} before it was {Adjective(condition)}", fixTheLog),
                Readiness.RestartLoop => (KxErrorIds.ServiceRestartLoop,
                    $"keeps crashing: it exited with code {exitCode}, and its restart policy has restarted it {status.RestartCount?.ToString(CultureInfo.InvariantCulture)} times",
                    fixTheLog),
                _ => (KxErrorIds.ServiceUnhealthy, "is unhealthy: its healthcheck failed all its retries",
                    $"Fix what makes its healthcheck fail (docker inspect {status.ContainerName} shows the last checks), then restart it with Restart-KxService."),
            };
            var logTail = ReadLogTail(status, cancellationToken);
            var log = logTail == null ? "Its log is gone: the container was removed meanwhile."
                : logTail.Count == 0 ? "It wrote nothing to its log."
                : $"The last {logTail.Count} line{(logTail.Count == 1 ? string.Empty : "s")} of its log:" + string.Concat(logTail.Select(line => "\n  " + line));
            return new KxException(errorId, KxErrorCategory.ResourceUnavailable, status,
                $"{status.Service} (container {status.ContainerName}) {what}. {action}\n{log}", action);
        }

        /// <summary>
        /// The container's last log lines, for an error message, with the env files' secret values masked (Konnaxion's
        /// entrypoint echoes DATABASE_URL). The container may already be gone (compose recreates and removes
        /// containers): then null, rather than a second error.
        /// </summary>
        private IReadOnlyList<string>? ReadLogTail(KxServiceStatus status, CancellationToken cancellationToken)
        {
            try
            {
                return GetEngine().GetLogTail(status.ContainerId!, ExitLogLines, cancellationToken).Select(Redactor.Redact).ToList();
            }
            catch (KxException ex) when (ex.ErrorId == KxErrorIds.EngineApiError && ex.Category == KxErrorCategory.ObjectNotFound)
            {
                return null;
            }
        }

        private static KxException WaitTimedOut(IReadOnlyList<string> names, IReadOnlyList<KxServiceStatus> notReady, KxWaitCondition condition,
            TimeSpan timeout)
        {
            var action = notReady.Any(s => s.State == KxServiceStatus.Missing)
                ? "Start the missing services with Invoke-KxBuild, read the others' logs (docker compose logs SERVICE), or wait longer."
                : "Read their logs (docker compose logs SERVICE) and healthchecks (docker inspect CONTAINER), or wait longer.";
            return new KxException(KxErrorIds.ServiceWaitTimeout, KxErrorCategory.OperationTimeout, names.ToArray(),
                $"Waited {EngineErrors.Seconds(timeout)} for {string.Join(", ", names)} to be {Adjective(condition)}; still not: " +
                $"{string.Join(", ", notReady.Select(ServiceReadiness.Describe))}. {action}", action);
        }

        private static string Adjective(KxWaitCondition condition) => condition == KxWaitCondition.Healthy ? "healthy" : "running";
    }
}
