using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Http;
using Konnaxion.Ops.Json;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Engine
{
    /// <summary>The Swarm calls of the client (see <see cref="ISwarmEngine"/>) and the reading of their answers.</summary>
    public sealed partial class DockerEngineClient
    {
        public EngineSwarmInfo GetSwarmInfo(CancellationToken cancellationToken)
        {
            var json = GetJson("/info", cancellationToken) as Dictionary<string, object?>
                ?? throw EngineErrors.Protocol(Endpoint, "the engine information is not a JSON object.");
            var swarm = json.GetObject("Swarm") ?? new Dictionary<string, object?>();
            return new EngineSwarmInfo(
                swarm.GetString("LocalNodeState") ?? "inactive",
                swarm.GetBoolean("ControlAvailable"),
                NullIfEmpty(swarm.GetString("NodeID")),
                NullIfEmpty(swarm.GetString("NodeAddr")),
                NullIfEmpty(swarm.GetString("Error")));
        }

        public IReadOnlyList<EngineNode> ListNodes(CancellationToken cancellationToken) =>
            GetArray("/nodes", "node list", cancellationToken).Select(node => new EngineNode(
                    node.GetString("ID") ?? string.Empty,
                    node.GetObject("Description")?.GetString("Hostname") ?? string.Empty,
                    node.GetObject("Spec")?.GetString("Role") ?? string.Empty,
                    node.GetObject("Spec")?.GetString("Availability") ?? string.Empty,
                    node.GetObject("Status")?.GetString("State") ?? string.Empty,
                    NullIfEmpty(node.GetObject("Status")?.GetString("Addr"))))
                .ToList();

        public IReadOnlyList<EngineSwarmService> ListServices(IReadOnlyDictionary<string, string?> labelFilters, CancellationToken cancellationToken)
        {
            if (labelFilters == null)
            {
                throw new ArgumentNullException(nameof(labelFilters));
            }

            // status=true (API 1.41) adds ServiceStatus: the running and desired task counts, a global service's too.
            var path = "/services?status=true" + (labelFilters.Count > 0 ? "&filters=" + LabelFilter.ToQueryValue(labelFilters) : string.Empty);
            return GetArray(path, "service list", cancellationToken).Select(ToService).ToList();
        }

        public EngineSwarmService InspectService(string id, CancellationToken cancellationToken) =>
            ToService(GetJson(ServicePath(id), cancellationToken) as Dictionary<string, object?>
                ?? throw EngineErrors.Protocol(Endpoint, "the service inspection is not a JSON object."));

        public string CreateJob(EngineJobSpec spec, CancellationToken cancellationToken)
        {
            if (spec == null)
            {
                throw new ArgumentNullException(nameof(spec));
            }

            // A connection of its own, as for an exec: a fresh one cannot be stale, and a POST is never resent. The body
            // carries the job's environment, secrets among them, and is never logged.
            const string path = "/services/create";
            using var connection = _openConnection();
            var response = Expect(connection.Send("POST", VersionPrefix(cancellationToken) + path, cancellationToken, JobSpecJson(spec)), "POST", path);
            return (ParseJson(response, path) as Dictionary<string, object?>)?.GetString("ID")
                ?? throw EngineErrors.Protocol(Endpoint, $"POST {path} names no service ID.");
        }

        public void RemoveService(string id, CancellationToken cancellationToken)
        {
            var path = ServicePath(id);
            Expect(SendVersioned("DELETE", path, cancellationToken), "DELETE", path);
        }

        public IReadOnlyList<EngineSwarmTask> ListTasks(string? serviceId, IReadOnlyDictionary<string, string?>? labelFilters, string? desiredState,
            CancellationToken cancellationToken)
        {
            var filters = new List<KeyValuePair<string, IReadOnlyList<string>>>();
            if (serviceId != null)
            {
                filters.Add(new KeyValuePair<string, IReadOnlyList<string>>("service", new[] { serviceId }));
            }

            if (labelFilters != null && labelFilters.Count > 0)
            {
                filters.Add(new KeyValuePair<string, IReadOnlyList<string>>("label",
                    labelFilters.OrderBy(label => label.Key, StringComparer.Ordinal).Select(label => label.Value == null ? label.Key : label.Key + "=" + label.Value).ToList()));
            }

            if (desiredState != null)
            {
                filters.Add(new KeyValuePair<string, IReadOnlyList<string>>("desired-state", new[] { desiredState }));
            }

            var path = "/tasks" + (filters.Count > 0 ? "?filters=" + Uri.EscapeDataString(JsonWriter.ObjectOfStringArrays(filters)) : string.Empty);
            return GetArray(path, "task list", cancellationToken).Select(ToTask).ToList();
        }

        public void FollowServiceLogs(string id, Action<ProcessLine> onLine, CancellationToken cancellationToken)
        {
            var decoder = LogDecoder(id, onLine, cancellationToken);
            var path = ServicePath(id) + "/logs?follow=1&stdout=1&stderr=1";
            // Its own connection: the stream holds it for as long as it lasts, while the caller goes on polling tasks on the shared one.
            using var connection = _openConnection();
            try
            {
                Expect(connection.Stream("GET", VersionPrefix(cancellationToken) + path, null, (data, offset, count) => decoder.Write(data, offset, count),
                    cancellationToken), "GET", path);
                decoder.Finish();
            }
            catch (EngineProtocolException ex)
            {
                throw EngineErrors.Protocol(Endpoint, ex.Message, ex);
            }
        }

        public IReadOnlyList<ProcessLine> GetServiceLogs(string id, int? tail, CancellationToken cancellationToken)
        {
            if (tail < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(tail), tail, "The number of lines cannot be negative.");
            }

            var lines = new List<ProcessLine>();
            var decoder = LogDecoder(id, lines.Add, cancellationToken);
            var path = ServicePath(id) + "/logs?stdout=1&stderr=1" + (tail is int count ? "&tail=" + count.ToString(CultureInfo.InvariantCulture) : string.Empty);
            var response = Expect(SendVersioned("GET", path, cancellationToken), "GET", path);
            try
            {
                decoder.Write(response.Body, 0, response.Body.Length);
                decoder.Finish();
            }
            catch (EngineProtocolException ex)
            {
                throw EngineErrors.Protocol(Endpoint, ex.Message, ex);
            }

            return lines;
        }

        /// <summary>The service's log body is framed only when its containers have no TTY, which only its spec tells.</summary>
        private LogStreamDecoder LogDecoder(string id, Action<ProcessLine> onLine, CancellationToken cancellationToken) =>
            new LogStreamDecoder(multiplexed: !InspectService(id, cancellationToken).Tty, (stream, line) =>
                onLine(new ProcessLine(stream == 2 ? ProcessStream.StandardError : ProcessStream.StandardOutput, line)));

        /// <summary>The POST /services/create body of a job: replicated-job with one completion, restart policy none.</summary>
        internal static string JobSpecJson(EngineJobSpec spec)
        {
            var containerSpec = new Dictionary<string, object?>
            {
                ["Image"] = spec.Image,
                ["Args"] = spec.Arguments,
                ["Env"] = spec.Environment,
                ["Mounts"] = spec.Mounts.Select(mount => new Dictionary<string, object?> { ["Type"] = mount.Type, ["Source"] = mount.Source, ["Target"] = mount.Target }).ToList(),
            };
            var taskTemplate = new Dictionary<string, object?>
            {
                ["ContainerSpec"] = containerSpec,
                ["RestartPolicy"] = new Dictionary<string, object?> { ["Condition"] = "none" },
                ["Placement"] = new Dictionary<string, object?> { ["Constraints"] = spec.Constraints },
                ["Networks"] = spec.Networks.Select(network => new Dictionary<string, object?> { ["Target"] = network }).ToList(),
            };
            return JsonWriter.Value(new Dictionary<string, object?>
            {
                ["Name"] = spec.Name,
                ["Labels"] = spec.Labels.ToDictionary(label => label.Key, label => (object?)label.Value, StringComparer.Ordinal),
                ["TaskTemplate"] = taskTemplate,
                ["Mode"] = new Dictionary<string, object?> { ["ReplicatedJob"] = new Dictionary<string, object?> { ["MaxConcurrent"] = 1, ["TotalCompletions"] = 1 } },
            });
        }

        private EngineSwarmService ToService(Dictionary<string, object?> json)
        {
            var spec = json.GetObject("Spec") ?? new Dictionary<string, object?>();
            var container = spec.GetObject("TaskTemplate")?.GetObject("ContainerSpec") ?? new Dictionary<string, object?>();
            var mode = spec.GetObject("Mode") ?? new Dictionary<string, object?>();
            var modeName = mode.ContainsKey("Global") ? EngineSwarmService.Global
                : mode.ContainsKey("ReplicatedJob") ? EngineSwarmService.ReplicatedJob
                : mode.ContainsKey("GlobalJob") ? EngineSwarmService.GlobalJob
                : EngineSwarmService.Replicated;
            var mounts = (container.GetArray("Mounts") ?? new List<object?>()).OfType<Dictionary<string, object?>>()
                .Select(mount => new EngineMount(mount.GetString("Type") ?? EngineMount.VolumeType, mount.GetString("Source") ?? string.Empty, mount.GetString("Target") ?? string.Empty))
                .ToList();
            var status = json.GetObject("ServiceStatus");
            try
            {
                return new EngineSwarmService(
                    json.GetString("ID") ?? string.Empty,
                    spec.GetString("Name") ?? string.Empty,
                    spec.GetStringMap("Labels"),
                    modeName,
                    mode.GetObject("Replicated")?.GetInteger("Replicas"),
                    container.GetString("Image") ?? string.Empty,
                    container.GetBoolean("TTY"),
                    mounts,
                    EngineTime.Parse(json.GetString("CreatedAt")),
                    EngineTime.Parse(json.GetString("UpdatedAt")),
                    NullIfEmpty(json.GetObject("UpdateStatus")?.GetString("State")),
                    NullIfEmpty(json.GetObject("UpdateStatus")?.GetString("Message")),
                    status?.GetInteger("DesiredTasks"),
                    status?.GetInteger("RunningTasks"));
            }
            catch (EngineProtocolException ex)
            {
                throw EngineErrors.Protocol(Endpoint, ex.Message, ex);
            }
        }

        private EngineSwarmTask ToTask(Dictionary<string, object?> json)
        {
            var status = json.GetObject("Status") ?? new Dictionary<string, object?>();
            var container = status.GetObject("ContainerStatus");
            try
            {
                return new EngineSwarmTask(
                    json.GetString("ID") ?? string.Empty,
                    json.GetString("ServiceID") ?? string.Empty,
                    NullIfEmpty(json.GetString("NodeID")),
                    json.GetInteger("Slot"),
                    status.GetString("State") ?? string.Empty,
                    json.GetString("DesiredState") ?? string.Empty,
                    NullIfEmpty(status.GetString("Message")),
                    NullIfEmpty(status.GetString("Err")),
                    // A task whose container has not exited yet reports exit code 0 with a PID; only a stopped one's code counts.
                    container?.GetInteger("ExitCode") is long code && !(container.GetInteger("PID") > 0) ? (int)code : (int?)null,
                    NullIfEmpty(container?.GetString("ContainerID")),
                    EngineTime.Parse(json.GetString("CreatedAt")),
                    EngineTime.Parse(json.GetString("UpdatedAt")));
            }
            catch (EngineProtocolException ex)
            {
                throw EngineErrors.Protocol(Endpoint, ex.Message, ex);
            }
        }

        private IEnumerable<Dictionary<string, object?>> GetArray(string path, string what, CancellationToken cancellationToken) =>
            (GetJson(path, cancellationToken) as List<object?> ?? throw EngineErrors.Protocol(Endpoint, $"the {what} is not a JSON array."))
            .OfType<Dictionary<string, object?>>();

        private static string ServicePath(string id)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new ArgumentException("A service ID or name is required.", nameof(id));
            }

            return "/services/" + Uri.EscapeDataString(id);
        }

        private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
    }
}
