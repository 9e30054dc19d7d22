using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Processes;

namespace Konnaxion.Ops.Tests.Engine
{
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class DockerEngineCollection : ICollectionFixture<ThrowawayContainers>
    {
        public const string Name = "Docker Engine API";
    }

    /// <summary>
    /// Containers started with the docker CLI for the engine tests, on first use only (so a run without an engine
    /// never calls docker), and removed at the end. Every one carries kxtest.engine=1 and a label unique to this run.
    /// </summary>
    public sealed class ThrowawayContainers : IDisposable
    {
        public const string EngineLabel = "kxtest.engine";
        public const string RunLabel = "kxtest.run";

        private readonly Lazy<(string Plain, string Tty)> _started;
        private readonly List<string> _created = new List<string>();

        public ThrowawayContainers()
        {
            _started = new Lazy<(string, string)>(() =>
            {
                // Output first, then sleep, so the log holds exactly these lines; stderr in the middle checks demultiplexing.
                var plain = Run(tty: false, "echo out-1; echo 'err-ü €' >&2; sleep 0.2; echo out-2; exec sleep 300");
                var tty = Run(tty: true, "echo tty-1; echo 'tty-ü'; exec sleep 300");
                return (plain, tty);
            });
        }

        public string RunId { get; } = Guid.NewGuid().ToString("N").Substring(0, 12);

        /// <summary>A running container without a TTY whose log is out-1, err-ü €, out-2.</summary>
        public string Plain => _started.Value.Plain;

        /// <summary>A running container with a TTY whose log is tty-1, tty-ü.</summary>
        public string Tty => _started.Value.Tty;

        public IReadOnlyDictionary<string, string?> Labels => new Dictionary<string, string?> { [EngineLabel] = "1", [RunLabel] = RunId };

        /// <summary>Starts another container labelled for this run, running <paramref name="script"/> with sh.</summary>
        public string Run(bool tty, string script)
        {
            var arguments = new List<string> { "run", "-d", "--label", EngineLabel + "=1", "--label", RunLabel + "=" + RunId };
            if (tty)
            {
                arguments.Add("-t");
            }

            arguments.AddRange(new[] { EngineTestEnvironment.Image, "sh", "-c", script });
            var id = Docker(arguments.ToArray());
            lock (_created)
            {
                _created.Add(id);
            }

            return id;
        }

        public void Dispose()
        {
            if (_created.Count > 0)
            {
                Docker(new[] { "rm", "-f" }.Concat(_created).ToArray(), mustSucceed: false);
            }
        }

        /// <summary>Runs the docker CLI against the default engine and returns its trimmed standard output.</summary>
        public static string Docker(string[] arguments, bool mustSucceed = true)
        {
            var info = new ProcessStartInfo("docker", CommandLine.Join(arguments))
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.Environment.Remove("DOCKER_HOST");
            info.Environment.Remove("DOCKER_CONTEXT");
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (mustSucceed && process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{CommandLine.Format("docker", arguments)} failed with exit code {process.ExitCode}: {error.Result}" +
                    $" (the engine tests need the image {EngineTestEnvironment.Image}; see .ci/build-base-image.sh or set KX_BASE_IMAGE)");
            }

            return output.Trim();
        }
    }

    /// <summary>What every transport must do against the real engine.</summary>
    internal static class EngineContract
    {
        public static void PingListInspectAndTail(DockerEngineClient client, ThrowawayContainers containers)
        {
            var plain = containers.Plain;
            var tty = containers.Tty;

            client.Ping(CancellationToken.None);

            var listed = client.ListContainers(containers.Labels, includeStopped: true, CancellationToken.None);
            Assert.Contains(listed, c => c.Id == plain);
            Assert.Contains(listed, c => c.Id == tty);
            Assert.All(listed, c => Assert.Equal(containers.RunId, c.Labels[ThrowawayContainers.RunLabel]));
            var listedPlain = listed.Single(c => c.Id == plain);
            Assert.Equal("running", listedPlain.State);
            Assert.StartsWith("Up", listedPlain.Status);
            Assert.Equal(EngineTestEnvironment.Image, listedPlain.Image);
            Assert.Single(listedPlain.Names);
            Assert.InRange(listedPlain.Created, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(5));

            var noMatch = new Dictionary<string, string?> { [ThrowawayContainers.RunLabel] = "no-such-run" };
            Assert.Empty(client.ListContainers(noMatch, includeStopped: true, CancellationToken.None));

            var state = client.InspectContainer(plain, CancellationToken.None);
            Assert.Equal(plain, state.Id);
            Assert.Equal(listedPlain.Names[0], state.Name);
            Assert.Equal("running", state.Status);
            Assert.True(state.Running);
            Assert.Equal(0, state.ExitCode);
            Assert.Equal(EngineContainerState.NoHealthcheck, state.Health);
            Assert.NotNull(state.StartedAt);
            Assert.Null(state.FinishedAt);

            var lines = WaitForLines(client, plain, 3);
            Assert.Equal(new[] { "err-ü €", "out-1", "out-2" }, lines.OrderBy(l => l, StringComparer.Ordinal));
            Assert.True(lines.ToList().IndexOf("out-1") < lines.ToList().IndexOf("out-2"));
            Assert.Equal(new[] { "out-2" }, client.GetLogTail(plain, 1, CancellationToken.None));

            Assert.Equal(new[] { "tty-1", "tty-ü" }, WaitForLines(client, tty, 2));
        }

        /// <summary>The container writes its log as it starts; wait until the expected number of lines is there.</summary>
        private static IReadOnlyList<string> WaitForLines(DockerEngineClient client, string id, int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (true)
            {
                var lines = client.GetLogTail(id, 100, CancellationToken.None);
                if (lines.Count >= count || DateTime.UtcNow > deadline)
                {
                    return lines;
                }

                Thread.Sleep(100);
            }
        }
    }

    [Collection(DockerEngineCollection.Name)]
    public class UnixSocketEngineTests
    {
        private readonly ThrowawayContainers _containers;

        public UnixSocketEngineTests(ThrowawayContainers containers)
        {
            _containers = containers;
        }

        [EngineFact]
        public void PingsListsInspectsAndTailsLogs()
        {
            using var client = new DockerEngineClient(EngineTestEnvironment.DefaultEndpoint);

            EngineContract.PingListInspectAndTail(client, _containers);

            Assert.Equal(1, client.Connection.ConnectionsOpened);
            Assert.NotNull(client.ApiVersion);
        }

        [EngineFact]
        public void RemovesContainers()
        {
            using var client = new DockerEngineClient(EngineTestEnvironment.DefaultEndpoint);
            var running = _containers.Run(tty: false, "exec sleep 300");

            var conflict = Assert.Throws<KxException>(() => client.RemoveContainer(running, force: false, CancellationToken.None));
            Assert.Equal(KxErrorIds.EngineApiError, conflict.ErrorId);
            Assert.Equal(KxErrorCategory.InvalidOperation, conflict.Category);

            client.RemoveContainer(running, force: true, CancellationToken.None);

            var gone = Assert.Throws<KxException>(() => client.InspectContainer(running, CancellationToken.None));
            Assert.Equal(KxErrorIds.EngineApiError, gone.ErrorId);
            Assert.Equal(KxErrorCategory.ObjectNotFound, gone.Category);
            Assert.Contains("No such container", gone.Message);
        }

        [EngineFact]
        public void InspectsAnExitedContainer()
        {
            using var client = new DockerEngineClient(EngineTestEnvironment.DefaultEndpoint);
            var exited = _containers.Run(tty: false, "exit 3");
            ThrowawayContainers.Docker(new[] { "wait", exited });

            var state = client.InspectContainer(exited, CancellationToken.None);

            Assert.Equal("exited", state.Status);
            Assert.False(state.Running);
            Assert.Equal(3, state.ExitCode);
            // Not compared with StartedAt: for a process that exits at once the engine may record the stop first.
            Assert.InRange(state.FinishedAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
            Assert.DoesNotContain(client.ListContainers(_containers.Labels, includeStopped: false, CancellationToken.None), c => c.Id == exited);
            Assert.Contains(client.ListContainers(_containers.Labels, includeStopped: true, CancellationToken.None), c => c.Id == exited);
        }
    }

    [Collection(DockerEngineCollection.Name)]
    public class NamedPipeEngineTests
    {
        private readonly ThrowawayContainers _containers;

        public NamedPipeEngineTests(ThrowawayContainers containers)
        {
            _containers = containers;
        }

        [NamedPipeEngineFact]
        public void PingsListsInspectsAndTailsLogs()
        {
            using var client = new DockerEngineClient(DockerEndpoint.Parse("npipe:////./pipe/docker_engine"));

            EngineContract.PingListInspectAndTail(client, _containers);

            Assert.Equal(1, client.Connection.ConnectionsOpened);
        }
    }

    [Collection(DockerEngineCollection.Name)]
    public class SshEngineTests
    {
        private readonly ThrowawayContainers _containers;

        public SshEngineTests(ThrowawayContainers containers)
        {
            _containers = containers;
        }

        private static DockerEndpoint Endpoint => DockerEndpoint.Parse($"ssh://root@127.0.0.1:{EngineTestEnvironment.SshPort}");

        [SshEngineFact]
        public void PingsListsInspectsAndTailsLogsThroughOneSshProcess()
        {
            using var client = new DockerEngineClient(Endpoint, EngineTestEnvironment.SshOptions());

            EngineContract.PingListInspectAndTail(client, _containers);

            Assert.Equal(1, client.Connection.ConnectionsOpened);
        }

        [SshEngineFact]
        public void AWrongKeyFailsWithWhatSshSaid()
        {
            var options = EngineTestEnvironment.SshOptions();
            options.SshIdentityFile = "/dev/null";
            using var client = new DockerEngineClient(Endpoint, options);

            var error = Assert.Throws<KxException>(() => client.Ping(CancellationToken.None));

            Assert.Equal(KxErrorIds.SshTransportFailed, error.ErrorId);
            Assert.Contains("exited with code 255", error.Message);
            Assert.Contains("Permission denied", error.Message);
        }
    }
}
