using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops
{
    public sealed partial class KxProject
    {
        private string Target => $"{Name} ({Environment})";

        /// <summary>`up -d --build`: builds the images and starts the services detached.</summary>
        /// <param name="services">The services to start; all when empty.</param>
        /// <param name="noBuild">Start with the existing images (`--no-build`).</param>
        public KxOperation<KxBuildResult> Build(IReadOnlyCollection<string>? services = null, bool noBuild = false)
        {
            var names = ResolveServices(services);
            var arguments = new List<string> { "up", "-d", noBuild ? "--no-build" : "--build" };
            arguments.AddRange(services ?? Enumerable.Empty<string>());
            var spec = ComposeCommand(arguments);
            return new KxOperation<KxBuildResult>(
                (noBuild ? "Start " : "Build and start ") + string.Join(", ", names), Target, new[] { spec.ToString() },
                (output, cancellationToken) =>
                {
                    var clock = Stopwatch.StartNew();
                    var run = RunCompose(spec, output, cancellationToken);
                    return new KxBuildResult(Name, Environment, names, GetComposeDriver().ToString(), clock.Elapsed, run.ExitCode)
                    {
                        FailureMessage = run.Succeeded ? null : ComposeFailureMessage("up", run),
                    };
                });
        }

        /// <summary>`restart`: restarts the services' containers and returns their status afterwards.</summary>
        public KxOperation<IReadOnlyList<KxServiceStatus>> Restart(IReadOnlyCollection<string>? services = null)
        {
            var names = services == null || services.Count == 0 ? new[] { DjangoService } : services;
            ResolveServices(names);
            var spec = ComposeCommand(new[] { "restart" }.Concat(names));
            return new KxOperation<IReadOnlyList<KxServiceStatus>>("Restart " + string.Join(", ", names), Target, new[] { spec.ToString() },
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

        private static string ComposeFailureMessage(string subcommand, ComposeRun run)
        {
            var reason = run.StderrTail.LastOrDefault(line => line.Trim().Length > 0);
            return $"compose {subcommand} failed with exit code {run.ExitCode}" + (reason != null ? ": " + reason.Trim() : ".");
        }
    }
}
