using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Django;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Status;

namespace Konnaxion.Ops
{
    public sealed partial class KxProject
    {
        /// <summary>
        /// Marks the processes of one `docker exec`, so that a cancelled one can be found and stopped inside the
        /// container: killing the docker client does not stop what it started there.
        /// </summary>
        private const string ExecMarkerVariable = "KX_EXEC_ID";

        private const int StartupWaitActivityId = 0x4b53;

        /// <summary>
        /// A manage.py command prepared to run where the options say: a named one-off container (`compose run --rm`)
        /// or the service's running container (`docker exec` through the image's entrypoint, which sets up
        /// DATABASE_URL). The command line is fixed when prepared, for -WhatIf; secrets are added only to the
        /// environment of the child that runs.
        /// </summary>
        private sealed class ManagePyCall
        {
            private readonly Func<IReadOnlyDictionary<string, string>?, ProcessSpec> _spec;

            public ManagePyCall(Func<IReadOnlyDictionary<string, string>?, ProcessSpec> spec, Func<IKxOutput, string> cleanUp)
            {
                _spec = spec;
                CleanUp = cleanUp;
                Planned = spec(null);
            }

            public ProcessSpec Planned { get; }

            public string CommandLine => Planned.ToString();

            /// <summary>Stops what a cancelled run left behind; returns what it did, to end the cancellation message.</summary>
            public Func<IKxOutput, string> CleanUp { get; }

            public ProcessSpec WithSecrets(IReadOnlyDictionary<string, string>? secrets) => secrets == null ? Planned : _spec(secrets);
        }

        /// <summary>A service's running container, as `docker exec` needs it.</summary>
        private sealed class RunningContainer
        {
            public RunningContainer(string name, IReadOnlyList<string> entrypoint)
            {
                Name = name;
                Entrypoint = entrypoint;
            }

            public string Name { get; }
            public IReadOnlyList<string> Entrypoint { get; }
        }

        /// <param name="command">The management command and its arguments.</param>
        /// <param name="secretNames">Variables whose values the child gets from its environment, by name only.</param>
        /// <param name="interactive">Give the command this console, for Django's prompts.</param>
        /// <param name="inRunningContainer">Where to run; the options' choice when null.</param>
        private ManagePyCall PrepareManagePy(IReadOnlyList<string> command, IReadOnlyList<string> secretNames, bool interactive = false,
            bool? inRunningContainer = null)
        {
            if (!(inRunningContainer ?? _options.InRunningContainer))
            {
                var oneOff = NewOneOffName(DjangoService);
                return new ManagePyCall(
                    secrets => ComposeCommand(RunArguments(DjangoService, oneOff, ManagePyCommand(command), secretNames, interactive), secrets, interactive),
                    output =>
                    {
                        RemoveOneOff(oneOff, output);
                        return $" and the one-off container {oneOff} removed";
                    });
            }

            var container = FindRunningContainer(DjangoService, CancellationToken.None) ?? throw ServiceNotRunning(DjangoService);
            var marker = Guid.NewGuid().ToString("N").Substring(0, 12);
            return new ManagePyCall(
                secrets => DockerCommand(ExecArguments(container, marker, command, secretNames, interactive), secrets, interactive),
                output => StopExec(container, marker, output));
        }

        /// <summary>
        /// Describes manage.py commands as <see cref="PrepareManagePy"/> would run them in the running container, for a
        /// plan made before that container exists: the exact command line while the service runs (its exec marker
        /// shown as &lt;id&gt;), a description of it otherwise. The engine is asked once.
        /// </summary>
        private Func<IReadOnlyList<string>, string> ExecDescriber()
        {
            RunningContainer? container;
            try
            {
                container = FindRunningContainer(DjangoService, CancellationToken.None);
            }
            catch (KxException)
            {
                // A plan is still worth showing when the engine cannot be asked; running it will say why.
                container = null;
            }

            return command => container != null
                ? DockerCommand(ExecArguments(container, "<id>", command, Array.Empty<string>(), interactive: false)).ToString()
                : $"docker exec <{DjangoService}'s container once started> <its entrypoint> {string.Join(" ", ManagePyCommand(command).Select(CommandLine.Quote))}";
        }

        private static IReadOnlyList<string> ExecArguments(RunningContainer container, string marker, IReadOnlyList<string> command,
            IReadOnlyList<string> secretNames, bool interactive)
        {
            var arguments = new List<string> { "exec" };
            if (interactive)
            {
                arguments.Add("-it");
            }

            arguments.Add("-e");
            arguments.Add(ExecMarkerVariable + "=" + marker);
            foreach (var name in secretNames)
            {
                arguments.Add("-e");
                arguments.Add(name);
            }

            arguments.Add(container.Name);
            arguments.AddRange(container.Entrypoint);
            arguments.AddRange(ManagePyCommand(command));
            return arguments;
        }

        /// <summary>Runs a prepared manage.py command, its lines going to <paramref name="parser"/> as they stream; returns the exit code.</summary>
        private int RunManagePy(ManagePyCall call, DjangoOutputParser parser, IKxOutput output, CancellationToken cancellationToken,
            IReadOnlyDictionary<string, string>? secrets = null) =>
            RunChild(call.WithSecrets(secrets), output, cancellationToken, parser.Add, call.CleanUp).ExitCode;

        /// <summary>Interrupts, inside the container, the processes of a cancelled `docker exec` (SIGINT: Django rolls the migration back).</summary>
        private string StopExec(RunningContainer container, string marker, IKxOutput output)
        {
            var script = "for p in /proc/[0-9]*; do if tr '\\0' '\\n' < \"$p/environ\" 2>/dev/null | grep -qx \"$1\"; then kill -INT \"${p#/proc/}\"; fi; done";
            var spec = DockerCommand(new[] { "exec", container.Name, "sh", "-c", script, "sh", ExecMarkerVariable + "=" + marker });
            int exitCode;
            try
            {
                exitCode = _options.ProcessRunner.Run(spec, _ => { }, CancellationToken.None);
            }
            catch (ExecutableNotFoundException)
            {
                exitCode = -1;
            }

            if (exitCode == 0)
            {
                return $" and its processes in {container.Name} interrupted";
            }

            output.WriteWarning($"The command may still be running inside {container.Name}: look for it with docker top {container.Name}.");
            return string.Empty;
        }

        /// <summary>The service's running container, or null when it has none.</summary>
        private RunningContainer? FindRunningContainer(string service, CancellationToken cancellationToken)
        {
            var container = FindServiceContainer(service, cancellationToken);
            return container?.State.Running == true
                ? new RunningContainer(container.Value.State.Name, container.Value.State.Entrypoint)
                : null;
        }

        /// <summary>
        /// The service's own container (not a one-off), running or not, or null when it has none: one list and one
        /// inspection, where the service status inspects every container of the project.
        /// </summary>
        private (string Id, EngineContainerState State)? FindServiceContainer(string service, CancellationToken cancellationToken)
        {
            var engine = GetEngine();
            var filter = new Dictionary<string, string?>
            {
                [ServiceStatusJoin.ProjectLabel] = Name,
                [ServiceStatusJoin.ServiceLabel] = service,
            };
            var container = engine.ListContainers(filter, includeStopped: true, cancellationToken)
                .Where(c => !(c.Labels.TryGetValue(ServiceStatusJoin.OneOffLabel, out var oneOff) && string.Equals(oneOff, "True", StringComparison.OrdinalIgnoreCase)))
                .OrderBy(c => c.Names.FirstOrDefault(), StringComparer.Ordinal)
                .FirstOrDefault();
            return container == null ? ((string, EngineContainerState)?)null : (container.Id, engine.InspectContainer(container.Id, cancellationToken));
        }

        private KxException ServiceNotRunning(string service) =>
            new KxException(KxErrorIds.ServiceNotRunning, KxErrorCategory.ResourceUnavailable, service,
                $"{service} has no running container to run manage.py in (-InRunningContainer).",
                "Start it with Invoke-KxBuild, or leave out -InRunningContainer to run manage.py in a one-off container.");

        /// <summary>
        /// Waits while the django service's own start may be migrating (see <see cref="StartupMigration"/>), so that
        /// our migrate neither races it nor fails on what it is creating. Returns at once when the service is not
        /// running: then nothing of its own can be migrating.
        /// </summary>
        private void WaitForStartupMigrate(IKxOutput output, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var activity = $"Waiting for {DjangoService}'s start to finish its own migrate";
            var clock = Stopwatch.StartNew();
            var waited = false;
            try
            {
                string? reason;
                while ((reason = WhyWaitForStartup(cancellationToken)) != null)
                {
                    if (!waited)
                    {
                        output.WriteVerbose($"{activity}: {reason}.");
                        waited = true;
                    }

                    output.WriteProgress(new KxProgress(StartupWaitActivityId, activity, reason));
                    if (clock.Elapsed >= timeout)
                    {
                        const string action = "Read its log (docker compose logs django); if its start script runs the server without exec, migrate once it has started.";
                        throw new KxException(KxErrorIds.ServiceWaitTimeout, KxErrorCategory.OperationTimeout, DjangoService,
                            $"Waited {EngineErrors.Seconds(timeout)} for {DjangoService}'s start to finish migrating, so as not to race it; {reason}. {action}", action);
                    }

                    cancellationToken.WaitHandle.WaitOne(WaitPollInterval);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (waited)
                {
                    output.WriteVerbose($"{DjangoService}'s start got past its migrate after {EngineErrors.Seconds(clock.Elapsed)}.");
                }
            }
            finally
            {
                if (waited)
                {
                    output.WriteProgress(new KxProgress(StartupWaitActivityId, activity, "Done", 100, completed: true));
                }
            }
        }

        private string? WhyWaitForStartup(CancellationToken cancellationToken)
        {
            var container = FindServiceContainer(DjangoService, cancellationToken);
            switch (container?.State.Status)
            {
                case "running":
                    var startedAt = container.Value.State.StartedAt ?? DateTimeOffset.UtcNow;
                    return StartupMigration.WhyWait(ListProcesses(container.Value.Id, cancellationToken), DateTimeOffset.UtcNow - startedAt);
                case "created":
                case "restarting":
                    return $"its container is {container.Value.State.Status}";
                default:
                    // No container, or one that stopped: nothing of its own can be migrating.
                    return null;
            }
        }

        /// <summary>The container's processes; none when it stopped or went away (HTTP 409, 404) since the status was read.</summary>
        private IReadOnlyList<EngineProcess> ListProcesses(string containerId, CancellationToken cancellationToken)
        {
            try
            {
                return GetEngine().ListProcesses(containerId, cancellationToken);
            }
            catch (KxException ex) when (ex.ErrorId == KxErrorIds.EngineApiError &&
                (ex.Category == KxErrorCategory.ObjectNotFound || ex.Category == KxErrorCategory.InvalidOperation))
            {
                return Array.Empty<EngineProcess>();
            }
        }
    }
}
