using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Status;
using Konnaxion.Ops.Tests.Engine;

namespace Konnaxion.Ops.Tests.Integration
{
    /// <summary>
    /// Status and waiting through KxProject against the real engine, once per compose version: exited, missing and
    /// one-off containers, waiting for healthy, early exit, unhealthy, timeout and cancellation, the same status
    /// whichever compose version started the stack, and the named-pipe and ssh transports.
    /// Every test leaves the stack as it found it: all three services up.
    /// </summary>
    public abstract class StatusTests<TStack>
        where TStack : SampleStack
    {
        /// <summary>
        /// The sample's local compose file plus probe services that only these tests start. Their healthchecks run
        /// every hour (so they stay "starting") or fail at once; their commands end on SIGTERM so removal is quick.
        /// </summary>
        private const string ProbesFileName = "docker-compose.kxprobes.yml";

        private const string Probes = @"
  kx-exits:
    image: ""${KX_BASE_IMAGE}""
    env_file:
      - ./.envs/.local/.postgres
    command: [""sh"", ""-c"", ""echo \""kx-exits: connecting with $$POSTGRES_PASSWORD\""; sleep 0.2; echo 'kx-exits: giving up — ü' >&2; sleep 2; exit 3""]
    healthcheck:
      test: [""CMD"", ""true""]
      interval: 1h
  kx-unhealthy:
    image: ""${KX_BASE_IMAGE}""
    command: [""sh"", ""-c"", ""trap 'exit 0' TERM; sleep 300 & wait""]
    healthcheck:
      test: [""CMD"", ""false""]
      interval: 1s
      timeout: 1s
      retries: 1
  kx-never-healthy:
    image: ""${KX_BASE_IMAGE}""
    command: [""sh"", ""-c"", ""trap 'exit 0' TERM; sleep 300 & wait""]
    healthcheck:
      test: [""CMD"", ""true""]
      interval: 1h
  kx-crash-loop:
    image: ""${KX_BASE_IMAGE}""
    restart: always
    env_file:
      - ./.envs/.local/.postgres
    command: [""sh"", ""-c"", ""echo \""kx-crash-loop: connecting with $$POSTGRES_PASSWORD\""; echo 'kx-crash-loop: cannot start — é' >&2; exit 4""]
    healthcheck:
      test: [""CMD"", ""true""]
      interval: 1h
  kx-never-created:
    image: ""${KX_BASE_IMAGE}""
    command: [""true""]
";

        private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

        protected StatusTests(TStack stack)
        {
            Stack = stack;
        }

        protected TStack Stack { get; }

        /// <summary>v1 names containers project_service_1, v2 project-service-1.</summary>
        private string Separator => Stack.Flavor == ComposeFlavor.V1 ? "_" : "-";

        [EngineFact]
        public void An_exited_service_shows_its_exit_code_and_waiting_for_it_fails_at_once_with_its_log()
        {
            var before = Stack.WaitFor("worker", s => s.IsRunning);
            WaitForLog(before, "worker: heartbeat #");
            using var project = Stack.Open();
            var output = new RecordingOutput();
            try
            {
                Stack.Compose(new[] { "kill", "-s", "SIGKILL", "worker" });

                var worker = Stack.WaitFor("worker", s => !s.IsRunning);
                Assert.Equal(("exited", (int?)137, "none", before.ContainerId), (worker.State, worker.ExitCode, worker.Health, worker.ContainerId));
                Assert.StartsWith("Exited (137)", worker.StatusText);
                Assert.Null(worker.Uptime);

                var error = Assert.Throws<KxException>(() =>
                    project.WaitForServices(new[] { "worker" }, KxWaitCondition.Running, Minute, output, CancellationToken.None));

                Assert.Equal((KxErrorIds.ServiceExited, KxErrorCategory.ResourceUnavailable), (error.ErrorId, error.Category));
                Assert.Equal((int?)137, Assert.IsType<KxServiceStatus>(error.TargetObject).ExitCode);
                Assert.StartsWith($"worker (container {before.ContainerName}) exited with code 137 before it was running. " +
                    "Fix what its log shows (docker compose logs worker), then start it again with Invoke-KxBuild.\nThe last ", error.Message);
                Assert.Contains("\n  worker: heartbeat #", error.Message);
                Assert.True(Assert.Single(output.Progress).Completed);
            }
            finally
            {
                Stack.Compose(new[] { "start", "worker" });
            }
        }

        [EngineFact]
        public void A_service_without_a_container_is_listed_once_as_missing_and_waiting_for_it_times_out()
        {
            Stack.WaitFor("worker", s => s.IsRunning);
            using var project = Stack.Open();
            var output = new RecordingOutput();
            try
            {
                // Killed rather than stopped: a worker still in its entrypoint ignores SIGTERM for the whole stop timeout.
                Stack.Compose(new[] { "kill", "-s", "SIGKILL", "worker" });
                Stack.Compose(new[] { "rm", "-f", "worker" });

                var statuses = project.GetServiceStatus();
                Assert.Equal(new[] { "django", "postgres", "worker" }, statuses.Select(s => s.Service));
                var worker = statuses.Single(s => s.Service == "worker");
                Assert.Equal((KxServiceStatus.Missing, "none", "konnaxion_local_worker"), (worker.State, worker.Health, worker.Image));
                Assert.Null(worker.ContainerId);
                Assert.Null(worker.ContainerName);
                Assert.Null(worker.ExitCode);
                Assert.Null(worker.StartedAt);
                Assert.Empty(worker.Ports);

                var error = Assert.Throws<KxException>(() =>
                    project.WaitForServices(new[] { "worker" }, KxWaitCondition.Running, TimeSpan.FromSeconds(1), output, CancellationToken.None));

                Assert.Equal((KxErrorIds.ServiceWaitTimeout, KxErrorCategory.OperationTimeout), (error.ErrorId, error.Category));
                Assert.Equal(new[] { "worker" }, Assert.IsType<string[]>(error.TargetObject));
                Assert.Equal("Waited 1 s for worker to be running; still not: worker: missing. " +
                    "Start the missing services with Invoke-KxBuild, read the others' logs (docker compose logs SERVICE), or wait longer.", error.Message);
                Assert.Contains(output.Progress, p => !p.Completed && p.Status == "worker: missing" && p.PercentComplete == 0);
                Assert.True(output.Progress.Last().Completed);
            }
            finally
            {
                Stack.Compose(new[] { "up", "-d", "--no-build", "--no-deps", "worker" });
            }
        }

        [EngineFact]
        public void One_off_leftovers_are_listed_only_on_request_and_can_be_removed_by_id()
        {
            using var project = Stack.Open();
            using var engine = new DockerEngineClient(EngineTestEnvironment.DefaultEndpoint);
            string? leftoverId = null;
            try
            {
                Stack.Compose(new[] { "run", "-d", "--no-deps", "worker", "sleep", "300" });

                var withLeftovers = project.GetServiceStatus(includeOneOff: true);
                var leftover = Assert.Single(withLeftovers, s => s.OneOff);
                leftoverId = leftover.ContainerId;
                Assert.Equal(("worker", "running"), (leftover.Service, leftover.State));
                Assert.Matches("^" + Regex.Escape(Stack.ProjectName + Separator + "worker" + Separator + "run" + Separator) + "[0-9a-f]{12}$", leftover.ContainerName);
                Assert.Equal(new[] { "django", "postgres", "worker", "worker" }, withLeftovers.Select(s => s.Service));

                var withoutLeftovers = project.GetServiceStatus();
                Assert.Equal(new[] { "django", "postgres", "worker" }, withoutLeftovers.Select(s => s.Service));
                Assert.DoesNotContain(withoutLeftovers, s => s.OneOff || s.ContainerId == leftoverId);

                engine.RemoveContainer(leftoverId!, force: true, CancellationToken.None);
                leftoverId = null;
                Assert.DoesNotContain(project.GetServiceStatus(includeOneOff: true), s => s.OneOff);
            }
            finally
            {
                if (leftoverId != null)
                {
                    engine.RemoveContainer(leftoverId, force: true, CancellationToken.None);
                }
            }
        }

        [EngineFact]
        public void Waiting_for_healthy_returns_the_statuses_and_takes_running_for_healthy_without_a_healthcheck()
        {
            using var project = Stack.Open();
            var output = new RecordingOutput();

            var statuses = project.WaitForServices(new[] { "postgres", "django" }, KxWaitCondition.Healthy, TimeSpan.FromMinutes(2), output, CancellationToken.None);

            Assert.Equal(new[] { ("postgres", "running", "healthy"), ("django", "running", "none") }, statuses.Select(s => (s.Service, s.State, s.Health)));
            Assert.Contains("django has no healthcheck: running is as healthy as it gets.", output.Verbose);
            Assert.DoesNotContain(output.Verbose, line => line.StartsWith("postgres has no healthcheck", StringComparison.Ordinal));
            var last = output.Progress.Last();
            Assert.Equal(("Waiting for postgres, django to be healthy", true), (last.Activity, last.Completed));
            Assert.All(output.Progress, p => Assert.Equal(last.ActivityId, p.ActivityId));
        }

        [EngineFact]
        public void Build_with_wait_returns_the_statuses_once_healthy()
        {
            using var project = Stack.Open();

            var operation = project.Build(new[] { "postgres" }, noBuild: true, KxWaitCondition.Healthy);
            var result = operation.Invoke(new RecordingOutput());

            Assert.Equal("Start postgres, then wait up to 120 s for it to be healthy", operation.Action);
            Assert.True(result.Success, result.FailureMessage);
            var postgres = Assert.Single(result.ServiceStatus);
            Assert.Equal(("postgres", "running", "healthy"), (postgres.Service, postgres.State, postgres.Health));
        }

        [EngineFact]
        public void A_service_that_exits_while_waited_for_fails_the_build_with_its_last_log_lines_and_no_secret()
        {
            var password = DotEnvFile.Read(Path.Combine(Stack.BackendDirectory, ".envs", ".local", ".postgres"))["POSTGRES_PASSWORD"];
            using var project = OpenProbes();
            try
            {
                var error = Assert.Throws<KxException>(() =>
                    project.Build(new[] { "kx-exits" }, noBuild: true, KxWaitCondition.Healthy, Minute).Invoke(new RecordingOutput()));

                Assert.Equal((KxErrorIds.ServiceExited, KxErrorCategory.ResourceUnavailable), (error.ErrorId, error.Category));
                var exited = Assert.IsType<KxServiceStatus>(error.TargetObject);
                Assert.Equal(("kx-exits", "exited", (int?)3), (exited.Service, exited.State, exited.ExitCode));
                Assert.Equal(Stack.ProjectName + Separator + "kx-exits" + Separator + "1", exited.ContainerName);
                Assert.StartsWith($"kx-exits (container {exited.ContainerName}) exited with code 3 before it was healthy. ", error.Message);
                Assert.Contains("\nThe last 2 lines of its log:\n  kx-exits: connecting with " + SecretRedactor.Mask + "\n", error.Message);
                Assert.EndsWith("\n  kx-exits: giving up — ü", error.Message);
                Assert.DoesNotContain(password, error.Message);
            }
            finally
            {
                SampleStack.Compose(project, new[] { "rm", "-s", "-f", "kx-exits" });
            }
        }

        /// <summary>Healthy is waited for because its healthcheck never passes: a moment of running must not end the wait.</summary>
        [EngineFact]
        public void A_service_its_restart_policy_keeps_restarting_fails_the_wait_soon_with_its_log_and_no_secret()
        {
            var password = DotEnvFile.Read(Path.Combine(Stack.BackendDirectory, ".envs", ".local", ".postgres"))["POSTGRES_PASSWORD"];
            using var project = OpenProbes();
            try
            {
                SampleStack.Compose(project, new[] { "up", "-d", "kx-crash-loop" });
                var clock = System.Diagnostics.Stopwatch.StartNew();

                var error = Assert.Throws<KxException>(() =>
                    project.WaitForServices(new[] { "kx-crash-loop" }, KxWaitCondition.Healthy, Minute, new RecordingOutput(), CancellationToken.None));

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the restart loop was found after {clock.Elapsed}, not soon");
                Assert.Equal((KxErrorIds.ServiceRestartLoop, KxErrorCategory.ResourceUnavailable), (error.ErrorId, error.Category));
                var looping = Assert.IsType<KxServiceStatus>(error.TargetObject);
                Assert.Equal(("kx-crash-loop", (int?)4), (looping.Service, looping.ExitCode));
                Assert.True(looping.RestartCount >= RestartWatch.RestartsThatMakeALoop, $"restarted {looping.RestartCount} times");
                Assert.StartsWith($"kx-crash-loop (container {looping.ContainerName}) keeps crashing: it exited with code 4, and its restart policy has restarted it " +
                    $"{looping.RestartCount} times. Fix what its log shows (docker compose logs kx-crash-loop), then start it again with Invoke-KxBuild.\nThe last ", error.Message);
                Assert.Contains("\n  kx-crash-loop: connecting with " + SecretRedactor.Mask + "\n", error.Message);
                Assert.Contains("\n  kx-crash-loop: cannot start — é", error.Message);
                Assert.DoesNotContain(password, error.Message);
            }
            finally
            {
                SampleStack.Compose(project, new[] { "rm", "-s", "-f", "kx-crash-loop" });
            }
        }

        [EngineFact]
        public void An_unhealthy_service_fails_a_wait_for_healthy_but_not_for_running()
        {
            using var project = OpenProbes();
            try
            {
                SampleStack.Compose(project, new[] { "up", "-d", "kx-unhealthy" });

                var running = Assert.Single(project.WaitForServices(new[] { "kx-unhealthy" }, KxWaitCondition.Running, Minute, new RecordingOutput(), CancellationToken.None));
                Assert.Equal("running", running.State);
                var error = Assert.Throws<KxException>(() =>
                    project.WaitForServices(new[] { "kx-unhealthy" }, KxWaitCondition.Healthy, Minute, new RecordingOutput(), CancellationToken.None));

                Assert.Equal((KxErrorIds.ServiceUnhealthy, KxErrorCategory.ResourceUnavailable), (error.ErrorId, error.Category));
                var unhealthy = Assert.IsType<KxServiceStatus>(error.TargetObject);
                Assert.Equal(("running", "unhealthy"), (unhealthy.State, unhealthy.Health));
                Assert.StartsWith($"kx-unhealthy (container {unhealthy.ContainerName}) is unhealthy: its healthcheck failed all its retries. " +
                    $"Fix what makes its healthcheck fail (docker inspect {unhealthy.ContainerName} shows the last checks), then restart it with Restart-KxService.\n", error.Message);
            }
            finally
            {
                SampleStack.Compose(project, new[] { "rm", "-s", "-f", "kx-unhealthy" });
            }
        }

        [EngineFact]
        public void Waiting_outlasts_a_missing_container_then_times_out_naming_the_last_state()
        {
            using var project = OpenProbes();
            using var composer = OpenProbes();
            var firstReport = new TaskCompletionSource<KxProgress>(TaskCreationOptions.RunContinuationsAsynchronously);
            var output = new ProgressHook(p => firstReport.TrySetResult(p));
            try
            {
                var waiting = Task.Run(() => project.WaitForServices(new[] { "kx-never-healthy" }, KxWaitCondition.Running, TimeSpan.FromMinutes(2), output, CancellationToken.None));
                Assert.True(firstReport.Task.Wait(Minute), "the wait reported no progress");
                Assert.Equal("kx-never-healthy: missing", firstReport.Task.Result.Status);
                SampleStack.Compose(composer, new[] { "up", "-d", "kx-never-healthy" });

                var running = Assert.Single(waiting.GetAwaiter().GetResult());
                Assert.Equal(("running", "starting"), (running.State, running.Health));

                var error = Assert.Throws<KxException>(() =>
                    project.WaitForServices(new[] { "kx-never-healthy" }, KxWaitCondition.Healthy, TimeSpan.FromSeconds(2), new RecordingOutput(), CancellationToken.None));
                Assert.Equal((KxErrorIds.ServiceWaitTimeout, KxErrorCategory.OperationTimeout), (error.ErrorId, error.Category));
                Assert.Equal("Waited 2 s for kx-never-healthy to be healthy; still not: kx-never-healthy: running (starting). " +
                    "Read their logs (docker compose logs SERVICE) and healthchecks (docker inspect CONTAINER), or wait longer.", error.Message);
            }
            finally
            {
                SampleStack.Compose(composer, new[] { "rm", "-s", "-f", "kx-never-healthy" });
            }
        }

        [EngineFact]
        public void Cancelling_a_wait_stops_it_and_closes_its_progress()
        {
            using var project = OpenProbes();
            using var cancellation = new CancellationTokenSource();
            var output = new ProgressHook(_ => cancellation.Cancel());

            Assert.Throws<OperationCanceledException>(() =>
                project.WaitForServices(new[] { "kx-never-created" }, KxWaitCondition.Running, Timeout.InfiniteTimeSpan, output, cancellation.Token));

            Assert.Equal(new[] { false, true }, output.Recorded.Progress.Select(p => p.Completed));
        }

        /// <summary>
        /// The stack is taken down and started again with the other compose version. Container names and IDs
        /// legitimately differ (v1 project_service_1, v2 project-service-1; new containers); everything else must not.
        /// </summary>
        [EngineFact]
        public void Status_is_the_same_whichever_compose_version_started_the_stack()
        {
            var other = Stack.Flavor == ComposeFlavor.V1 ? ComposeFlavor.V2 : ComposeFlavor.V1;
            var ours = Steady();
            using var otherProject = Stack.Open(flavor: other);
            try
            {
                Stack.Compose(new[] { "down", "--timeout", "2" });
                SampleStack.Compose(otherProject, new[] { "up", "-d", "--no-build" });
                var theirs = Steady();

                Assert.Equal(Comparable(ours, Stack.Flavor), Comparable(theirs, other));
                Assert.Empty(theirs.Select(s => s.ContainerId).Intersect(ours.Select(s => s.ContainerId)));
                Assert.Contains(theirs, s => s.Ports.Count > 0);
            }
            finally
            {
                SampleStack.Compose(otherProject, new[] { "down", "--timeout", "2" });
                Stack.Compose(new[] { "up", "-d", "--no-build" });
                Steady();
            }
        }

        [NamedPipeEngineFact]
        public void Status_through_the_named_pipe_is_the_status_through_the_socket()
        {
            AssertSameStatusThrough(new KxProjectOptions { DockerHost = "npipe:////./pipe/docker_engine" });
        }

        [SshEngineFact]
        public void Status_through_ssh_is_the_status_through_the_socket()
        {
            AssertSameStatusThrough(new KxProjectOptions
            {
                DockerHost = $"ssh://root@127.0.0.1:{EngineTestEnvironment.SshPort}",
                DockerConnection = EngineTestEnvironment.SshOptions(),
            });
        }

        private void AssertSameStatusThrough(KxProjectOptions options)
        {
            var expected = Steady();
            options.Compose = Stack.Flavor;
            options.ProjectName = Stack.ProjectName;
            using var project = KxProject.Open(Stack.Root, KxEnvironment.Local, options);

            var actual = project.GetServiceStatus();

            Assert.Equal(
                expected.Select(s => (s.Service, s.ContainerId, s.State, s.Health, s.Image, s.StartedAt, string.Join(" ", s.Ports))),
                actual.Select(s => (s.Service, s.ContainerId, s.State, s.Health, s.Image, s.StartedAt, string.Join(" ", s.Ports))));
        }

        /// <summary>The stack's status once postgres is healthy and the other services run.</summary>
        private IReadOnlyList<KxServiceStatus> Steady()
        {
            Stack.WaitFor("postgres", s => s.Health == "healthy");
            Stack.WaitFor("django", s => s.IsRunning);
            Stack.WaitFor("worker", s => s.IsRunning);
            using var project = Stack.Open();
            return project.GetServiceStatus();
        }

        /// <summary>The fields that must not depend on the compose version, the container name reduced to service and index.</summary>
        private IReadOnlyList<string> Comparable(IReadOnlyList<KxServiceStatus> statuses, ComposeFlavor startedBy)
        {
            var separator = startedBy == ComposeFlavor.V1 ? "_" : "-";
            return statuses.Select(s =>
            {
                var prefix = Stack.ProjectName + separator + s.Service + separator;
                Assert.StartsWith(prefix, s.ContainerName);
                return string.Join(" | ", s.Service, "#" + s.ContainerName!.Substring(prefix.Length), s.State, s.Health, s.Image,
                    s.ExitCode, s.OneOff, string.Join(" ", s.Ports));
            }).ToList();
        }

        private KxProject OpenProbes()
        {
            var path = Path.Combine(Stack.BackendDirectory, ProbesFileName);
            if (!File.Exists(path))
            {
                File.WriteAllText(path, File.ReadAllText(Path.Combine(Stack.BackendDirectory, "docker-compose.local.yml")).TrimEnd() + "\n" + Probes);
            }

            return Stack.Open(composeFile: path);
        }

        /// <summary>Waits until the container has logged <paramref name="text"/>, so that an error can be expected to quote it.</summary>
        private static void WaitForLog(KxServiceStatus status, string text)
        {
            using var engine = new DockerEngineClient(EngineTestEnvironment.DefaultEndpoint);
            var deadline = DateTime.UtcNow + Minute;
            while (!engine.GetLogTail(status.ContainerId!, 20, CancellationToken.None).Any(line => line.Contains(text)))
            {
                Assert.True(DateTime.UtcNow < deadline, $"{status.ContainerName} did not log '{text}' within {Minute}");
                Thread.Sleep(250);
            }
        }

        /// <summary>Records everything, and calls back on every progress record so a test can act while a wait is under way.</summary>
        private sealed class ProgressHook : IKxOutput
        {
            private readonly Action<KxProgress> _onProgress;

            public ProgressHook(Action<KxProgress> onProgress)
            {
                _onProgress = onProgress;
            }

            public RecordingOutput Recorded { get; } = new RecordingOutput();

            public void WriteProcessLine(ProcessLine line) => Recorded.WriteProcessLine(line);

            public void WriteVerbose(string message) => Recorded.WriteVerbose(message);

            public void WriteWarning(string message) => Recorded.WriteWarning(message);

            public void WriteProgress(KxProgress progress)
            {
                Recorded.WriteProgress(progress);
                _onProgress(progress);
            }
        }
    }

    [Collection(EngineCollection.Name)]
    public sealed class StatusComposeV1Tests : StatusTests<ComposeV1Stack>, IClassFixture<ComposeV1Stack>
    {
        public StatusComposeV1Tests(ComposeV1Stack stack)
            : base(stack)
        {
        }
    }

    [Collection(EngineCollection.Name)]
    public sealed class StatusComposeV2Tests : StatusTests<ComposeV2Stack>, IClassFixture<ComposeV2Stack>
    {
        public StatusComposeV2Tests(ComposeV2Stack stack)
            : base(stack)
        {
        }
    }
}
