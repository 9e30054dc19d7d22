using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Json;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Tests.Http;

namespace Konnaxion.Ops.Tests.Engine
{
    public class DockerEngineClientSwarmTests
    {
        private static readonly string Ping141 = FakeTransport.Ping("1.41");

        // Trimmed from Docker 20.10's answers.
        private const string ServiceJson =
            "{\"ID\":\"svc1\",\"Version\":{\"Index\":12},\"CreatedAt\":\"2026-12-03T10:00:00.123456789Z\",\"UpdatedAt\":\"2026-12-03T10:05:00Z\"," +
            "\"Spec\":{\"Name\":\"konnaxion_postgres\",\"Labels\":{\"com.docker.stack.namespace\":\"konnaxion\"}," +
            "\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"konnaxion_production_postgres:abc123\",\"TTY\":true," +
            "\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"konnaxion_production_postgres_data_backups\",\"Target\":\"/backups\"}]}}," +
            "\"Mode\":{\"Replicated\":{\"Replicas\":2}}}," +
            "\"UpdateStatus\":{\"State\":\"updating\",\"Message\":\"update in progress\"}," +
            "\"ServiceStatus\":{\"RunningTasks\":1,\"DesiredTasks\":2,\"CompletedTasks\":0}}";

        [Fact]
        public void ReadsTheSwarmStateFromInfo()
        {
            var (client, transport) = Client(Ping141,
                FakeTransport.Response(200, "{\"Name\":\"vm\",\"Swarm\":{\"NodeID\":\"n1\",\"NodeAddr\":\"127.0.0.1\",\"LocalNodeState\":\"active\",\"ControlAvailable\":true,\"Error\":\"\"}}"),
                FakeTransport.Response(200, "{\"Swarm\":{\"NodeID\":\"\",\"LocalNodeState\":\"inactive\",\"ControlAvailable\":false}}"));

            var manager = client.GetSwarmInfo(CancellationToken.None);
            var outside = client.GetSwarmInfo(CancellationToken.None);

            Assert.Contains("GET /v1.41/info HTTP/1.1", transport.Opened[0].WrittenText);
            Assert.Equal(("active", true, "n1", "127.0.0.1", (string?)null, true), (manager.LocalNodeState, manager.ControlAvailable, manager.NodeId, manager.NodeAddress, manager.Error, manager.IsManager));
            Assert.Equal(("inactive", (string?)null, false), (outside.LocalNodeState, outside.NodeId, outside.IsManager));
        }

        [Fact]
        public void ListsNodes()
        {
            var (client, _) = Client(Ping141, FakeTransport.Response(200,
                "[{\"ID\":\"n1\",\"Description\":{\"Hostname\":\"vm\"},\"Spec\":{\"Role\":\"manager\",\"Availability\":\"active\"},\"Status\":{\"State\":\"ready\",\"Addr\":\"127.0.0.1\"}}]"));

            var node = Assert.Single(client.ListNodes(CancellationToken.None));

            Assert.Equal(("n1", "vm", "manager", "active", "ready", (string?)"127.0.0.1"), (node.Id, node.Hostname, node.Role, node.Availability, node.State, node.Address));
        }

        [Fact]
        public void ListsServicesByLabelWithTheirTaskCountsAndReadsTheirSpec()
        {
            var (client, transport) = Client(Ping141, FakeTransport.Response(200, "[" + ServiceJson + "]"));

            var service = Assert.Single(client.ListServices(new Dictionary<string, string?> { ["com.docker.stack.namespace"] = "konnaxion" }, CancellationToken.None));

            var filter = Uri.EscapeDataString("{\"label\":[\"com.docker.stack.namespace=konnaxion\"]}");
            Assert.Contains($"GET /v1.41/services?status=true&filters={filter} HTTP/1.1", transport.Opened[0].WrittenText);
            Assert.Equal(("svc1", "konnaxion_postgres", "replicated", (long?)2, "konnaxion_production_postgres:abc123", true),
                (service.Id, service.Name, service.Mode, service.Replicas, service.Image, service.Tty));
            Assert.Equal("konnaxion", service.Labels["com.docker.stack.namespace"]);
            var mount = Assert.Single(service.Mounts);
            Assert.Equal(("volume", "konnaxion_production_postgres_data_backups", "/backups"), (mount.Type, mount.Source, mount.Target));
            Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 5, 0, TimeSpan.Zero), service.UpdatedAt);
            Assert.Equal(("updating", (string?)"update in progress", (long?)2, (long?)1), (service.UpdateState, service.UpdateMessage, service.DesiredTasks, service.RunningTasks));
        }

        [Theory]
        [InlineData("{\"Global\":{}}", "global")]
        [InlineData("{\"ReplicatedJob\":{\"MaxConcurrent\":1,\"TotalCompletions\":1}}", "replicated-job")]
        [InlineData("{\"GlobalJob\":{}}", "global-job")]
        public void TellsTheServiceModes(string mode, string expected)
        {
            var (client, transport) = Client(Ping141,
                FakeTransport.Response(200, "{\"ID\":\"svc1\",\"Spec\":{\"Name\":\"x\",\"Mode\":" + mode + "}}"));

            var service = client.InspectService("kx job/1", CancellationToken.None);

            Assert.Contains("GET /v1.41/services/kx%20job%2F1 HTTP/1.1", transport.Opened[0].WrittenText);
            Assert.Equal((expected, (long?)null, (string?)null), (service.Mode, service.Replicas, service.UpdateState));
        }

        [Fact]
        public void ListsTasksByServiceLabelAndDesiredState()
        {
            var tasks = "[{\"ID\":\"t1\",\"ServiceID\":\"svc1\",\"NodeID\":\"n1\",\"Slot\":1,\"CreatedAt\":\"2026-12-03T10:00:01Z\",\"UpdatedAt\":\"2026-12-03T10:00:09Z\"," +
                        "\"Status\":{\"State\":\"failed\",\"Message\":\"started\",\"Err\":\"task: non-zero exit (3)\",\"ContainerStatus\":{\"ContainerID\":\"c1\",\"PID\":0,\"ExitCode\":3}},\"DesiredState\":\"shutdown\"}," +
                        "{\"ID\":\"t2\",\"ServiceID\":\"svc1\",\"NodeID\":\"n1\",\"Status\":{\"State\":\"running\",\"ContainerStatus\":{\"ContainerID\":\"c2\",\"PID\":42,\"ExitCode\":0}},\"DesiredState\":\"running\"}," +
                        "{\"ID\":\"t3\",\"ServiceID\":\"svc1\",\"Status\":{\"State\":\"pending\",\"Err\":\"no suitable node\"},\"DesiredState\":\"running\"}]";
            var (client, transport) = Client(Ping141, FakeTransport.Response(200, tasks));

            var listed = client.ListTasks("svc1", new Dictionary<string, string?> { ["b"] = "2", ["a"] = null }, "running", CancellationToken.None);

            var filter = Uri.EscapeDataString("{\"service\":[\"svc1\"],\"label\":[\"a\",\"b=2\"],\"desired-state\":[\"running\"]}");
            Assert.Contains($"GET /v1.41/tasks?filters={filter} HTTP/1.1", transport.Opened[0].WrittenText);
            Assert.Equal(3, listed.Count);
            Assert.Equal(("t1", "svc1", (string?)"n1", (long?)1, "failed", "shutdown", (string?)"task: non-zero exit (3)", (int?)3, (string?)"c1", true, true),
                (listed[0].Id, listed[0].ServiceId, listed[0].NodeId, listed[0].Slot, listed[0].State, listed[0].DesiredState, listed[0].Error, listed[0].ExitCode,
                    listed[0].ContainerId, listed[0].IsFinished, listed[0].HasFailed));
            Assert.Equal(((int?)null, false), (listed[1].ExitCode, listed[1].IsFinished));
            Assert.Equal(((string?)null, (int?)null, "no suitable node"), (listed[2].NodeId, listed[2].ExitCode, listed[2].Error));
        }

        [Fact]
        public void CreatesAJobOnAConnectionOfItsOwnWithItsWholeSpecInTheBody()
        {
            var create = new ScriptedStream(FakeTransport.Response(201, "{\"ID\":\"job1\",\"Warnings\":null}"));
            var transport = new FakeTransport(new ScriptedStream(Ping141), create);
            using var client = new DockerEngineClient(FakeTransport.Endpoint, transport, new DockerConnectionOptions());
            var spec = new EngineJobSpec("kx-konnaxion-migrate-1", "konnaxion_production_django:abc", new[] { "python", "-c", "print(\"x\")" })
            {
                Environment = new[] { "POSTGRES_PASSWORD=s3\"cret" },
                Labels = new Dictionary<string, string> { ["io.konnaxion-ops.stack"] = "konnaxion" },
                Networks = new[] { "konnaxion_default" },
                Constraints = new[] { "node.id==n1" },
                Mounts = new[] { new EngineMount("volume", "konnaxion_backups", "/backups") },
            };

            Assert.Equal("job1", client.CreateJob(spec, CancellationToken.None));

            var body = "{\"Name\":\"kx-konnaxion-migrate-1\",\"Labels\":{\"io.konnaxion-ops.stack\":\"konnaxion\"},\"TaskTemplate\":{\"ContainerSpec\":{" +
                       "\"Image\":\"konnaxion_production_django:abc\",\"Args\":[\"python\",\"-c\",\"print(\\\"x\\\")\"],\"Env\":[\"POSTGRES_PASSWORD=s3\\\"cret\"]," +
                       "\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"konnaxion_backups\",\"Target\":\"/backups\"}]},\"RestartPolicy\":{\"Condition\":\"none\"}," +
                       "\"Placement\":{\"Constraints\":[\"node.id==n1\"]},\"Networks\":[{\"Target\":\"konnaxion_default\"}]}," +
                       "\"Mode\":{\"ReplicatedJob\":{\"MaxConcurrent\":1,\"TotalCompletions\":1}}}";
            Assert.StartsWith("POST /v1.41/services/create HTTP/1.1\r\n", create.WrittenText);
            Assert.EndsWith("\r\n\r\n" + body, create.WrittenText);
            Assert.NotNull(JsonParser.Parse(body));
            Assert.True(create.IsDisposed);
        }

        [Fact]
        public void ACreateTheEngineRefusesIsAnEngineErrorWithItsMessage()
        {
            var create = new ScriptedStream(FakeTransport.Response(503, "{\"message\":\"This node is not a swarm manager.\"}"));
            var transport = new FakeTransport(new ScriptedStream(Ping141), create);
            using var client = new DockerEngineClient(FakeTransport.Endpoint, transport, new DockerConnectionOptions());

            var error = Assert.Throws<KxException>(() => client.CreateJob(new EngineJobSpec("j", "i", new[] { "true" }), CancellationToken.None));

            Assert.Equal((KxErrorIds.EngineApiError, (object)"POST /services/create"), (error.ErrorId, error.TargetObject));
            Assert.Contains("HTTP 503: This node is not a swarm manager.", error.Message);
        }

        [Fact]
        public void RemovesAService()
        {
            var (client, transport) = Client(Ping141, FakeTransport.Response(200, string.Empty, "text/plain"));

            client.RemoveService("job1", CancellationToken.None);

            Assert.Contains("DELETE /v1.41/services/job1 HTTP/1.1", transport.Opened[0].WrittenText);
        }

        [Fact]
        public void ReadsServiceLogsFramedUnlessTheServiceHasATty()
        {
            var framed = LogStreamDecoderTests.Frames((1, "out-1\n"), (2, "err-1\n"), (1, "out-2"));
            var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\nContent-Length: {framed.Length}\r\n\r\n";
            var stream = new ScriptedStream(Join(Encoding.UTF8.GetBytes(Ping141 +
                FakeTransport.Response(200, "{\"ID\":\"svc1\",\"Spec\":{\"Name\":\"x\",\"TaskTemplate\":{\"ContainerSpec\":{\"TTY\":false}}}}") + head), framed,
                Encoding.UTF8.GetBytes(FakeTransport.Response(200, ServiceJson) + "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\ntty-1\r\nz")));
            using var client = new DockerEngineClient(FakeTransport.Endpoint, new FakeTransport(stream), new DockerConnectionOptions());

            var plain = client.GetServiceLogs("svc1", 20, CancellationToken.None);
            var tty = client.GetServiceLogs("svc1", null, CancellationToken.None);

            Assert.Equal(new[] { (ProcessStream.StandardOutput, "out-1"), (ProcessStream.StandardError, "err-1"), (ProcessStream.StandardOutput, "out-2") },
                plain.Select(line => (line.Stream, line.Text)));
            Assert.Equal(new[] { "tty-1", "z" }, tty.Select(line => line.Text));
            Assert.Contains("GET /v1.41/services/svc1/logs?stdout=1&stderr=1&tail=20 HTTP/1.1", stream.WrittenText);
            Assert.Contains("GET /v1.41/services/svc1/logs?stdout=1&stderr=1 HTTP/1.1", stream.WrittenText);
        }

        private static (DockerEngineClient Client, FakeTransport Transport) Client(params string[] responses)
        {
            var transport = new FakeTransport(new ScriptedStream(string.Concat(responses)));
            return (new DockerEngineClient(FakeTransport.Endpoint, transport, new DockerConnectionOptions()), transport);
        }

        private static byte[] Join(params byte[][] parts) => parts.SelectMany(part => part).ToArray();
    }
}
