using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Status;

namespace Konnaxion.Ops.Project
{
    /// <summary>
    /// The compose and docker command lines of a project, and running them: every line redacted as it arrives, the
    /// error tail kept for the failure message, cancellation cleaned up, compose v1's ssh:// port put right.
    /// </summary>
    internal sealed class ComposeRunner
    {
        private readonly ProjectContext _project;

        public ComposeRunner(ProjectContext project) => _project = project;

        /// <summary>How many of a failed command's last stderr lines are kept to explain the failure.</summary>
        private const int ErrorTailLines = 40;

        /// <summary>
        /// Variables every compose child gets: v1 is Python and would otherwise write the console code page on
        /// Windows; v2's "What's next" hints are noise in captured output.
        /// </summary>
        private static readonly Dictionary<string, string> ComposeEnvironment = new Dictionary<string, string>
        {
            ["PYTHONIOENCODING"] = "utf-8",
            ["DOCKER_CLI_HINTS"] = "false",
        };

        /// <summary>
        /// For building: compose v2 builds services in parallel, and services that share one build (cookiecutter's django
        /// and its celery workers, the sample's django and worker) then come out of BuildKit's cache with image IDs that
        /// swap between builds, so `up --build` recreates their containers on most runs though nothing changed, and
        /// /start migrates again. One at a time, the IDs stay put; the shared build is cached after the first anyway.
        /// v1 builds one at a time already (and refuses a limit below 2).
        /// </summary>
        internal static readonly Dictionary<string, string> SequentialBuild = new Dictionary<string, string>
        {
            ["COMPOSE_PARALLEL_LIMIT"] = "1",
        };

        /// <summary>A user name docker-py can paste into its ssh command line, which it runs through a shell.</summary>
        private static readonly Regex ShellSafeSshUser = new Regex("^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant);

        private bool _composeV1DockerHostResolved;

        private string? _composeV1DockerHost;

        /// <summary>The compose command for <paramref name="arguments"/>, as it will run; <paramref name="environment"/> holds variables
        /// for the child only, secrets among them, which are never displayed.</summary>
        internal ProcessSpec Command(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
            bool interactive = false, CancellationToken cancellationToken = default)
        {
            var driver = _project.GetComposeDriver(cancellationToken);
            var fullArguments = driver.PrefixArguments
                .Concat(new[] { "-f", _project.ComposeFile.Path, "-p", _project.Name, "--ansi", "never" })
                .Concat((_project.Options.Profiles ?? Array.Empty<string>()).SelectMany(profile => new[] { "--profile", profile }))
                .Concat(arguments)
                .ToList();
            return new ProcessSpec(driver.Executable, fullArguments, ChildEnvironment(environment), interactive, _project.Directory);
        }

        /// <summary>The docker CLI command for <paramref name="arguments"/> (`docker exec`, `docker stack deploy -c -` with its stdin), against the same engine as compose.</summary>
        internal ProcessSpec Docker(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? secrets = null, bool interactive = false,
            string? standardInput = null) =>
            new ProcessSpec("docker", arguments.ToList(), ChildEnvironment(secrets), interactive, _project.Directory, standardInput);

        /// <summary>What every compose or docker child gets in its environment, secrets by value only here.</summary>
        private Dictionary<string, string> ChildEnvironment(IReadOnlyDictionary<string, string>? extra)
        {
            var environment = new Dictionary<string, string>(ComposeEnvironment);
            // Compose, the docker CLI and the status client must talk to the same engine.
            if (_project.Options.DockerHost != null)
            {
                environment["DOCKER_HOST"] = _project.Options.DockerHost;
            }

            if (_project.Options.DockerContext != null)
            {
                environment["DOCKER_CONTEXT"] = _project.Options.DockerContext;
            }

            foreach (var variable in extra ?? new Dictionary<string, string>())
            {
                environment[variable.Key] = variable.Value;
            }

            return environment;
        }

        /// <summary>
        /// `run --rm` arguments for a one-off container with a name of our choosing, so a cancelled run can be
        /// found and removed, and labels naming this process, so that one left by a killed process is too (see
        /// <see cref="Stack.LeftoverOneOffs"/>). Secrets are passed as `-e NAME` with the value only in the child's environment.
        /// </summary>
        internal IReadOnlyList<string> RunArguments(string service, string oneOffName, IEnumerable<string> command,
            IEnumerable<string>? secretNames = null, bool interactive = false)
        {
            var arguments = new List<string> { "run", "--rm", "--name", oneOffName };
            foreach (var label in OneOffOwner.Current.Labels)
            {
                arguments.Add("--label");
                arguments.Add(label.Key + "=" + label.Value);
            }

            if (!interactive)
            {
                arguments.Add("-T");
            }

            foreach (var name in secretNames ?? Enumerable.Empty<string>())
            {
                arguments.Add("-e");
                arguments.Add(name);
            }

            arguments.Add(service);
            arguments.AddRange(command);
            return arguments;
        }

        /// <summary>A container name compose's own names cannot collide with.</summary>
        internal string NewOneOffName(string service) => $"{_project.Name}-{service}-kx-{Guid.NewGuid().ToString("N").Substring(0, 10)}";

        /// <summary>
        /// Runs a compose command, streaming its lines to <paramref name="output"/> and to <paramref name="observe"/>.
        /// Success is the exit code alone: compose writes warnings (such as the obsolete `version` key) to stderr.
        /// </summary>
        internal ComposeRun Run(ProcessSpec spec, IKxOutput output, CancellationToken cancellationToken, Action<ProcessLine>? observe = null) =>
            RunChild(spec, output, cancellationToken, observe, cleanUp: null);

        /// <summary>
        /// Runs a compose or docker child, its lines handled as <see cref="RunRedacted"/> says; on cancellation
        /// <paramref name="cleanUp"/> undoes what the child left running and says what it did.
        /// </summary>
        internal ComposeRun RunChild(ProcessSpec spec, IKxOutput output, CancellationToken cancellationToken,
            Action<ProcessLine>? observe, Func<IKxOutput, string>? cleanUp) =>
            RunRedacted(spec.ToString(), spec.FileName, (redactedOutput, onLine) =>
            {
                try
                {
                    return _project.Options.ProcessRunner.Run(WithComposeV1SshPort(spec, redactedOutput, cancellationToken), onLine, cancellationToken);
                }
                catch (ExecutableNotFoundException ex)
                {
                    throw new KxException(KxErrorIds.ComposeNotInstalled, KxErrorCategory.NotInstalled, ex.FileName,
                        $"'{ex.FileName}' could not be started: it is not on PATH.", "Install Docker Desktop or Docker Compose, or fix PATH.", ex);
                }
            }, output, cancellationToken, observe, cleanUp);

        /// <summary>
        /// Runs what streams lines (a child process, an exec through the engine) and returns its exit code and error
        /// tail. Every line is redacted before anything sees it (the parsers in <c>observe</c>, the error tail, the
        /// output), so neither output nor the exceptions built from it can carry an env-file secret. When the token
        /// stops <c>run</c>, <c>cleanUp</c> undoes what it left running, and OperationCancelled says that
        /// <c>stopped</c> (what was running) was stopped and what the clean-up did. <c>description</c> is the command
        /// line or API call, for the verbose stream and the error's target; <c>run</c> gets the redacting output and
        /// the line handler and returns the exit code.
        /// </summary>
        internal ComposeRun RunRedacted(string description, string stopped, Func<IKxOutput, Action<ProcessLine>, int> run,
            IKxOutput output, CancellationToken cancellationToken, Action<ProcessLine>? observe, Func<IKxOutput, string>? cleanUp)
        {
            _project.EnsureEnvFiles();
            var redactor = _project.Redactor;
            output = redactor.Wrap(output);
            var stderrTail = new Queue<string>();
            int exitCode;
            try
            {
                output.WriteVerbose("Running: " + description);
                exitCode = run(output, rawLine =>
                {
                    var line = new ProcessLine(rawLine.Stream, redactor.Redact(rawLine.Text));
                    if (line.Stream == ProcessStream.StandardError)
                    {
                        stderrTail.Enqueue(line.Text);
                        if (stderrTail.Count > ErrorTailLines)
                        {
                            stderrTail.Dequeue();
                        }
                    }

                    observe?.Invoke(line);
                    output.WriteProcessLine(line);
                });
            }
            catch (OperationCanceledException)
            {
                var cleanedUp = cleanUp?.Invoke(output) ?? string.Empty;
                throw new KxException(KxErrorIds.OperationCancelled, KxErrorCategory.OperationStopped, description,
                    $"The operation was cancelled; {stopped} was stopped{cleanedUp}.",
                    "Run the command again when you are ready.");
            }

            output.WriteVerbose($"Exit code {exitCode}: {description}");
            return new ComposeRun(exitCode, stderrTail.ToList());
        }

        /// <summary>
        /// docker-py (compose v1) turns ssh://vps into ssh://vps:22 and runs `ssh -p 22 -- vps`, so the Port of an
        /// ~/.ssh/config alias is lost, though its HostName, User and IdentityFile still apply. v1 gets the endpoint with
        /// the port (and user) that `ssh -G` resolves for the alias; the host stays the alias, so ssh still applies the rest.
        /// </summary>
        private ProcessSpec WithComposeV1SshPort(ProcessSpec spec, IKxOutput output, CancellationToken cancellationToken)
        {
            // A compose child was made by ComposeCommand, which detected the driver; a docker child must not detect it.
            if (_project.Driver == null || _project.Driver.IsV2 || spec.FileName != _project.Driver.Executable)
            {
                return spec;
            }

            if (!_composeV1DockerHostResolved)
            {
                _composeV1DockerHost = ResolveComposeV1DockerHost(spec.Environment, cancellationToken);
                _composeV1DockerHostResolved = true;
                if (_composeV1DockerHost != null)
                {
                    output.WriteVerbose($"compose v1 gets DOCKER_HOST={_composeV1DockerHost}: docker-py would otherwise use port 22, whatever ~/.ssh/config says.");
                }
            }

            if (_composeV1DockerHost == null)
            {
                return spec;
            }

            // v1 reads no DOCKER_CONTEXT; DOCKER_HOST alone names the engine.
            var environment = spec.Environment.Where(v => v.Key != "DOCKER_CONTEXT").ToDictionary(v => v.Key, v => v.Value);
            environment["DOCKER_HOST"] = _composeV1DockerHost;
            return new ProcessSpec(spec.FileName, spec.Arguments, environment, spec.Interactive, spec.WorkingDirectory, spec.StandardInput);
        }

        /// <summary>ssh://[user@]alias:port for an ssh:// endpoint without a port, from `ssh -G`; null to leave the endpoint as it is.</summary>
        private string? ResolveComposeV1DockerHost(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
        {
            DockerEndpoint endpoint;
            try
            {
                endpoint = DockerEndpointResolver.ForCurrentMachine().Resolve(_project.Options.DockerHost, _project.Options.DockerContext);
            }
            catch (KxException)
            {
                // What the engine client refuses (TLS, say) is still compose's to use or to refuse in its own words.
                return null;
            }

            // docker-py splits its host at ':' and '@', so an IPv6 address cannot get a port this way.
            if (endpoint.Scheme != DockerEndpointScheme.Ssh || endpoint.Port.HasValue || endpoint.Host!.IndexOf(':') >= 0)
            {
                return null;
            }

            var arguments = new List<string> { "-G" };
            if (endpoint.User != null)
            {
                arguments.AddRange(new[] { "-l", endpoint.User });
            }

            arguments.AddRange(new[] { "--", endpoint.Host });
            var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            try
            {
                var exitCode = _project.Options.ProcessRunner.Run(new ProcessSpec("ssh", arguments, environment, workingDirectory: _project.Directory), line =>
                {
                    var parts = line.Text.Split(new[] { ' ' }, 2);
                    if (line.Stream == ProcessStream.StandardOutput && parts.Length == 2 && !settings.ContainsKey(parts[0]))
                    {
                        settings[parts[0]] = parts[1].Trim();
                    }
                }, cancellationToken);
                if (exitCode != 0)
                {
                    return null;
                }
            }
            catch (ExecutableNotFoundException)
            {
                // Without an ssh client v1 cannot reach the engine either, and says so itself.
                return null;
            }

            if (!settings.TryGetValue("port", out var portText) ||
                !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                return null;
            }

            var user = endpoint.User ?? (settings.TryGetValue("user", out var configured) && ShellSafeSshUser.IsMatch(configured) ? configured : null);
            return "ssh://" + (user != null ? user + "@" : string.Empty) + endpoint.Host + ":" + port.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// Removes a one-off container left by a cancelled run, through the engine like every other container call
        /// (force, as `docker rm -f`: it may still run). Compose may still have been creating it when it was killed,
        /// so an absent container is looked for again briefly before giving up.
        /// </summary>
        internal void RemoveOneOff(string containerName, IKxOutput output)
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                try
                {
                    _project.GetEngine().RemoveContainer(containerName, force: true, CancellationToken.None);
                    output.WriteVerbose($"Removed the one-off container {containerName}.");
                    return;
                }
                catch (KxException ex) when (ex.ErrorId == KxErrorIds.EngineApiError && ex.Category == KxErrorCategory.ObjectNotFound)
                {
                    Thread.Sleep(300);
                }
                catch (KxException)
                {
                    output.WriteWarning($"Could not remove the one-off container {containerName}; remove it with: docker rm -f {containerName}");
                    return;
                }
            }
        }

        /// <summary>The exit code and compose's own error lines (see <see cref="ComposeErrorLines.Select"/>), already redacted.</summary>
        internal static string FailureMessage(string subcommand, ComposeRun run) => ChildFailureMessage("compose " + subcommand, run);

        /// <summary>As <see cref="FailureMessage"/>, for a child named by <paramref name="command"/> (docker stack deploy, say).</summary>
        internal static string ChildFailureMessage(string command, ComposeRun run)
        {
            var reasons = ComposeErrorLines.Select(run.StderrTail);
            return $"{command} failed with exit code {run.ExitCode}" + (reasons.Count > 0 ? ": " + string.Join("; ", reasons) : ".");
        }
    }

    /// <summary>How a compose or docker child ended: its exit code and its last stderr lines, redacted.</summary>
    internal sealed class ComposeRun
    {
        public ComposeRun(int exitCode, IReadOnlyList<string> stderrTail)
        {
            ExitCode = exitCode;
            StderrTail = stderrTail;
        }

        public int ExitCode { get; }
        public IReadOnlyList<string> StderrTail { get; }
        public bool Succeeded => ExitCode == 0;
    }
}
