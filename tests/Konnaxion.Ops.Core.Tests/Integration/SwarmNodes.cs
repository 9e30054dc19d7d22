using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Tests.Engine;
using Xunit.Sdk;

namespace Konnaxion.Ops.Tests.Integration
{
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class TwoNodeSwarmCollection : ICollectionFixture<SwarmNodes>
    {
        /// <summary>One swarm of two nodes for the whole collection, and nothing else on the engine meanwhile.</summary>
        public const string Name = "Docker swarm, two nodes";
    }

    /// <summary>
    /// Needs the engine and what .ci/swarm-nodes.sh needs to build the two-node swarm (Linux, root, ip, nsenter and
    /// Debian's docker-registry, installed by .ci/setup-engine.sh): skipped without them on a developer machine, a
    /// failure under CI=true.
    /// </summary>
    [XunitTestCaseDiscoverer("Konnaxion.Ops.Tests.Engine.EngineFactDiscoverer", "Konnaxion.Ops.Core.Tests")]
    public sealed class SwarmNodesFactAttribute : EngineFactAttribute
    {
        public SwarmNodesFactAttribute()
            : base(EngineTestEnvironment.EngineProblem ?? SwarmNodes.MachineProblem)
        {
        }
    }

    /// <summary>
    /// A swarm of two nodes on this machine, built by <c>.ci/swarm-nodes.sh up</c> on first use: the main engine
    /// (the default endpoint) as manager advertising <see cref="ManagerAddress"/>, a second dockerd in a network
    /// namespace as worker (<see cref="WorkerDockerHost"/>), and a plain-HTTP registry (<see cref="Registry"/>) that
    /// both trust. The worker has no image of its own: push to the registry from the manager, and the worker pulls.
    /// Taken down at the end (<c>down</c>) only if it was not up before, so a swarm someone else brought up is kept.
    /// On this kernel service VIPs and the ingress routing mesh do not work (no IPVS): use endpoint_mode dnsrr and
    /// host-mode ports. Engine 20.10 keeps a replicated-job's task container after the job is removed:
    /// <see cref="RemoveTaskContainers"/>.
    /// </summary>
    public sealed class SwarmNodes : IDisposable
    {
        public const string ManagerAddress = "10.213.0.1";
        public const string WorkerAddress = "10.213.0.2";
        public const string Registry = ManagerAddress + ":5000";
        public const string WorkerDockerHost = "unix:///run/konnaxion-ops/swarm-worker.sock";

        /// <summary>busybox-static (sh, nc, httpd, nslookup), 2 MB, on the manager only: quick to push and pull.</summary>
        public const string ProbeImage = "konnaxion-ops/swarm-probe:busybox";

        private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);
        private readonly Lazy<string?> _up;
        private bool _broughtUp;

        public SwarmNodes()
        {
            _up = new Lazy<string?>(BringUp, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>Why this machine cannot build the two nodes, or null when it can (checked without building them).</summary>
        public static string? MachineProblem { get; } = ProbeMachine();

        public static string Script => Path.Combine(SampleStack.RepositoryRoot, ".ci", "swarm-nodes.sh");

        /// <summary>The manager: the main engine, as every other engine test reaches it.</summary>
        public DockerEndpoint Manager => EngineTestEnvironment.DefaultEndpoint;

        public DockerEndpoint Worker { get; } = DockerEndpoint.Parse(WorkerDockerHost);

        /// <summary>Why the two nodes could not be brought up (the script's exit code and output), or null when they are up.</summary>
        public string? Problem => _up.Value;

        /// <summary>Brings the nodes up if needed and fails the calling test with <see cref="Problem"/> when they could not be.</summary>
        public void Require()
        {
            if (Problem != null)
            {
                throw new XunitException(Problem);
            }
        }

        /// <summary>The swarm node ID of the manager (docker info .Swarm.NodeID on the main engine).</summary>
        public string ManagerNodeId => Docker(null, "info", "--format", "{{.Swarm.NodeID}}");

        public string WorkerNodeId => Docker(WorkerDockerHost, "info", "--format", "{{.Swarm.NodeID}}");

        /// <summary>A name of this run's own, kxswarmtest-WHAT-RANDOM.</summary>
        public static string NewName(string what) => $"kxswarmtest-{what}-{Guid.NewGuid().ToString("N").Substring(0, 8)}";

        /// <summary>
        /// Runs the docker CLI against <paramref name="dockerHost"/> (null: the main engine) and returns its trimmed
        /// standard output; throws with its standard error when it fails.
        /// </summary>
        public static string Docker(string? dockerHost, params string[] arguments)
        {
            var (exitCode, output, error) = Run("docker", arguments, dockerHost, TimeSpan.FromMinutes(2));
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"{Describe(dockerHost)}: {CommandLine.Format("docker", arguments)} failed with exit code {exitCode}: {error.Trim()}");
            }

            return output.Trim();
        }

        /// <summary>Like <see cref="Docker"/>, but a failure is only reported as false (for clean-up).</summary>
        public static bool TryDocker(string? dockerHost, params string[] arguments) =>
            Run("docker", arguments, dockerHost, TimeSpan.FromMinutes(2)).ExitCode == 0;

        /// <summary>
        /// Removes the containers of service <paramref name="service"/> on both nodes: Engine 20.10 leaves a
        /// replicated-job's task container behind when the job is removed.
        /// </summary>
        public static void RemoveTaskContainers(string service)
        {
            foreach (var host in new[] { null, WorkerDockerHost })
            {
                var ids = Run("docker", new[] { "ps", "-aq", "--filter", "label=com.docker.swarm.service.name=" + service }, host, TimeSpan.FromMinutes(1)).Output
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (ids.Length > 0)
                {
                    TryDocker(host, new[] { "rm", "-f", "-v" }.Concat(ids).ToArray());
                }
            }
        }

        public void Dispose()
        {
            if (_broughtUp)
            {
                var (exitCode, output, error) = Run("bash", new[] { Script, "down" }, null, ScriptTimeout);
                if (exitCode != 0)
                {
                    throw new InvalidOperationException($".ci/swarm-nodes.sh down failed with exit code {exitCode}: {error}{output}");
                }
            }
        }

        private string? BringUp()
        {
            var problem = EngineTestEnvironment.EngineProblem ?? MachineProblem;
            if (problem != null)
            {
                return problem;
            }

            if (Run("bash", new[] { Script, "status" }, null, ScriptTimeout).ExitCode == 0)
            {
                return null;
            }

            var (exitCode, output, error) = Run("bash", new[] { Script, "up" }, null, ScriptTimeout);
            // Even a failed up may have made some of it: down undoes whatever up recorded.
            _broughtUp = true;
            return exitCode == 0 ? null : $".ci/swarm-nodes.sh up failed with exit code {exitCode}: {LastLines(error + output, 15)}";
        }

        private static string? ProbeMachine()
        {
            if (!OperatingSystem.IsLinux())
            {
                return "The two-node swarm is built with Linux network namespaces";
            }

            if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
            {
                return "The two-node swarm needs root (network namespaces, a second dockerd)";
            }

            var missing = new[] { "/usr/bin/docker-registry", "/usr/bin/nsenter", "/usr/sbin/ip" }.Where(p => !File.Exists(p)).ToList();
            if (!File.Exists(Script))
            {
                missing.Add(Script);
            }

            return missing.Count == 0 ? null : "The two-node swarm needs " + string.Join(", ", missing) + " (see .ci/setup-engine.sh)";
        }

        private static string Describe(string? dockerHost) => dockerHost == null ? "the main engine" : dockerHost;

        private static string LastLines(string text, int count) =>
            string.Join("\n", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains("level=info", StringComparison.Ordinal)).TakeLast(count));

        private static (int ExitCode, string Output, string Error) Run(string fileName, IEnumerable<string> arguments, string? dockerHost, TimeSpan timeout)
        {
            var info = new ProcessStartInfo(fileName, CommandLine.Join(arguments))
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            info.Environment.Remove("DOCKER_CONTEXT");
            if (dockerHost == null)
            {
                info.Environment.Remove("DOCKER_HOST");
            }
            else
            {
                info.Environment["DOCKER_HOST"] = dockerHost;
            }

            using var process = Process.Start(info)!;
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return (-1, output.Result, $"timed out after {timeout.TotalSeconds:0} s; " + error.Result);
            }

            return (process.ExitCode, output.Result, error.Result);
        }
    }
}
