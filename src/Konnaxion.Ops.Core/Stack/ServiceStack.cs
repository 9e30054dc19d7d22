using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Project;
using Konnaxion.Ops.Status;

namespace Konnaxion.Ops.Stack
{
    /// <summary>The stack: build and start, restart, status and waiting, through compose and the Engine API.</summary>
    internal sealed class ServiceStack
    {
        private readonly ProjectContext _project;

        public ServiceStack(ProjectContext project) => _project = project;

        /// <summary>The build's progress activity; each service's activity takes an id after it.</summary>
        private const int BuildProgressActivityId = 0x4b42;

        /// <summary>`up -d --build`: builds the images and starts the services detached; then, if asked, waits for them.</summary>
        /// <param name="services">The services to start; all when empty.</param>
        /// <param name="noBuild">Start with the existing images (`--no-build`).</param>
        /// <param name="waitFor">After a successful `up`, wait until the services meet this condition (see <see cref="WaitForServices"/>).</param>
        /// <param name="waitTimeout">How long to wait; <see cref="KxProject.DefaultWaitTimeout"/> when null.</param>
        public KxOperation<KxBuildResult> Build(IReadOnlyCollection<string>? services = null, bool noBuild = false,
            KxWaitCondition? waitFor = null, TimeSpan? waitTimeout = null)
        {
            var names = _project.ResolveServices(services);
            var arguments = new List<string> { "up", "-d", noBuild ? "--no-build" : "--build" };
            arguments.AddRange(services ?? Enumerable.Empty<string>());
            var spec = _project.Compose.Command(arguments, noBuild || !_project.GetComposeDriver().IsV2 ? null : ComposeRunner.SequentialBuild);
            var timeout = waitTimeout ?? KxProject.DefaultWaitTimeout;
            var action = (noBuild ? "Start " : "Build and start ") + string.Join(", ", names) +
                (waitFor is KxWaitCondition condition ? $", then wait up to {EngineErrors.Seconds(timeout)} for {(names.Count == 1 ? "it" : "them")} to be {Adjective(condition)}" : string.Empty);
            return _project.Operation(action, new[] { spec.ToString() },
                (output, cancellationToken) =>
                {
                    var clock = Stopwatch.StartNew();
                    ComposeRun run;
                    using (var progress = new ComposeUpProgress(output, BuildProgressActivityId, action, _project.Name, names.Select(_project.RequireService).ToList()))
                    {
                        run = _project.Compose.Run(spec, output, cancellationToken, progress.Observe);
                    }

                    var result = new KxBuildResult(_project.Name, _project.Environment, names, _project.GetComposeDriver().ToString(), clock.Elapsed, run.ExitCode)
                    {
                        FailureMessage = run.Succeeded ? null : ComposeRunner.FailureMessage("up", run),
                    };
                    if (run.Succeeded && waitFor.HasValue)
                    {
                        result.ServiceStatus = WaitForServices(names, waitFor.Value, timeout, output, cancellationToken);
                    }

                    return result;
                });
        }

        /// <summary>
        /// The error of a build whose `up` failed (<see cref="KxBuildResult.Success"/> false), quoting compose's reasons:
        /// the result is still worth showing, so the caller writes it first, then raises this.
        /// </summary>
        /// <param name="result">The failed build.</param>
        /// <param name="rerun">The command to run again once fixed, for the recommended action.</param>
        public static KxException BuildFailedError(KxBuildResult result, string rerun = "Invoke-KxBuild") =>
            new KxException(KxErrorIds.ComposeCommandFailed, KxErrorCategory.InvalidOperation, result,
                result.FailureMessage ?? "compose up failed.", $"Read compose's output above; fix the Dockerfile or compose file and run {rerun} again.");

        /// <summary>`restart`: restarts the services' containers and returns their status afterwards.</summary>
        public KxOperation<IReadOnlyList<KxServiceStatus>> Restart(IReadOnlyCollection<string>? services = null)
        {
            var names = services == null || services.Count == 0 ? new[] { _project.DjangoService } : services;
            _project.ResolveServices(names);
            var spec = _project.Compose.Command(new[] { "restart" }.Concat(names));
            return _project.Operation("Restart " + string.Join(", ", names), new[] { spec.ToString() },
                (output, cancellationToken) =>
                {
                    var run = _project.Compose.Run(spec, output, cancellationToken);
                    if (!run.Succeeded)
                    {
                        throw new KxException(KxErrorIds.ComposeCommandFailed, KxErrorCategory.InvalidOperation, spec.ToString(),
                            ComposeRunner.FailureMessage("restart", run), "Check that the services were started (Invoke-KxBuild) and read compose's message above.");
                    }

                    return GetServiceStatus(names.ToList(), includeOneOff: false, cancellationToken);
                });
        }

        /// <summary>
        /// One status per service of the compose file (per container when scaled), read from the Docker Engine API
        /// by compose labels: no compose process, so it is fast enough to poll.
        /// </summary>
        /// <param name="services">The services to report; all when empty.</param>
        /// <param name="includeOneOff">Also report leftover one-off `run` containers.</param>
        /// <param name="cancellationToken">Stops waiting for the engine.</param>
        /// <param name="leftovers">
        /// Removes this machine's leftover one-offs from the listing and returns those removed (<see cref="LeftoverOneOffs.RemoveFrom"/>),
        /// so that the cmdlet's sweep costs no list of its own; nothing is removed when null.
        /// </param>
        public IReadOnlyList<KxServiceStatus> GetServiceStatus(IReadOnlyCollection<string>? services = null, bool includeOneOff = false,
            CancellationToken cancellationToken = default, Func<IReadOnlyList<EngineContainer>, IReadOnlyList<EngineContainer>>? leftovers = null)
        {
            var selected = _project.ResolveServices(services).Select(_project.RequireService).ToList();
            var engine = _project.GetEngine();
            IReadOnlyList<EngineContainer> listed = engine.ListContainers(ServiceStatusJoin.ProjectFilter(_project.Name), includeStopped: true, cancellationToken);
            if (leftovers != null)
            {
                var removed = new HashSet<string>(leftovers(listed).Select(c => c.Id), StringComparer.Ordinal);
                listed = listed.Where(c => !removed.Contains(c.Id)).ToList();
            }

            return ServiceStatusJoin.Inspect(engine, _project.Name, selected, listed, includeOneOff, cancellationToken);
        }

        /// <summary>Status through the engine costs a few milliseconds, so polling often costs nothing and answers soon.</summary>
        internal static readonly TimeSpan WaitPollInterval = TimeSpan.FromMilliseconds(250);

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
        /// <param name="output">Receives one progress activity, with each service's state; nothing when null.</param>
        /// <param name="cancellationToken">Stops waiting (OperationCanceledException).</param>
        /// <exception cref="KxException">ServiceExited, ServiceUnhealthy, ServiceRestartLoop, ServiceWaitTimeout, ServiceNotFound, or an engine error.</exception>
        public IReadOnlyList<KxServiceStatus> WaitForServices(IReadOnlyCollection<string> services, KxWaitCondition condition, TimeSpan timeout,
            IKxOutput? output, CancellationToken cancellationToken)
        {
            if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive, or Timeout.InfiniteTimeSpan.");
            }

            output ??= NullOutput.Instance;
            var names = _project.ResolveServices(services);
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
                return _project.GetEngine().GetLogTail(status.ContainerId!, ExitLogLines, cancellationToken).Select(_project.Redactor.Redact).ToList();
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

        /// <summary>
        /// The service's own container (not a one-off), running or not, or null when it has none: one list and one
        /// inspection, where the service status inspects every container of the project.
        /// </summary>
        internal (string Id, EngineContainerState State)? FindServiceContainer(string service, CancellationToken cancellationToken)
        {
            var engine = _project.GetEngine();
            var filter = new Dictionary<string, string?>
            {
                [ServiceStatusJoin.ProjectLabel] = _project.Name,
                [ServiceStatusJoin.ServiceLabel] = service,
            };
            var container = engine.ListContainers(filter, includeStopped: true, cancellationToken)
                .Where(c => !(c.Labels.TryGetValue(ServiceStatusJoin.OneOffLabel, out var oneOff) && string.Equals(oneOff, "True", StringComparison.OrdinalIgnoreCase)))
                .OrderBy(c => c.Names.FirstOrDefault(), StringComparer.Ordinal)
                .FirstOrDefault();
            return container == null ? ((string, EngineContainerState)?)null : (container.Id, engine.InspectContainer(container.Id, cancellationToken));
        }
    }
}
