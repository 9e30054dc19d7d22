using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops
{
    public sealed partial class KxProject
    {
        /// <summary>The build's progress activity; each service's activity takes an id after it.</summary>
        private const int BuildProgressActivityId = 0x4b42;

        private string Target => $"{Name} ({Environment})";

        /// <summary>`up -d --build`: builds the images and starts the services detached; then, if asked, waits for them.</summary>
        /// <param name="services">The services to start; all when empty.</param>
        /// <param name="noBuild">Start with the existing images (`--no-build`).</param>
        /// <param name="waitFor">After a successful `up`, wait until the services meet this condition (see <see cref="WaitForServices"/>).</param>
        /// <param name="waitTimeout">How long to wait; <see cref="DefaultWaitTimeout"/> when null.</param>
        public KxOperation<KxBuildResult> Build(IReadOnlyCollection<string>? services = null, bool noBuild = false,
            KxWaitCondition? waitFor = null, TimeSpan? waitTimeout = null)
        {
            var names = ResolveServices(services);
            var arguments = new List<string> { "up", "-d", noBuild ? "--no-build" : "--build" };
            arguments.AddRange(services ?? Enumerable.Empty<string>());
            var spec = ComposeCommand(arguments, noBuild || !GetComposeDriver().IsV2 ? null : SequentialBuild);
            var timeout = waitTimeout ?? DefaultWaitTimeout;
            var action = (noBuild ? "Start " : "Build and start ") + string.Join(", ", names) +
                (waitFor is KxWaitCondition condition ? $", then wait up to {EngineErrors.Seconds(timeout)} for {(names.Count == 1 ? "it" : "them")} to be {Adjective(condition)}" : string.Empty);
            return Operation(action, new[] { spec.ToString() },
                (output, cancellationToken) =>
                {
                    var clock = Stopwatch.StartNew();
                    ComposeRun run;
                    using (var progress = new ComposeUpProgress(output, BuildProgressActivityId, action, Name, names.Select(RequireService).ToList()))
                    {
                        run = RunCompose(spec, output, cancellationToken, progress.Observe);
                    }

                    var result = new KxBuildResult(Name, Environment, names, GetComposeDriver().ToString(), clock.Elapsed, run.ExitCode)
                    {
                        FailureMessage = run.Succeeded ? null : ComposeFailureMessage("up", run),
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
            var names = services == null || services.Count == 0 ? new[] { DjangoService } : services;
            ResolveServices(names);
            var spec = ComposeCommand(new[] { "restart" }.Concat(names));
            return Operation("Restart " + string.Join(", ", names), new[] { spec.ToString() },
                (output, cancellationToken) =>
                {
                    var run = RunCompose(spec, output, cancellationToken);
                    if (!run.Succeeded)
                    {
                        throw new KxException(KxErrorIds.ComposeCommandFailed, KxErrorCategory.InvalidOperation, spec.ToString(),
                            ComposeFailureMessage("restart", run), "Check that the services were started (Invoke-KxBuild) and read compose's message above.");
                    }

                    return GetServiceStatus(names.ToList(), includeOneOff: false, cancellationToken);
                });
        }

        /// <summary>The exit code and compose's own error lines (see <see cref="ComposeErrorLines.Select"/>), already redacted.</summary>
        private static string ComposeFailureMessage(string subcommand, ComposeRun run)
        {
            var reasons = ComposeErrorLines.Select(run.StderrTail);
            return $"compose {subcommand} failed with exit code {run.ExitCode}" + (reasons.Count > 0 ? ": " + string.Join("; ", reasons) : ".");
        }
    }
}
