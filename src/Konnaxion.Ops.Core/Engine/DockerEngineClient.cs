using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Http;
using Konnaxion.Ops.Json;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Engine
{
    /// <summary>
    /// A small hand-written Docker Engine API client over one kept-alive connection (and one more for each exec while
    /// its output streams). Every call is synchronous, bounded by the read timeout (an exec's output excepted) and
    /// stopped by its cancellation token (which closes the connection; the next call opens a new one). Calls are serialised by a lock, so an instance may be shared, but requests never overlap:
    /// it is made for one caller at a time.
    /// </summary>
    public sealed partial class DockerEngineClient : IDockerEngine, ISwarmEngine, IDisposable
    {
        /// <summary>
        /// The newest API version whose responses this client was written against: Docker 20.10's. Newer engines are
        /// asked for this version (unless they no longer serve it); older ones are spoken to in their own.
        /// </summary>
        public static readonly Version MaxApiVersion = new Version(1, 41);

        /// <summary>The oldest API version whose responses carry every field this client reads.</summary>
        public static readonly Version MinApiVersion = new Version(1, 24);

        /// <summary>The Host header the docker CLI sends; the transport, not a URL, says where the engine is.</summary>
        private const string HostHeader = "docker";

        /// <summary>How long to wait for an exec's exit code once its output has ended (the engine records it just after).</summary>
        private static readonly TimeSpan ExitCodeWait = TimeSpan.FromSeconds(5);

        /// <summary>How many inspections run at once: the engine answers each in about a millisecond, on a few cores.</summary>
        private const int InspectLanes = 4;

        private readonly HttpConnection _connection;
        private readonly Func<HttpConnection> _openConnection;
        private readonly bool _connectionsAreCheap;

        /// <summary>Connections kept for the inspections beyond the first, which the kept connection asks.</summary>
        private readonly ConcurrentBag<HttpConnection> _spareConnections = new ConcurrentBag<HttpConnection>();
        private readonly ContainerInspections _inspections = new ContainerInspections();
        private readonly object _negotiationGate = new object();
        private Version? _apiVersion;

        /// <param name="endpoint">Where the engine is; see <see cref="DockerEndpointResolver"/>.</param>
        /// <param name="options">Timeouts and ssh settings; defaults when null.</param>
        public DockerEngineClient(DockerEndpoint endpoint, DockerConnectionOptions? options = null)
        {
            if (endpoint == null)
            {
                throw new ArgumentNullException(nameof(endpoint));
            }

            options ??= new DockerConnectionOptions();
            Endpoint = endpoint;
            var transport = EngineTransport.For(endpoint, options);
            _openConnection = () => Connect(endpoint, transport, options);
            _connection = _openConnection();
            _connectionsAreCheap = AreConnectionsCheap(endpoint);
        }

        internal DockerEngineClient(DockerEndpoint endpoint, IHttpTransport transport, DockerConnectionOptions options)
        {
            Endpoint = endpoint;
            _openConnection = () => Connect(endpoint, transport, options);
            _connection = _openConnection();
            _connectionsAreCheap = AreConnectionsCheap(endpoint);
        }

        public DockerEndpoint Endpoint { get; }

        /// <summary>The API version in use, once the first versioned call has negotiated it; otherwise null.</summary>
        public Version? ApiVersion => _apiVersion;

        internal HttpConnection Connection => _connection;

        public void Ping(CancellationToken cancellationToken)
        {
            Expect(_connection.Send("GET", "/_ping", cancellationToken), "GET", "/_ping");
        }

        public IReadOnlyList<EngineContainer> ListContainers(IReadOnlyDictionary<string, string?> labelFilters, bool includeStopped, CancellationToken cancellationToken)
        {
            if (labelFilters == null)
            {
                throw new ArgumentNullException(nameof(labelFilters));
            }

            var query = new List<string>();
            if (includeStopped)
            {
                query.Add("all=1");
            }

            if (labelFilters.Count > 0)
            {
                query.Add("filters=" + LabelFilter.ToQueryValue(labelFilters));
            }

            var path = "/containers/json" + (query.Count > 0 ? "?" + string.Join("&", query) : string.Empty);
            var json = GetJson(path, cancellationToken) as List<object?>
                ?? throw EngineErrors.Protocol(Endpoint, "the container list is not a JSON array.");
            return json.OfType<Dictionary<string, object?>>().Select(ToContainer).ToList();
        }

        public EngineContainerState InspectContainer(string id, CancellationToken cancellationToken) =>
            Inspect(_connection, id, cancellationToken).State;

        /// <summary>
        /// The containers the list does not vouch for are inspected (<see cref="ContainerInspections"/>): over a local
        /// socket, pipe or TCP at once on a few kept connections, as the engine answers each on a thread of its own; over
        /// ssh, where each connection is an ssh process, one after another.
        /// </summary>
        public IReadOnlyList<EngineContainerState?> InspectContainers(IReadOnlyList<EngineContainer> listed, CancellationToken cancellationToken)
        {
            if (listed == null)
            {
                throw new ArgumentNullException(nameof(listed));
            }

            var states = listed.Select(_inspections.Find).ToArray();
            var unknown = Enumerable.Range(0, listed.Count).Where(i => states[i] == null).ToList();
            var inspected = Inspect(unknown.Select(i => listed[i].Id).ToList(), cancellationToken);
            for (var k = 0; k < unknown.Count; k++)
            {
                if (inspected[k] is EngineContainerState state)
                {
                    _inspections.Keep(listed[unknown[k]], state);
                    states[unknown[k]] = state;
                }
            }

            return states;
        }

        private EngineContainerState?[] Inspect(IReadOnlyList<string> ids, CancellationToken cancellationToken)
        {
            var states = new EngineContainerState?[ids.Count];
            var lanes = _connectionsAreCheap ? Math.Min(ids.Count, InspectLanes) : Math.Min(ids.Count, 1);
            if (lanes > 1)
            {
                // Negotiated once, before the lanes share it.
                NegotiateApiVersion(cancellationToken);
            }

            var others = Enumerable.Range(1, Math.Max(lanes - 1, 0))
                .Select(lane => Task.Run(() => InspectLane(lane, lanes, ids, states, cancellationToken), cancellationToken))
                .ToArray();
            // The lanes end before this returns or throws, so that none still uses a connection once the caller goes on.
            Exception? failure = null;
            try
            {
                for (var i = 0; i < ids.Count; i += Math.Max(lanes, 1))
                {
                    states[i] = InspectIfThere(_connection, ids[i], cancellationToken);
                }
            }
            catch (Exception ex) when (ex is KxException || ex is OperationCanceledException)
            {
                failure = ex;
            }

            try
            {
                Task.WaitAll(others);
            }
            catch (AggregateException ex)
            {
                failure ??= ex.Flatten().InnerExceptions.First();
            }

            if (failure != null)
            {
                ExceptionDispatchInfo.Capture(failure).Throw();
            }

            return states;
        }

        public IReadOnlyList<string> GetLogTail(string id, int lines, CancellationToken cancellationToken)
        {
            if (lines < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(lines), lines, "The number of lines cannot be negative.");
            }

            // The body is framed only when the container has no TTY, which only the container's configuration tells.
            var tty = Inspect(_connection, id, cancellationToken).Tty;
            var path = ContainerPath(id) + "/logs?stdout=1&stderr=1&tail=" + lines.ToString(CultureInfo.InvariantCulture);
            var response = Expect(SendVersioned("GET", path, cancellationToken), "GET", path);
            var decoder = new LogStreamDecoder(multiplexed: !tty);
            try
            {
                decoder.Write(response.Body, 0, response.Body.Length);
                return decoder.Finish();
            }
            catch (EngineProtocolException ex)
            {
                throw EngineErrors.Protocol(Endpoint, ex.Message, ex);
            }
        }

        public IReadOnlyList<EngineProcess> ListProcesses(string id, CancellationToken cancellationToken)
        {
            // The engine runs ps -ef on its host: the columns are found by title, as they differ between platforms.
            var path = ContainerPath(id) + "/top";
            var json = GetJson(path, cancellationToken) as Dictionary<string, object?>
                ?? throw EngineErrors.Protocol(Endpoint, "the process list is not a JSON object.");
            var titles = (json.GetArray("Titles") ?? new List<object?>()).OfType<string>().ToList();
            var pid = titles.IndexOf("PID");
            var parent = titles.IndexOf("PPID");
            var command = titles.FindIndex(title => title == "CMD" || title == "COMMAND");
            if (pid < 0 || command < 0)
            {
                throw EngineErrors.Protocol(Endpoint, $"the process list of {id} has no PID or CMD column (titles: {string.Join(", ", titles)}).");
            }

            return (json.GetArray("Processes") ?? new List<object?>()).OfType<List<object?>>()
                .Select(row => row.Select(cell => cell as string ?? string.Empty).ToList())
                .Where(row => row.Count > Math.Max(pid, command))
                .Select(row => new EngineProcess(row[pid], parent >= 0 && parent < row.Count ? row[parent] : null, row[command]))
                .ToList();
        }

        public int Exec(string id, IReadOnlyList<string> command, IReadOnlyList<string> environment, Action<ProcessLine> onLine,
            CancellationToken cancellationToken)
        {
            var prefix = VersionPrefix(cancellationToken);
            // Both POSTs go on a connection of their own: a fresh one cannot be stale (a POST is never resent), and the
            // attached start keeps it until the exec ends.
            string execId;
            using (var execConnection = _openConnection())
            {
                execId = CreateExec(execConnection, prefix, id, command, environment, attachStdin: false, cancellationToken);
                StreamExec(execConnection, prefix, execId, onLine, input: null, cancellationToken);
            }

            return ExecExitCode(execId, cancellationToken);
        }

        public AttachedExec StartExec(string id, IReadOnlyList<string> command, IReadOnlyList<string> environment, CancellationToken cancellationToken)
        {
            var prefix = VersionPrefix(cancellationToken);
            var execConnection = _openConnection();
            string execId;
            try
            {
                execId = CreateExec(execConnection, prefix, id, command, environment, attachStdin: true, cancellationToken);
            }
            catch
            {
                execConnection.Dispose();
                throw;
            }

            return new AttachedExec((onLine, input, stop) =>
            {
                using (execConnection)
                {
                    StreamExec(execConnection, prefix, execId, onLine, input, stop);
                }
            }, exitCodeCancellation => ExecExitCode(execId, exitCodeCancellation));
        }

        /// <summary>POST /containers/{id}/exec; returns the exec's ID. The body, which carries secrets, is never logged.</summary>
        private string CreateExec(HttpConnection connection, string prefix, string id, IReadOnlyList<string> command, IReadOnlyList<string> environment,
            bool attachStdin, CancellationToken cancellationToken)
        {
            if (command == null || command.Count == 0)
            {
                throw new ArgumentException("An exec needs a command.", nameof(command));
            }

            var createPath = ContainerPath(id) + "/exec";
            var create = "{\"AttachStdin\":" + (attachStdin ? "true" : "false") + ",\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":false,\"Cmd\":" +
                JsonWriter.StringArray(command) + ",\"Env\":" + JsonWriter.StringArray(environment) + "}";
            var created = ParseJson(Expect(connection.Send("POST", prefix + createPath, cancellationToken, create), "POST", createPath), createPath)
                as Dictionary<string, object?>;
            return created?.GetString("Id") ?? throw EngineErrors.Protocol(Endpoint, $"POST {createPath} names no exec ID.");
        }

        /// <summary>POST /exec/{id}/start, attached: the output, demultiplexed into lines, until the exec ends.</summary>
        private void StreamExec(HttpConnection connection, string prefix, string execId, Action<ProcessLine> onLine, Action<System.IO.Stream>? input,
            CancellationToken cancellationToken)
        {
            var startPath = ExecPath(execId) + "/start";
            var decoder = new LogStreamDecoder(multiplexed: true, (stream, line) =>
                onLine(new ProcessLine(stream == 1 ? ProcessStream.StandardOutput : ProcessStream.StandardError, line)));
            try
            {
                Expect(connection.Stream("POST", prefix + startPath, "{\"Detach\":false,\"Tty\":false}",
                    (data, offset, count) => decoder.Write(data, offset, count), cancellationToken, input), "POST", startPath);
                decoder.Finish();
            }
            catch (EngineProtocolException ex)
            {
                throw EngineErrors.Protocol(Endpoint, ex.Message, ex);
            }
        }

        public void RemoveContainer(string id, bool force, CancellationToken cancellationToken)
        {
            var path = ContainerPath(id) + "?force=" + (force ? "1" : "0");
            Expect(SendVersioned("DELETE", path, cancellationToken), "DELETE", path);
        }

        public void Dispose()
        {
            _connection.Dispose();
            while (_spareConnections.TryTake(out var spare))
            {
                spare.Dispose();
            }
        }

        /// <summary>Every <paramref name="lanes"/>-th inspection from <paramref name="lane"/> on, over a spare connection.</summary>
        private void InspectLane(int lane, int lanes, IReadOnlyList<string> ids, EngineContainerState?[] states, CancellationToken cancellationToken)
        {
            var connection = _spareConnections.TryTake(out var spare) ? spare : _openConnection();
            try
            {
                for (var i = lane; i < ids.Count; i += lanes)
                {
                    states[i] = InspectIfThere(connection, ids[i], cancellationToken);
                }
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            _spareConnections.Add(connection);
        }

        private EngineContainerState? InspectIfThere(HttpConnection connection, string id, CancellationToken cancellationToken)
        {
            try
            {
                return Inspect(connection, id, cancellationToken).State;
            }
            catch (KxException ex) when (ex.ErrorId == KxErrorIds.EngineApiError && ex.Category == KxErrorCategory.ObjectNotFound)
            {
                return null;
            }
        }

        private static bool AreConnectionsCheap(DockerEndpoint endpoint) => endpoint.Scheme != DockerEndpointScheme.Ssh;

        private static HttpConnection Connect(DockerEndpoint endpoint, IHttpTransport transport, DockerConnectionOptions options) =>
            new HttpConnection(transport, new EndpointConnectionErrors(endpoint), HostHeader, options.ConnectTimeout, options.ReadTimeout);

        /// <summary>
        /// min(engine, <see cref="MaxApiVersion"/>), raised to the engine's minimum when it no longer serves that
        /// (Docker 29 serves 1.44 and later).
        /// </summary>
        internal static Version ChooseApiVersion(Version engineVersion, Version? engineMinimum)
        {
            var chosen = engineVersion < MaxApiVersion ? engineVersion : MaxApiVersion;
            return engineMinimum != null && engineMinimum > chosen ? engineMinimum : chosen;
        }

        private (EngineContainerState State, bool Tty) Inspect(HttpConnection connection, string id, CancellationToken cancellationToken)
        {
            var json = GetJson(connection, ContainerPath(id) + "/json", cancellationToken) as Dictionary<string, object?>
                ?? throw EngineErrors.Protocol(Endpoint, "the container inspection is not a JSON object.");
            var state = json.GetObject("State") ?? new Dictionary<string, object?>();
            var health = state.GetObject("Health")?.GetString("Status");
            try
            {
                var result = new EngineContainerState(
                    json.GetString("Id") ?? id,
                    TrimSlash(json.GetString("Name") ?? string.Empty),
                    state.GetString("Status") ?? string.Empty,
                    state.GetBoolean("Running"),
                    (int)(state.GetInteger("ExitCode") ?? 0),
                    string.IsNullOrEmpty(health) ? EngineContainerState.NoHealthcheck : health!,
                    EngineTime.Parse(state.GetString("StartedAt")),
                    EngineTime.Parse(state.GetString("FinishedAt")),
                    json.GetObject("Config")?.GetString("Image"),
                    (json.GetObject("Config")?.GetArray("Entrypoint") ?? new List<object?>()).OfType<string>().ToList(),
                    (int)(json.GetInteger("RestartCount") ?? 0));
                return (result, json.GetObject("Config")?.GetBoolean("Tty") ?? false);
            }
            catch (EngineProtocolException ex)
            {
                throw EngineErrors.Protocol(Endpoint, ex.Message, ex);
            }
        }

        /// <summary>The exit code of an exec whose output has ended, from GET /exec/{id}/json.</summary>
        private int ExecExitCode(string execId, CancellationToken cancellationToken)
        {
            var path = ExecPath(execId) + "/json";
            var deadline = DateTime.UtcNow + ExitCodeWait;
            while (true)
            {
                var json = GetJson(path, cancellationToken) as Dictionary<string, object?>
                    ?? throw EngineErrors.Protocol(Endpoint, "the exec inspection is not a JSON object.");
                if (!json.GetBoolean("Running") && json.GetInteger("ExitCode") is long exitCode)
                {
                    return (int)exitCode;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw EngineErrors.Protocol(Endpoint, $"exec {execId} has no exit code {EngineErrors.Seconds(ExitCodeWait)} after its output ended.");
                }

                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(50));
            }
        }

        private static EngineContainer ToContainer(Dictionary<string, object?> json)
        {
            var names = (json.GetArray("Names") ?? new List<object?>()).OfType<string>().Select(TrimSlash).ToList();
            var ports = (json.GetArray("Ports") ?? new List<object?>()).OfType<Dictionary<string, object?>>()
                .Select(port => new EnginePort(
                    (int)(port.GetInteger("PrivatePort") ?? 0),
                    port.GetInteger("PublicPort") is long published ? (int)published : (int?)null,
                    port.GetString("Type") ?? "tcp",
                    port.GetString("IP")))
                .ToList();
            return new EngineContainer(
                json.GetString("Id") ?? string.Empty,
                names,
                json.GetString("Image") ?? string.Empty,
                json.GetString("State") ?? string.Empty,
                json.GetString("Status") ?? string.Empty,
                json.GetStringMap("Labels"),
                ports,
                DateTimeOffset.FromUnixTimeSeconds(json.GetInteger("Created") ?? 0),
                json.GetString("Command"),
                (json.GetObject("NetworkSettings")?.GetObject("Networks")?.Values ?? Enumerable.Empty<object?>())
                    .OfType<Dictionary<string, object?>>().Select(network => network.GetString("EndpointID") ?? string.Empty).ToList());
        }

        private object? GetJson(string path, CancellationToken cancellationToken) => GetJson(_connection, path, cancellationToken);

        private object? GetJson(HttpConnection connection, string path, CancellationToken cancellationToken)
        {
            var response = Expect(SendVersioned(connection, "GET", path, cancellationToken), "GET", path);
            return ParseJson(response, path);
        }

        private HttpResponse SendVersioned(string method, string path, CancellationToken cancellationToken) =>
            SendVersioned(_connection, method, path, cancellationToken);

        private HttpResponse SendVersioned(HttpConnection connection, string method, string path, CancellationToken cancellationToken) =>
            connection.Send(method, VersionPrefix(cancellationToken) + path, cancellationToken);

        /// <summary>"/v1.41": what starts the path of every call but /_ping and /version.</summary>
        private string VersionPrefix(CancellationToken cancellationToken) => "/v" + NegotiateApiVersion(cancellationToken).ToString(2);

        /// <summary>
        /// The API version, asked once: GET /_ping's Api-Version header (about a millisecond; GET /version gathers the
        /// versions of the engine's components and takes several) when the engine is no newer than this client, GET
        /// /version otherwise, for the oldest version the engine still serves.
        /// </summary>
        private Version NegotiateApiVersion(CancellationToken cancellationToken)
        {
            lock (_negotiationGate)
            {
                if (_apiVersion != null)
                {
                    return _apiVersion;
                }

                var pinged = ParseApiVersion(Expect(_connection.Send("GET", "/_ping", cancellationToken), "GET", "/_ping").Header("Api-Version"));
                Version engineVersion;
                Version? engineMinimum = null;
                if (pinged != null && pinged <= MaxApiVersion)
                {
                    engineVersion = pinged;
                }
                else
                {
                    var response = Expect(_connection.Send("GET", "/version", cancellationToken), "GET", "/version");
                    var json = ParseJson(response, "/version") as Dictionary<string, object?>;
                    engineVersion = ParseApiVersion(json?.GetString("ApiVersion"))
                        ?? ParseApiVersion(response.Header("Api-Version"))
                        ?? throw EngineErrors.Protocol(Endpoint, "GET /version names no API version.");
                    engineMinimum = ParseApiVersion(json?.GetString("MinAPIVersion"));
                }

                if (engineVersion < MinApiVersion)
                {
                    const string action = "Upgrade the Docker engine to 20.10 or later.";
                    throw new KxException(KxErrorIds.EngineApiError, KxErrorCategory.NotInstalled, Endpoint.Url,
                        $"The Docker engine at {Endpoint.Description} speaks API {engineVersion.ToString(2)}, older than the {MinApiVersion.ToString(2)} this module needs. {action}",
                        action);
                }

                _apiVersion = ChooseApiVersion(engineVersion, engineMinimum);
                return _apiVersion;
            }
        }

        private static Version? ParseApiVersion(string? text) =>
            text != null && Version.TryParse(text, out var version) && version.Build < 0 ? version : null;

        private object? ParseJson(HttpResponse response, string path)
        {
            try
            {
                return JsonParser.Parse(response.BodyText());
            }
            catch (JsonParseException ex)
            {
                throw EngineErrors.Protocol(Endpoint, $"the body of {path} is not JSON: {ex.Message}", ex);
            }
        }

        /// <summary>The response itself when it is a success, else EngineApiError with the engine's own message.</summary>
        private HttpResponse Expect(HttpResponse response, string method, string path)
        {
            if (response.IsSuccess)
            {
                return response;
            }

            var text = response.BodyText().Trim();
            string message;
            try
            {
                message = (JsonParser.Parse(text) as Dictionary<string, object?>)?.GetString("message") ?? text;
            }
            catch (JsonParseException)
            {
                message = text;
            }

            if (message.Length == 0)
            {
                message = response.ReasonPhrase;
            }

            var (category, action) = Classify(response.StatusCode);
            throw new KxException(KxErrorIds.EngineApiError, category, method + " " + path,
                $"The Docker engine at {Endpoint.Description} answered {method} {path} with HTTP {response.StatusCode.ToString(CultureInfo.InvariantCulture)}: {message.TrimEnd('.')}. {action}",
                action);
        }

        private static (KxErrorCategory Category, string Action) Classify(int statusCode)
        {
            switch (statusCode)
            {
                case 400:
                    return (KxErrorCategory.InvalidArgument, "Check the values passed to the engine.");
                case 401:
                case 403:
                    return (KxErrorCategory.PermissionDenied, "Check that this user may use the Docker engine.");
                case 404:
                    return (KxErrorCategory.ObjectNotFound, "Check the container name or ID with `docker ps -a`.");
                case 409:
                    return (KxErrorCategory.InvalidOperation, "Resolve the conflict the engine names (for example stop the container first), then retry.");
                default:
                    return statusCode >= 500
                        ? (KxErrorCategory.ResourceUnavailable, "Check the engine's own log (journalctl -u docker, or Docker Desktop's Troubleshoot page).")
                        : (KxErrorCategory.NotSpecified, "Check the engine's message above.");
            }
        }

        private static string ContainerPath(string id)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new ArgumentException("A container ID or name is required.", nameof(id));
            }

            return "/containers/" + Uri.EscapeDataString(id);
        }

        private static string ExecPath(string execId) => "/exec/" + Uri.EscapeDataString(execId);

        private static string TrimSlash(string name) => name.StartsWith("/", StringComparison.Ordinal) ? name.Substring(1) : name;
    }
}
