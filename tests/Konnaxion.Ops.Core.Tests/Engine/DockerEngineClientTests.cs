using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Tests.Http;

namespace Konnaxion.Ops.Tests.Engine
{
    public class DockerEngineClientTests
    {
        private static readonly string Ping141 = FakeTransport.Ping("1.41");

        private const string InspectJson =
            "{\"Id\":\"4f3c\",\"Name\":\"/konnaxion-django-1\",\"State\":{\"Status\":\"exited\",\"Running\":false,\"ExitCode\":137," +
            "\"StartedAt\":\"2024-05-01T12:00:00.123456789Z\",\"FinishedAt\":\"2024-05-01T13:00:00Z\"," +
            "\"Health\":{\"Status\":\"unhealthy\",\"FailingStreak\":3,\"Log\":[]}},\"Config\":{\"Tty\":false,\"Labels\":{}}}";

        [Fact]
        public void PingsTheUnversionedPath()
        {
            var (client, transport) = Client(FakeTransport.Response(200, "OK", "text/plain"));

            client.Ping(CancellationToken.None);

            Assert.StartsWith("GET /_ping HTTP/1.1", transport.Opened[0].WrittenText);
            Assert.Null(client.ApiVersion);
        }

        [Fact]
        public void ListsContainersWithLabelFiltersOnTheNegotiatedVersion()
        {
            var list = "[{\"Id\":\"4f3c\",\"Names\":[\"/konnaxion-django-1\"],\"Image\":\"konnaxion/django\",\"Command\":\"/entrypoint /start\",\"Created\":1714564800," +
                       "\"State\":\"running\",\"Status\":\"Up 5 minutes (healthy)\"," +
                       "\"Ports\":[{\"IP\":\"0.0.0.0\",\"PrivatePort\":8000,\"PublicPort\":8000,\"Type\":\"tcp\"},{\"PrivatePort\":5432,\"Type\":\"tcp\"}]," +
                       "\"Labels\":{\"com.docker.compose.project\":\"konnaxion\",\"com.docker.compose.service\":\"django\"}," +
                       "\"NetworkSettings\":{\"Networks\":{\"konnaxion_default\":{\"NetworkID\":\"n1\",\"EndpointID\":\"e1\"},\"other\":{\"EndpointID\":\"\"}}}}]";
            var (client, transport) = Client(Ping141, FakeTransport.Response(200, list));
            var filters = new Dictionary<string, string?> { ["com.docker.compose.project"] = "konnaxion", ["kx"] = null };

            var containers = client.ListContainers(filters, includeStopped: true, CancellationToken.None);

            var requests = transport.Opened[0].WrittenText;
            Assert.StartsWith("GET /_ping HTTP/1.1", requests);
            Assert.DoesNotContain("GET /version", requests);
            var filterJson = "{\"label\":[\"com.docker.compose.project=konnaxion\",\"kx\"]}";
            Assert.Contains("GET /v1.41/containers/json?all=1&filters=" + Uri.EscapeDataString(filterJson) + " HTTP/1.1", requests);
            Assert.Equal(new Version(1, 41), client.ApiVersion);
            var container = Assert.Single(containers);
            Assert.Equal("4f3c", container.Id);
            Assert.Equal(new[] { "konnaxion-django-1" }, container.Names);
            Assert.Equal("konnaxion/django", container.Image);
            Assert.Equal("/entrypoint /start", container.Command);
            Assert.Equal("running", container.State);
            Assert.Equal("Up 5 minutes (healthy)", container.Status);
            Assert.Equal("django", container.Labels["com.docker.compose.service"]);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1714564800), container.Created);
            Assert.Equal(2, container.Ports.Count);
            Assert.Equal((8000, (int?)8000, "tcp", (string?)"0.0.0.0"), (container.Ports[0].PrivatePort, container.Ports[0].PublicPort, container.Ports[0].Type, container.Ports[0].HostIp));
            Assert.Null(container.Ports[1].PublicPort);
            Assert.Null(container.Ports[1].HostIp);
            Assert.Equal(new[] { "e1", "" }, container.NetworkEndpoints);
        }

        [Fact]
        public void ListsOnlyRunningContainersWithoutFilters()
        {
            var (client, transport) = Client(Ping141, FakeTransport.Response(200, "[]"));

            Assert.Empty(client.ListContainers(new Dictionary<string, string?>(), includeStopped: false, CancellationToken.None));

            Assert.Contains("GET /v1.41/containers/json HTTP/1.1", transport.Opened[0].WrittenText);
        }

        [Fact]
        public void NegotiatesOnlyOnce()
        {
            var (client, transport) = Client(Ping141, FakeTransport.Response(200, "[]"), FakeTransport.Response(200, "[]"));

            client.ListContainers(new Dictionary<string, string?>(), false, CancellationToken.None);
            client.ListContainers(new Dictionary<string, string?>(), false, CancellationToken.None);

            Assert.Single(transport.Opened);
            Assert.Equal(1, Occurrences(transport.Opened[0].WrittenText, "GET /_ping"));
        }

        [Theory]
        [InlineData("1.41", "1.12", "1.41")]
        [InlineData("1.45", "1.24", "1.41")]
        [InlineData("1.51", "1.44", "1.44")]
        [InlineData("1.30", "1.12", "1.30")]
        public void ChoosesTheApiVersion(string engine, string minimum, string chosen)
        {
            Assert.Equal(Version.Parse(chosen), DockerEngineClient.ChooseApiVersion(Version.Parse(engine), Version.Parse(minimum)));
        }

        [Theory]
        [InlineData("1.47", "1.24", "1.41")]
        [InlineData("1.52", "1.44", "1.44")]
        public void AnEngineNewerThanTheClientIsAskedForTheOldestVersionItServes(string engine, string minimum, string chosen)
        {
            var version = $"{{\"ApiVersion\":\"{engine}\",\"MinAPIVersion\":\"{minimum}\"}}";
            var (client, transport) = Client(FakeTransport.Ping(engine), FakeTransport.Response(200, version), FakeTransport.Response(200, "[]"));

            client.ListContainers(new Dictionary<string, string?>(), false, CancellationToken.None);

            Assert.Contains("GET /version HTTP/1.1", transport.Opened[0].WrittenText);
            Assert.Equal(Version.Parse(chosen), client.ApiVersion);
        }

        [Fact]
        public void APingWithoutTheVersionHeaderFallsBackToTheVersionCall()
        {
            var (client, _) = Client(FakeTransport.Response(200, "OK", "text/plain"), FakeTransport.Response(200, "{\"ApiVersion\":\"1.40\"}"),
                FakeTransport.Response(200, "[]"));

            client.ListContainers(new Dictionary<string, string?>(), false, CancellationToken.None);

            Assert.Equal(new Version(1, 40), client.ApiVersion);
        }

        [Fact]
        public void RefusesAnEngineOlderThanTheMinimum()
        {
            var (client, _) = Client(FakeTransport.Ping("1.19"));

            var error = Assert.Throws<KxException>(() => client.InspectContainer("x", CancellationToken.None));

            Assert.Equal(KxErrorIds.EngineApiError, error.ErrorId);
            Assert.Contains("1.19", error.Message);
        }

        [Fact]
        public void InspectsAContainer()
        {
            var (client, transport) = Client(Ping141, FakeTransport.Response(200, InspectJson));

            var state = client.InspectContainer("konnaxion-django-1", CancellationToken.None);

            Assert.Contains("GET /v1.41/containers/konnaxion-django-1/json HTTP/1.1", transport.Opened[0].WrittenText);
            Assert.Equal("4f3c", state.Id);
            Assert.Equal("konnaxion-django-1", state.Name);
            Assert.Equal("exited", state.Status);
            Assert.False(state.Running);
            Assert.Equal(137, state.ExitCode);
            Assert.Equal("unhealthy", state.Health);
            Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567), state.StartedAt);
            Assert.Equal(new DateTimeOffset(2024, 5, 1, 13, 0, 0, TimeSpan.Zero), state.FinishedAt);
        }

        [Fact]
        public void InspectsSeveralContainersAtOnceEachOnce()
        {
            var ids = new[] { "a", "b", "c", "d", "e" };
            // The kept connection takes the first and the fifth; up to three spare connections the others, a lane that
            // is done early handing its connection to the next: each spare is scripted with answers to spare.
            var kept = new ScriptedStream(Ping141 + FakeTransport.Response(200, InspectJson) + FakeTransport.Response(200, InspectJson));
            var spareAnswers = string.Concat(Enumerable.Repeat(FakeTransport.Response(200, InspectJson), 3));
            var transport = new FakeTransport(kept, new ScriptedStream(spareAnswers), new ScriptedStream(spareAnswers), new ScriptedStream(spareAnswers));
            var client = new DockerEngineClient(FakeTransport.Endpoint, transport, new DockerConnectionOptions());

            var states = client.InspectContainers(Exited(ids), CancellationToken.None);

            Assert.Equal(5, states.Count);
            Assert.All(states, state => Assert.Equal("exited", state!.Status));
            Assert.InRange(transport.Opened.Count, 2, 4);
            var requests = string.Concat(transport.Opened.Select(stream => stream.WrittenText));
            Assert.All(ids, id => Assert.Equal(1, Occurrences(requests, $"GET /v1.41/containers/{id}/json ")));
            Assert.Contains("/containers/a/json ", kept.WrittenText);
            Assert.Contains("/containers/e/json ", kept.WrittenText);
        }

        [Fact]
        public void AnswersARunningContainerListedWithTheSameStartAndHealthFromItsLastInspection()
        {
            // One inspection scripted: a second request would find the stream at its end and fail.
            var (client, transport) = Client(Ping141, FakeTransport.Response(200, RunningJson));

            var first = Assert.Single(client.InspectContainers(new[] { Running() }, CancellationToken.None));
            var second = Assert.Single(client.InspectContainers(new[] { Running("Up 6 minutes (healthy)") }, CancellationToken.None));

            Assert.Same(first, second);
            Assert.Equal((2, "healthy"), (second!.RestartCount, second.Health));
            Assert.Equal(1, Occurrences(transport.Opened[0].WrittenText, "GET /v1.41/containers/r1/json "));
        }

        /// <summary>What the list tells changed since the inspection: a new start (new network endpoints), the health, the state.</summary>
        [Theory]
        [InlineData("Up 1 second (healthy)", "running", "e2")]
        [InlineData("Up 6 minutes (unhealthy)", "running", "e1")]
        [InlineData("Up 6 minutes (Paused)", "paused", "e1")]
        public void InspectsAgainAContainerWhoseListEntryChanged(string status, string state, string endpoint)
        {
            var (client, transport) = Client(Ping141, FakeTransport.Response(200, RunningJson), FakeTransport.Response(200, RunningJson));

            client.InspectContainers(new[] { Running() }, CancellationToken.None);
            client.InspectContainers(new[] { Running(status, state, endpoint) }, CancellationToken.None);

            Assert.Equal(2, Occurrences(transport.Opened[0].WrittenText, "GET /v1.41/containers/r1/json "));
        }

        /// <summary>No network endpoint (network_mode container:), or one not given: the list cannot tell a new start.</summary>
        [Theory]
        [InlineData("")]
        [InlineData(null)]
        public void InspectsEveryTimeARunningContainerTheListCannotVouchFor(string? endpoint)
        {
            var (client, transport) = Client(Ping141, FakeTransport.Response(200, RunningJson), FakeTransport.Response(200, RunningJson));
            var listed = new EngineContainer("r1", new[] { "konnaxion-django-1" }, "konnaxion/django", "running", "Up 5 minutes (healthy)",
                new Dictionary<string, string>(), Array.Empty<EnginePort>(), DateTimeOffset.FromUnixTimeSeconds(1714564800),
                networkEndpoints: endpoint == null ? Array.Empty<string>() : new[] { endpoint });

            client.InspectContainers(new[] { listed }, CancellationToken.None);
            client.InspectContainers(new[] { listed }, CancellationToken.None);

            Assert.Equal(2, Occurrences(transport.Opened[0].WrittenText, "GET /v1.41/containers/r1/json "));
        }

        [Theory]
        [InlineData("Up 5 minutes (healthy)", "healthy")]
        [InlineData("Up 5 minutes (unhealthy)", "unhealthy")]
        [InlineData("Up 2 seconds (health: starting)", "starting")]
        [InlineData("Up 5 minutes", "none")]
        public void ReadsTheHealthFromTheListStatusTextAsAnInspectionNamesIt(string status, string health)
        {
            Assert.Equal(health, ContainerInspections.HealthIn(status));
        }

        [Fact]
        public void KeepsTheSpareConnectionsForTheNextInspections()
        {
            var twice = FakeTransport.Response(200, InspectJson) + FakeTransport.Response(200, InspectJson);
            var transport = new FakeTransport(new ScriptedStream(Ping141 + twice), new ScriptedStream(twice));
            var client = new DockerEngineClient(FakeTransport.Endpoint, transport, new DockerConnectionOptions());

            client.InspectContainers(Exited("a", "b"), CancellationToken.None);
            client.InspectContainers(Exited("a", "b"), CancellationToken.None);

            Assert.Equal(2, transport.Opened.Count);
        }

        [Fact]
        public void AContainerRemovedSinceItWasListedInspectsAsNull()
        {
            var (client, _) = Client(Ping141, FakeTransport.Response(404, "{\"message\":\"No such container: gone\"}"));

            var states = client.InspectContainers(Exited("gone"), CancellationToken.None);

            Assert.Null(Assert.Single(states));
        }

        [Fact]
        public void InspectsOneAfterAnotherOverSsh()
        {
            var transport = new FakeTransport(new ScriptedStream(Ping141 + FakeTransport.Response(200, InspectJson) + FakeTransport.Response(200, InspectJson)));
            var client = new DockerEngineClient(DockerEndpoint.Parse("ssh://ops@server"), transport, new DockerConnectionOptions());

            var states = client.InspectContainers(Exited("a", "b"), CancellationToken.None);

            Assert.Equal(2, states.Count);
            Assert.Single(transport.Opened);
        }

        [Fact]
        public void AContainerWithoutHealthcheckThatNeverRanHasNoTimes()
        {
            var json = "{\"Id\":\"1\",\"Name\":\"/new\",\"State\":{\"Status\":\"created\",\"Running\":false,\"ExitCode\":0," +
                       "\"StartedAt\":\"0001-01-01T00:00:00Z\",\"FinishedAt\":\"0001-01-01T00:00:00Z\"},\"Config\":{}}";
            var (client, _) = Client(Ping141, FakeTransport.Response(200, json));

            var state = client.InspectContainer("new", CancellationToken.None);

            Assert.Equal(EngineContainerState.NoHealthcheck, state.Health);
            Assert.Null(state.StartedAt);
            Assert.Null(state.FinishedAt);
        }

        [Fact]
        public void EscapesTheContainerNameInThePath()
        {
            var (client, transport) = Client(Ping141, FakeTransport.Response(200, InspectJson));

            client.InspectContainer("a/b c", CancellationToken.None);

            Assert.Contains("GET /v1.41/containers/a%2Fb%20c/json ", transport.Opened[0].WrittenText);
        }

        [Fact]
        public void ANonSuccessStatusCarriesTheEnginesMessage()
        {
            var (client, _) = Client(Ping141, FakeTransport.Response(404, "{\"message\":\"No such container: ghost\"}"));

            var error = Assert.Throws<KxException>(() => client.InspectContainer("ghost", CancellationToken.None));

            Assert.Equal(KxErrorIds.EngineApiError, error.ErrorId);
            Assert.Equal(KxErrorCategory.ObjectNotFound, error.Category);
            Assert.Contains("No such container: ghost", error.Message);
            Assert.Contains("HTTP 404", error.Message);
            Assert.Equal("GET /containers/ghost/json", error.TargetObject);
        }

        [Fact]
        public void ANonJsonErrorBodyIsQuotedAsText()
        {
            var (client, _) = Client(Ping141, FakeTransport.Response(500, "page not found\n", "text/plain"));

            var error = Assert.Throws<KxException>(() => client.InspectContainer("x", CancellationToken.None));

            Assert.Equal(KxErrorCategory.ResourceUnavailable, error.Category);
            Assert.Contains("page not found", error.Message);
        }

        [Fact]
        public void AnUnreadableBodyIsAProtocolError()
        {
            var (client, _) = Client(Ping141, FakeTransport.Response(200, "<html>"));

            var error = Assert.Throws<KxException>(() => client.ListContainers(new Dictionary<string, string?>(), true, CancellationToken.None));

            Assert.Equal(KxErrorIds.EngineProtocolError, error.ErrorId);
        }

        [Fact]
        public void TailsTheLogOfAContainerWithoutTty()
        {
            var frames = LogStreamDecoderTests.Frames((1, "Watching for file changes\n"), (2, "System check identified no issues\n"));
            var logs = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\nTransfer-Encoding: chunked\r\n\r\n" +
                                               frames.Length.ToString("x") + "\r\n");
            var wire = Join(Encoding.UTF8.GetBytes(Ping141 + FakeTransport.Response(200, InspectJson)), logs, frames,
                Encoding.ASCII.GetBytes("\r\n0\r\n\r\n"));
            var transport = new FakeTransport(new ScriptedStream(wire) { MaxReadSize = 5 });
            using var client = new DockerEngineClient(FakeTransport.Endpoint, transport, new DockerConnectionOptions());

            var lines = client.GetLogTail("konnaxion-django-1", 50, CancellationToken.None);

            Assert.Equal(new[] { "Watching for file changes", "System check identified no issues" }, lines);
            Assert.Contains("GET /v1.41/containers/konnaxion-django-1/logs?stdout=1&stderr=1&tail=50 HTTP/1.1", transport.Opened[0].WrittenText);
        }

        [Fact]
        public void TailsTheRawLogOfATtyContainer()
        {
            var inspect = InspectJson.Replace("\"Tty\":false", "\"Tty\":true");
            var (client, _) = Client(Ping141, FakeTransport.Response(200, inspect),
                FakeTransport.Response(200, "one\r\ntwo\r\n", "application/vnd.docker.raw-stream"));

            Assert.Equal(new[] { "one", "two" }, client.GetLogTail("x", 2, CancellationToken.None));
        }

        [Fact]
        public void ReadsTheEntrypointOfAContainer()
        {
            var json = "{\"Id\":\"1\",\"Name\":\"/kx-django-1\",\"State\":{\"Status\":\"running\",\"Running\":true,\"ExitCode\":0}," +
                       "\"Config\":{\"Image\":\"konnaxion_local_django\",\"Entrypoint\":[\"/entrypoint\",\"--verbose\"]}}";
            var (client, _) = Client(Ping141, FakeTransport.Response(200, json));

            var state = client.InspectContainer("kx-django-1", CancellationToken.None);

            Assert.Equal(new[] { "/entrypoint", "--verbose" }, state.Entrypoint);
        }

        [Fact]
        public void ReadsHowOftenTheRestartPolicyRestartedAContainer()
        {
            var json = "{\"Id\":\"1\",\"Name\":\"/kx-django-1\",\"RestartCount\":3,\"State\":{\"Status\":\"restarting\",\"Running\":true,\"Restarting\":true,\"ExitCode\":4}}";
            var (client, _) = Client(Ping141, FakeTransport.Response(200, json));

            var state = client.InspectContainer("kx-django-1", CancellationToken.None);

            Assert.Equal(("restarting", 3, 4), (state.Status, state.RestartCount, state.ExitCode));
        }

        [Fact]
        public void AContainerWithoutEntrypointHasAnEmptyOne()
        {
            var (client, _) = Client(Ping141, FakeTransport.Response(200, InspectJson));

            Assert.Empty(client.InspectContainer("konnaxion-django-1", CancellationToken.None).Entrypoint);
        }

        [Fact]
        public void ListsTheProcessesOfAContainerByColumnTitle()
        {
            var top = "{\"Titles\":[\"UID\",\"PID\",\"PPID\",\"C\",\"STIME\",\"TTY\",\"TIME\",\"CMD\"],\"Processes\":[" +
                      "[\"root\",\"4100\",\"4000\",\"0\",\"12:00\",\"?\",\"00:00:00\",\"/bin/bash /start\"]," +
                      "[\"root\",\"4200\",\"4100\",\"9\",\"12:00\",\"?\",\"00:00:01\",\"python manage.py migrate\"]]}";
            var (client, transport) = Client(Ping141, FakeTransport.Response(200, top));

            var processes = client.ListProcesses("kx-django-1", CancellationToken.None);

            Assert.Contains("GET /v1.41/containers/kx-django-1/top HTTP/1.1", transport.Opened[0].WrittenText);
            Assert.Equal(new[] { ("4100", (string?)"4000", "/bin/bash /start"), ("4200", "4100", "python manage.py migrate") },
                processes.Select(p => (p.ProcessId, p.ParentProcessId, p.Command)));
        }

        [Fact]
        public void AProcessListWithoutAPidOrCommandColumnIsAProtocolError()
        {
            var (client, _) = Client(Ping141, FakeTransport.Response(200, "{\"Titles\":[\"Name\"],\"Processes\":[[\"x\"]]}"));

            var error = Assert.Throws<KxException>(() => client.ListProcesses("x", CancellationToken.None));

            Assert.Equal(KxErrorIds.EngineProtocolError, error.ErrorId);
            Assert.Contains("the process list of x has no PID or CMD column (titles: Name)", error.Message);
        }

        [Theory]
        [InlineData(true, "force=1")]
        [InlineData(false, "force=0")]
        public void RemovesAContainer(bool force, string query)
        {
            var (client, transport) = Client(Ping141, "HTTP/1.1 204 No Content\r\n\r\n");

            client.RemoveContainer("kx-1", force, CancellationToken.None);

            Assert.Contains($"DELETE /v1.41/containers/kx-1?{query} HTTP/1.1", transport.Opened[0].WrittenText);
        }

        [Fact]
        public void RemovingARunningContainerWithoutForceIsAConflict()
        {
            var (client, _) = Client(Ping141,
                FakeTransport.Response(409, "{\"message\":\"You cannot remove a running container 4f3c. Stop the container before attempting removal or force remove\"}"));

            var error = Assert.Throws<KxException>(() => client.RemoveContainer("4f3c", false, CancellationToken.None));

            Assert.Equal(KxErrorCategory.InvalidOperation, error.Category);
            Assert.Contains("You cannot remove a running container", error.Message);
        }

        [Fact]
        public void ExecCreatesStartsAndStreamsOnAConnectionOfItsOwnThenReadsTheExitCode()
        {
            // A line split across frames and reads, a stderr line between its halves, a multi-byte character split by a
            // read, and an unterminated last line; the engine records the exit code just after the stream ends.
            var frames = LogStreamDecoderTests.Frames((1, "hello\nwor"), (2, "warn: é\n"), (1, "ld\n"), (1, "partial"));
            var start = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n");
            var shared = new ScriptedStream(Ping141 +
                FakeTransport.Response(200, "{\"ID\":\"e1\",\"Running\":true,\"ExitCode\":0}") +
                FakeTransport.Response(200, "{\"ID\":\"e1\",\"Running\":false,\"ExitCode\":3}"));
            var exec = new ScriptedStream(Join(Encoding.UTF8.GetBytes(FakeTransport.Response(201, "{\"Id\":\"e1\"}")), start, frames)) { MaxReadSize = 3 };
            var transport = new FakeTransport(shared, exec);
            using var client = new DockerEngineClient(FakeTransport.Endpoint, transport, new DockerConnectionOptions());
            var lines = new List<(ProcessStream, string)>();

            var exitCode = client.Exec("konnaxion-django-1", new[] { "python", "-c", "print(\"x\")" }, new[] { "KX_EXEC_ID=abc", "SECRET=s3cr\"et" },
                line => lines.Add((line.Stream, line.Text)), CancellationToken.None);

            Assert.Equal(3, exitCode);
            Assert.Equal(new[]
            {
                (ProcessStream.StandardOutput, "hello"), (ProcessStream.StandardError, "warn: é"), (ProcessStream.StandardOutput, "world"),
                (ProcessStream.StandardOutput, "partial"),
            }, lines);
            var create = "{\"AttachStdin\":false,\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":false," +
                         "\"Cmd\":[\"python\",\"-c\",\"print(\\\"x\\\")\"],\"Env\":[\"KX_EXEC_ID=abc\",\"SECRET=s3cr\\\"et\"]}";
            var startBody = "{\"Detach\":false,\"Tty\":false}";
            var requests = exec.WrittenText;
            Assert.StartsWith("POST /v1.41/containers/konnaxion-django-1/exec HTTP/1.1\r\n", requests);
            Assert.Contains($"\r\nContent-Type: application/json\r\nContent-Length: {create.Length}\r\n\r\n{create}POST /v1.41/exec/e1/start HTTP/1.1\r\n", requests);
            Assert.EndsWith($"\r\nContent-Length: {startBody.Length}\r\n\r\n{startBody}", requests);
            Assert.True(exec.IsDisposed);
            Assert.Equal(2, Occurrences(shared.WrittenText, "GET /v1.41/exec/e1/json HTTP/1.1"));
            Assert.False(shared.IsDisposed);
        }

        [Fact]
        public void AStartedExecRunsWithItsStdinAttachedKeepsItsOutputUntilWaitedForAndGetsWhatIsWrittenToIt()
        {
            var start = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n");
            var shared = new ScriptedStream(Ping141 + FakeTransport.Response(200, "{\"ID\":\"e1\",\"Running\":false,\"ExitCode\":0}"));
            var exec = new ScriptedStream(Join(Encoding.UTF8.GetBytes(FakeTransport.Response(201, "{\"Id\":\"e1\"}")), start,
                LogStreamDecoderTests.Frames((2, "set up\n"))));
            exec.RespondAfterWrite("go\n", LogStreamDecoderTests.Frames((1, "applied\n")));
            using var client = new DockerEngineClient(FakeTransport.Endpoint, new FakeTransport(shared, exec), new DockerConnectionOptions());
            var lines = new List<(ProcessStream, string)>();

            using var started = client.StartExec("konnaxion-django-1", new[] { "python", "-c", "input()" }, new[] { "KX_EXEC_ID=abc" }, CancellationToken.None);
            Assert.True(started.WriteInput("go\n"));
            var exitCode = started.Wait(line => lines.Add((line.Stream, line.Text)), CancellationToken.None);

            Assert.Equal(0, exitCode);
            Assert.Equal(new[] { (ProcessStream.StandardError, "set up"), (ProcessStream.StandardOutput, "applied") }, lines);
            Assert.Contains("{\"AttachStdin\":true,\"AttachStdout\":true,", exec.WrittenText);
            Assert.EndsWith("{\"Detach\":false,\"Tty\":false}go\n", exec.WrittenText);
            Assert.True(exec.IsDisposed);
            Assert.Contains("GET /v1.41/exec/e1/json HTTP/1.1", shared.WrittenText);
        }

        [Fact]
        public void DisposingAStartedExecClosesItsConnectionSoThatItsStdinEnds()
        {
            var start = "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n";
            var exec = new ScriptedStream(FakeTransport.Response(201, "{\"Id\":\"e1\"}") + start) { BlockAtEnd = true };
            using var client = new DockerEngineClient(FakeTransport.Endpoint, new FakeTransport(new ScriptedStream(Ping141), exec), new DockerConnectionOptions());

            var started = client.StartExec("konnaxion-django-1", new[] { "python", "-c", "input()" }, Array.Empty<string>(), CancellationToken.None);
            started.Dispose();

            // Whether or not the start was sent by then, the connection is closed and nothing more reaches it.
            Assert.True(exec.IsDisposed);
            Assert.False(started.WriteInput("go\n"));
            Assert.DoesNotContain("go\n", exec.WrittenText);
        }

        [Fact]
        public void AnExecInAContainerThatDoesNotExistIsAnEngineErrorAndIsNotSentAgain()
        {
            var exec = new ScriptedStream(FakeTransport.Response(404, "{\"message\":\"No such container: nope\"}"));
            var transport = new FakeTransport(new ScriptedStream(Ping141), exec);
            using var client = new DockerEngineClient(FakeTransport.Endpoint, transport, new DockerConnectionOptions());

            var error = Assert.Throws<KxException>(() => client.Exec("nope", new[] { "true" }, Array.Empty<string>(), _ => { }, CancellationToken.None));

            Assert.Equal((KxErrorIds.EngineApiError, KxErrorCategory.ObjectNotFound, (object)"POST /containers/nope/exec"), (error.ErrorId, error.Category, error.TargetObject));
            Assert.Contains("answered POST /containers/nope/exec with HTTP 404: No such container: nope.", error.Message);
            Assert.Equal(1, Occurrences(exec.WrittenText, "POST "));
            Assert.Equal(2, transport.Opened.Count);
        }

        [Fact]
        public void AnExecStartTheEngineRefusesIsAnEngineErrorWithItsMessage()
        {
            var exec = new ScriptedStream(FakeTransport.Response(201, "{\"Id\":\"e1\"}") +
                FakeTransport.Response(409, "{\"message\":\"container 4f3c is not running\"}"));
            var transport = new FakeTransport(new ScriptedStream(Ping141), exec);
            using var client = new DockerEngineClient(FakeTransport.Endpoint, transport, new DockerConnectionOptions());

            var error = Assert.Throws<KxException>(() => client.Exec("konnaxion-django-1", new[] { "true" }, Array.Empty<string>(), _ => { }, CancellationToken.None));

            Assert.Equal((KxErrorIds.EngineApiError, KxErrorCategory.InvalidOperation), (error.ErrorId, error.Category));
            Assert.Contains("answered POST /exec/e1/start with HTTP 409: container 4f3c is not running.", error.Message);
            Assert.True(exec.IsDisposed);
        }

        [Fact]
        public void CancellingAnExecStopsReadingItsOutputAndClosesItsConnection()
        {
            var start = "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n";
            var exec = new ScriptedStream(Join(Encoding.UTF8.GetBytes(FakeTransport.Response(201, "{\"Id\":\"e1\"}") + start),
                LogStreamDecoderTests.Frames((1, "sleeping\n")))) { BlockAtEnd = true };
            var transport = new FakeTransport(new ScriptedStream(Ping141), exec);
            // A read timeout shorter than the wait: an exec's output may rightly stay silent longer.
            using var client = new DockerEngineClient(FakeTransport.Endpoint, transport, new DockerConnectionOptions { ReadTimeout = TimeSpan.FromMilliseconds(100) });
            using var cancellation = new CancellationTokenSource();
            var lines = new List<string>();

            Assert.ThrowsAny<OperationCanceledException>(() => client.Exec("konnaxion-django-1", new[] { "sleep", "300" }, Array.Empty<string>(), line =>
            {
                lines.Add(line.Text);
                cancellation.CancelAfter(TimeSpan.FromMilliseconds(500));
            }, cancellation.Token));

            Assert.Equal(new[] { "sleeping" }, lines);
            Assert.True(exec.IsDisposed);
        }

        [Fact]
        public void ValidatesArguments()
        {
            var (client, _) = Client();

            Assert.Throws<ArgumentException>(() => client.InspectContainer(" ", CancellationToken.None));
            Assert.Throws<ArgumentOutOfRangeException>(() => client.GetLogTail("x", -1, CancellationToken.None));
            Assert.Throws<ArgumentNullException>(() => client.ListContainers(null!, false, CancellationToken.None));
        }

        [Fact]
        public void ADisposedClientRefusesCalls()
        {
            var (client, _) = Client(FakeTransport.Response(200, "OK"));
            client.Dispose();

            Assert.Throws<ObjectDisposedException>(() => client.Ping(CancellationToken.None));
        }

        private const string RunningJson =
            "{\"Id\":\"r1\",\"Name\":\"/konnaxion-django-1\",\"RestartCount\":2,\"State\":{\"Status\":\"running\",\"Running\":true,\"ExitCode\":0," +
            "\"StartedAt\":\"2024-05-01T12:00:00Z\",\"FinishedAt\":\"0001-01-01T00:00:00Z\",\"Health\":{\"Status\":\"healthy\"}},\"Config\":{\"Image\":\"konnaxion/django\"}}";

        /// <summary>A running, healthy container as the list shows it: its network endpoints say which start of it this is.</summary>
        private static EngineContainer Running(string status = "Up 5 minutes (healthy)", string state = "running", params string[] endpoints) =>
            new EngineContainer("r1", new[] { "konnaxion-django-1" }, "konnaxion/django", state, status, new Dictionary<string, string>(),
                Array.Empty<EnginePort>(), DateTimeOffset.FromUnixTimeSeconds(1714564800), networkEndpoints: endpoints.Length > 0 ? endpoints : new[] { "e1" });

        private static IReadOnlyList<EngineContainer> Exited(params string[] ids) =>
            ids.Select(id => new EngineContainer(id, new[] { id }, "image", "exited", "Exited (137) 1 hour ago", new Dictionary<string, string>(),
                Array.Empty<EnginePort>(), DateTimeOffset.FromUnixTimeSeconds(1714564800))).ToList();

        private static (DockerEngineClient Client, FakeTransport Transport) Client(params string[] responses)
        {
            var transport = new FakeTransport(new ScriptedStream(string.Concat(responses)));
            return (new DockerEngineClient(FakeTransport.Endpoint, transport, new DockerConnectionOptions()), transport);
        }

        private static byte[] Join(params byte[][] parts)
        {
            var all = new MemoryStream();
            foreach (var part in parts)
            {
                all.Write(part, 0, part.Length);
            }

            return all.ToArray();
        }

        private static int Occurrences(string text, string part) =>
            Enumerable.Range(0, Math.Max(0, text.Length - part.Length + 1)).Count(i => string.CompareOrdinal(text, i, part, 0, part.Length) == 0);
    }
}
