using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Project;
using Konnaxion.Ops.Stack;

namespace Konnaxion.Ops.Django
{
    /// <summary>
    /// manage.py runs: in a named one-off container or the service's running container, secrets by name only, their
    /// output parsed as it streams, what a cancelled run left behind cleaned up, and Django's error in the failure.
    /// </summary>
    internal sealed class ManagePyRunner
    {
        private readonly ProjectContext _project;
        private readonly ServiceStack _stack;

        public ManagePyRunner(ProjectContext project, ServiceStack stack)
        {
            _project = project;
            _stack = stack;
        }

        /// <summary>
        /// Marks the processes of one exec, so that a cancelled one can be found and stopped inside the container.
        /// </summary>
        private const string ExecMarkerVariable = "KX_EXEC_ID";

        /// <summary>
        /// Prints the environment its entrypoint set up, NUL-separated, after the line given as $0 (the entrypoint may
        /// print lines of its own first, cookiecutter-django's its DATABASE_URL).
        /// </summary>
        private const string EntrypointEnvironmentScript = "printf '%s\\n' \"$0\" && exec env -0";

        /// <summary>A service's running container, as an exec in it needs it.</summary>
        private sealed class RunningContainer
        {
            public RunningContainer(string id, string name, IReadOnlyList<string> entrypoint, DateTimeOffset? startedAt)
            {
                Id = id;
                Name = name;
                Entrypoint = entrypoint;
                StartedAt = startedAt;
            }

            public string Id { get; }
            public string Name { get; }
            public IReadOnlyList<string> Entrypoint { get; }
            public DateTimeOffset? StartedAt { get; }
        }

        /// <summary>
        /// How a manage.py command runs in the running container: after its entrypoint, as `compose run` would run it;
        /// or, when the project keeps entrypoint environments (the cmdlets do), with the environment the entrypoint set up
        /// for this start of the container, read once by an exec of the entrypoint, so that later calls skip it.
        /// </summary>
        private sealed class ExecPlan
        {
            public ExecPlan(IReadOnlyList<string> command, IReadOnlyList<string>? keptEnvironment, bool readsEntrypointEnvironment)
            {
                Command = command;
                KeptEnvironment = keptEnvironment;
                ReadsEntrypointEnvironment = readsEntrypointEnvironment;
            }

            /// <summary>What the exec runs: the entrypoint and manage.py, or manage.py alone with the entrypoint's environment.</summary>
            public IReadOnlyList<string> Command { get; }

            /// <summary>The entrypoint's environment read by an earlier call in this start of the container, or null.</summary>
            public IReadOnlyList<string>? KeptEnvironment { get; }

            /// <summary>Whether the entrypoint's environment is read first, for this call and the next.</summary>
            public bool ReadsEntrypointEnvironment { get; }

            public bool UsesEntrypointEnvironment => KeptEnvironment != null || ReadsEntrypointEnvironment;
        }

        /// <param name="command">The management command and its arguments.</param>
        /// <param name="secretNames">Variables whose values the command gets in its environment, by name only.</param>
        /// <param name="interactive">Give the command this console, for Django's prompts.</param>
        /// <param name="inRunningContainer">Where to run; the options' choice when null.</param>
        /// <param name="held">
        /// The same command started earlier (<see cref="StartHeld"/>): released into this call when it started in the
        /// container's current start, ended otherwise.
        /// </param>
        internal ManagePyCall PrepareManagePy(IReadOnlyList<string> command, IReadOnlyList<string> secretNames, bool interactive = false,
            bool? inRunningContainer = null, HeldManagePy? held = null)
        {
            if (!(inRunningContainer ?? _project.Options.InRunningContainer))
            {
                var oneOff = _project.Compose.NewOneOffName(_project.DjangoService);
                return ChildCall(
                    secrets => _project.Compose.Command(_project.Compose.RunArguments(_project.DjangoService, oneOff, ManagePyCommand(command), secretNames, interactive), secrets, interactive),
                    output =>
                    {
                        _project.Compose.RemoveOneOff(oneOff, output);
                        return $" and the one-off container {oneOff} removed";
                    });
            }

            var container = FindRunningContainer(_project.DjangoService, CancellationToken.None);
            if (held != null)
            {
                if (container != null && !interactive && held.ContainerId == container.Id && held.StartedAt == container.StartedAt
                    && held.Command.SequenceEqual(command))
                {
                    return new ManagePyCall(held.Description, (_, observe, output, cancellationToken) =>
                        _project.Compose.RunRedacted(held.Description, "reading the exec's output", (_, onLine) => held.Release(onLine, cancellationToken),
                            output, cancellationToken, observe, cleanUpOutput => StopExec(container, held.Marker, cleanUpOutput)).ExitCode);
                }

                held.End(NullOutput.Instance, stillRunning: container != null && held.ContainerId == container.Id && held.StartedAt == container.StartedAt);
            }

            if (container == null)
            {
                throw ServiceNotRunning(_project.DjangoService);
            }

            var marker = NewMarker();
            if (interactive)
            {
                // The Engine API exec has no console to give Django's prompts: the docker CLI's -it does.
                return ChildCall(
                    secrets => _project.Compose.Docker(ExecArguments(container, marker, command, secretNames), secrets, interactive: true),
                    output => StopExec(container, marker, output));
            }

            var plan = PlanExec(container, command);
            var description = DescribeExec(container, plan, secretNames);
            return new ManagePyCall(description, (secrets, observe, output, cancellationToken) =>
            {
                var cmd = plan.Command;
                var entrypointEnvironment = plan.KeptEnvironment
                    ?? (plan.ReadsEntrypointEnvironment ? ReadEntrypointEnvironment(container, output, cancellationToken) : null);
                if (plan.ReadsEntrypointEnvironment && entrypointEnvironment == null)
                {
                    cmd = container.Entrypoint.Concat(cmd).ToList();
                }

                var environment = ExecEnvironment(entrypointEnvironment, marker, secretNames, secretNames.Where(name => secrets != null && secrets.ContainsKey(name))
                    .Select(name => name + "=" + secrets![name]));
                return _project.Compose.RunRedacted(description, "reading the exec's output",
                    (_, onLine) => _project.GetEngine().Exec(container.Name, cmd, environment, onLine, cancellationToken),
                    output, cancellationToken, observe, cleanUpOutput => StopExec(container, marker, cleanUpOutput)).ExitCode;
            });
        }

        /// <summary>
        /// Starts a secret-free manage.py command under the migration lock script (<see cref="MigrationLock.Command"/>)
        /// in django's running container now, held before it touches the database (<see cref="MigrationLock.HoldVariable"/>),
        /// so that Django's start runs while the caller does something else; null when django has no running container
        /// (or one of unknown start). Through the entrypoint unless its environment is kept: reading it would wait for the
        /// database, which may be down until the build starts it. The caller releases it through
        /// <see cref="PrepareManagePy"/> and disposes it in any case.
        /// </summary>
        internal HeldManagePy? StartHeld(IReadOnlyList<string> command, CancellationToken cancellationToken)
        {
            var container = FindRunningContainer(_project.DjangoService, cancellationToken);
            if (container?.StartedAt is not DateTimeOffset startedAt)
            {
                return null;
            }

            var plan = PlanExec(container, command);
            var heldPlan = new ExecPlan(plan.ReadsEntrypointEnvironment ? container.Entrypoint.Concat(plan.Command).ToList() : plan.Command, plan.KeptEnvironment,
                readsEntrypointEnvironment: false);
            var description = DescribeExec(container, heldPlan, new[] { MigrationLock.HoldVariable }) + ", started before the build and released after it";
            var marker = NewMarker();
            var environment = ExecEnvironment(plan.KeptEnvironment, marker, new[] { MigrationLock.HoldVariable }, new[] { MigrationLock.HoldVariable + "=1" });
            var exec = _project.GetEngine().StartExec(container.Name, heldPlan.Command, environment, cancellationToken);
            return new HeldManagePy(container.Id, startedAt, command, description, marker, exec, output => StopExec(container, marker, output));
        }

        private static string NewMarker() => Guid.NewGuid().ToString("N").Substring(0, 12);

        /// <summary>
        /// An exec's environment: the entrypoint's (when kept) without the marker and <paramref name="ownNames"/>, the marker,
        /// then <paramref name="own"/> (NAME=value entries of those names: the secrets given, the hold).
        /// </summary>
        private static List<string> ExecEnvironment(IReadOnlyList<string>? entrypointEnvironment, string marker, IEnumerable<string> ownNames, IEnumerable<string> own)
        {
            var replaced = new HashSet<string>(ownNames.Append(ExecMarkerVariable), StringComparer.Ordinal);
            return (entrypointEnvironment ?? Array.Empty<string>()).Where(entry => !replaced.Contains(entry.Substring(0, entry.IndexOf('='))))
                .Append(ExecMarkerVariable + "=" + marker)
                .Concat(own)
                .ToList();
        }

        private ExecPlan PlanExec(RunningContainer container, IReadOnlyList<string> command)
        {
            var managePy = ManagePyCommand(command).ToList();
            var kept = _project.Options.EntrypointEnvironments;
            if (container.Entrypoint.Count == 0 || kept == null || container.StartedAt == null)
            {
                return new ExecPlan(container.Entrypoint.Concat(managePy).ToList(), keptEnvironment: null, readsEntrypointEnvironment: false);
            }

            var environment = kept.Find(container.Id, container.StartedAt.Value);
            return new ExecPlan(managePy, environment, readsEntrypointEnvironment: environment == null);
        }

        /// <summary>The exec(s) of a plan, for -WhatIf and verbose: the call, the variables set (by name) and the command.</summary>
        private static string DescribeExec(RunningContainer container, ExecPlan plan, IEnumerable<string> secretNames)
        {
            var names = new[] { ExecMarkerVariable }.Concat(secretNames);
            var run = ExecDescription(container.Name, plan.UsesEntrypointEnvironment ? new[] { "<its entrypoint's environment>" }.Concat(names) : names,
                CommandLine.Join(plan.Command));
            return plan.ReadsEntrypointEnvironment
                ? $"POST /containers/{container.Name}/exec: {CommandLine.Join(container.Entrypoint.Concat(new[] { "sh", "-c", EntrypointEnvironmentScript, "<marker>" }))} " +
                  $"(reads the environment its entrypoint sets up, kept for later calls), then {run}"
                : run;
        }

        /// <summary>
        /// Runs the entrypoint once to read the environment it sets up, and keeps it for this start of the container; null
        /// (and a verbose line) when it cannot be read, the command then running after the entrypoint as usual. What the
        /// exec prints is secret and goes nowhere else.
        /// </summary>
        private IReadOnlyList<string>? ReadEntrypointEnvironment(RunningContainer container, IKxOutput output, CancellationToken cancellationToken)
        {
            var marker = "KX-ENTRYPOINT-ENVIRONMENT-" + Guid.NewGuid().ToString("N");
            var printed = new List<string>();
            var markerSeen = false;
            int exitCode;
            try
            {
                exitCode = _project.GetEngine().Exec(container.Name, container.Entrypoint.Concat(new[] { "sh", "-c", EntrypointEnvironmentScript, marker }).ToList(),
                    Array.Empty<string>(), line =>
                    {
                        if (line.Stream != ProcessStream.StandardOutput)
                        {
                            return;
                        }

                        if (markerSeen)
                        {
                            printed.Add(line.Text);
                        }
                        else
                        {
                            markerSeen = line.Text == marker;
                        }
                    }, cancellationToken);
            }
            catch (KxException ex)
            {
                output.WriteVerbose($"Could not read the environment of {container.Name}'s entrypoint: {ex.Message} manage.py runs after its entrypoint.");
                return null;
            }

            var entries = string.Join("\n", printed).Split('\0').Where(entry => entry.Length > 0).ToList();
            if (exitCode != 0 || !markerSeen || entries.Count == 0 || entries.Any(entry => entry.IndexOf('=') <= 0))
            {
                output.WriteVerbose($"Could not read the environment of {container.Name}'s entrypoint (exit code {exitCode}; `env -0` may be missing): manage.py runs after its entrypoint.");
                return null;
            }

            _project.Options.EntrypointEnvironments!.Keep(container.Id, container.StartedAt!.Value, entries);
            return entries;
        }

        /// <summary>A call that runs a compose or docker child; secrets only in its environment.</summary>
        private ManagePyCall ChildCall(Func<IReadOnlyDictionary<string, string>?, ProcessSpec> spec, Func<IKxOutput, string> cleanUp) =>
            new ManagePyCall(spec(null).ToString(), (secrets, observe, output, cancellationToken) =>
                _project.Compose.RunChild(spec(secrets), output, cancellationToken, observe, cleanUp).ExitCode);

        /// <summary>What an exec through the Engine API does, for -WhatIf: the call, the variables it sets (by name) and the command.</summary>
        private static string ExecDescription(string container, IEnumerable<string> variables, string command) =>
            $"POST /containers/{container}/exec (env {string.Join(", ", variables)}): {command}";

        /// <summary>
        /// Describes manage.py commands as <see cref="PrepareManagePy"/> would run them in the running container, for a
        /// plan made before that container exists: the exact exec while the service runs, a description of it
        /// otherwise. The engine is asked once.
        /// </summary>
        internal Func<IReadOnlyList<string>, string> ExecDescriber()
        {
            RunningContainer? container;
            try
            {
                container = FindRunningContainer(_project.DjangoService, CancellationToken.None);
            }
            catch (KxException)
            {
                // A plan is still worth showing when the engine cannot be asked; running it will say why.
                container = null;
            }

            return command => container != null
                ? DescribeExec(container, PlanExec(container, command), Array.Empty<string>())
                : ExecDescription($"<{_project.DjangoService}'s container once started>", new[] { ExecMarkerVariable }, "<its entrypoint> " + CommandLine.Join(ManagePyCommand(command)));
        }

        /// <summary>`docker exec -it` arguments: the marker and the secrets by name (their values only in the docker CLI's environment).</summary>
        private static IReadOnlyList<string> ExecArguments(RunningContainer container, string marker, IReadOnlyList<string> command,
            IReadOnlyList<string> secretNames)
        {
            var arguments = new List<string> { "exec", "-it", "-e", ExecMarkerVariable + "=" + marker };
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
        internal int RunManagePy(ManagePyCall call, DjangoOutputParser parser, IKxOutput output, CancellationToken cancellationToken,
            IReadOnlyDictionary<string, string>? secrets = null) =>
            call.Run(secrets, parser.Add, output, cancellationToken);

        /// <summary>
        /// Interrupts, inside the container, the processes of a cancelled exec (SIGINT: Django rolls the migration back),
        /// found by their marker: the engine cannot stop an exec, and closing its stream or killing the docker client
        /// does not stop what it started there. The kill is an exec of its own through the engine.
        /// </summary>
        private string StopExec(RunningContainer container, string marker, IKxOutput output)
        {
            var script = "for p in /proc/[0-9]*; do if tr '\\0' '\\n' < \"$p/environ\" 2>/dev/null | grep -qx \"$1\"; then kill -INT \"${p#/proc/}\"; fi; done";
            int exitCode;
            try
            {
                exitCode = _project.GetEngine().Exec(container.Name, new[] { "sh", "-c", script, "sh", ExecMarkerVariable + "=" + marker },
                    Array.Empty<string>(), _ => { }, CancellationToken.None);
            }
            catch (KxException)
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
            var container = _stack.FindServiceContainer(service, cancellationToken);
            return container?.State.Running == true
                ? new RunningContainer(container.Value.Id, container.Value.State.Name, container.Value.State.Entrypoint, container.Value.State.StartedAt)
                : null;
        }

        private KxException ServiceNotRunning(string service) =>
            new KxException(KxErrorIds.ServiceNotRunning, KxErrorCategory.ResourceUnavailable, service,
                $"{service} has no running container to run manage.py in (-InRunningContainer).",
                "Start it with Invoke-KxBuild, or leave out -InRunningContainer to run manage.py in a one-off container.");

        /// <summary>`python manage.py` and the arguments, or `python` and a script's (<see cref="PythonScriptArguments"/>, the migration lock's).</summary>
        internal static IEnumerable<string> ManagePyCommand(IReadOnlyList<string> arguments) =>
            (arguments is PythonScriptArguments ? new[] { "python" } : new[] { "python", "manage.py" }).Concat(arguments);

        /// <summary>
        /// A manage.py command in a named one-off container (`run --rm -T`), or with <see cref="KxProjectOptions.InRunningContainer"/>
        /// in the service's running container, its output parsed as it streams.
        /// Secrets are read only when the operation runs, and only into the child's environment.
        /// </summary>
        internal KxOperation<T> ManagePy<TParser, T>(string action, IReadOnlyList<string> command, Func<TParser> createParser,
            Func<TParser, int, T> complete, (IReadOnlyList<string> Names, Func<IReadOnlyDictionary<string, string>> Values)? secrets = null,
            bool? inRunningContainer = null)
            where TParser : DjangoOutputParser
        {
            var call = PrepareManagePy(command, secrets?.Names ?? Array.Empty<string>(), inRunningContainer: inRunningContainer);
            return _project.Operation(action, new[] { call.CommandLine }, (output, cancellationToken) =>
            {
                var parser = createParser();
                var exitCode = RunManagePy(call, parser, output, cancellationToken, secrets?.Values());
                return complete(parser, exitCode);
            });
        }

        /// <summary>Runs a read-only manage.py command now, where the options say, and returns its parser.</summary>
        internal TParser QueryManagePy<TParser>(IReadOnlyList<string> command, TParser parser, IKxOutput output, CancellationToken cancellationToken,
            Func<int, bool>? succeeded = null)
            where TParser : DjangoOutputParser
        {
            var exitCode = RunManagePy(PrepareManagePy(command, Array.Empty<string>()), parser, output, cancellationToken);
            if (!(succeeded ?? (code => code == 0))(exitCode))
            {
                ThrowIfFailed(command[0], exitCode, parser, "Read Django's message above, fix the cause and run the command again.");
            }

            return parser;
        }

        internal static void ThrowIfFailed(string command, int exitCode, DjangoOutputParser parser, string recommendedAction)
        {
            if (exitCode == 0)
            {
                return;
            }

            var error = parser.GetError();
            throw new KxException(
                command.StartsWith("migrate", StringComparison.Ordinal) ? KxErrorIds.MigrationFailed : KxErrorIds.DjangoCommandFailed,
                KxErrorCategory.InvalidOperation, command,
                $"manage.py {command} failed (exit code {exitCode})" + (error != null ? ": " + error.Message : "."),
                recommendedAction);
        }

        /// <summary>
        /// The host file behind a path Django printed inside the container, through the service's bind mounts.
        /// Django prints paths relative to its working directory, which the compose file may not state, so a
        /// relative path is looked for under each bind mount; null when no mount holds it (production images).
        /// </summary>
        internal static string? MapToHost(ComposeService service, string containerPath)
        {
            var binds = service.Volumes.Where(v => v.HostPath != null).ToList();
            var segments = containerPath.Replace('\\', '/');
            if (segments.StartsWith("/", StringComparison.Ordinal))
            {
                var mount = binds
                    .Where(v => segments.StartsWith(v.Target.TrimEnd('/') + "/", StringComparison.Ordinal))
                    .OrderByDescending(v => v.Target.Length)
                    .FirstOrDefault();
                return mount == null ? null : Join(mount.HostPath!, segments.Substring(mount.Target.TrimEnd('/').Length + 1));
            }

            if (service.WorkingDir != null)
            {
                return MapToHost(service, service.WorkingDir.TrimEnd('/') + "/" + segments);
            }

            // The working directory is the image's WORKDIR: take the mount under which the file, or failing that
            // its folder (a dry run writes nothing), exists on the host.
            var candidates = binds.Select(v => Join(v.HostPath!, segments)).ToList();
            return candidates.FirstOrDefault(File.Exists)
                ?? candidates.FirstOrDefault(c => System.IO.Directory.Exists(Path.GetDirectoryName(c)));
        }

        private static string Join(string root, string relativePath) =>
            Path.GetFullPath(Path.Combine(new[] { root }.Concat(relativePath.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries)).ToArray()));
    }
}
