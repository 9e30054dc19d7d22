using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
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

        private readonly HttpConnection _connection;
        private readonly Func<HttpConnection> _openConnection;
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
        }

        internal DockerEngineClient(DockerEndpoint endpoint, IHttpTransport transport, DockerConnectionOptions options)
        {
            Endpoint = endpoint;
            _openConnection = () => Connect(endpoint, transport, options);
            _connection = _openConnection();
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
            Inspect(id, cancellationToken).State;

        public IReadOnlyList<string> GetLogTail(string id, int lines, CancellationToken cancellationToken)
        {
            if (lines < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(lines), lines, "The number of lines cannot be negative.");
            }

            // The body is framed only when the container has no TTY, which only the container's configuration tells.
            var tty = Inspect(id, cancellationToken).Tty;
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
            if (command == null || command.Count == 0)
            {
                throw new ArgumentException("An exec needs a command.", nameof(command));
            }

            var prefix = VersionPrefix(cancellationToken);
            // Both POSTs go on a connection of their own: a fresh one cannot be stale (a POST is never resent), and the
            // attached start keeps it until the exec ends. The body, which carries secrets, is never logged.
            string execId;
            using (var execConnection = _openConnection())
            {
                var createPath = ContainerPath(id) + "/exec";
                var create = "{\"AttachStdin\":false,\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":false,\"Cmd\":" +
                    JsonWriter.StringArray(command) + ",\"Env\":" + JsonWriter.StringArray(environment) + "}";
                var created = ParseJson(Expect(execConnection.Send("POST", prefix + createPath, cancellationToken, create), "POST", createPath), createPath)
                    as Dictionary<string, object?>;
                execId = created?.GetString("Id") ?? throw EngineErrors.Protocol(Endpoint, $"POST {createPath} names no exec ID.");

                var startPath = ExecPath(execId) + "/start";
                var decoder = new LogStreamDecoder(multiplexed: true, (stream, line) =>
                    onLine(new ProcessLine(stream == 1 ? ProcessStream.StandardOutput : ProcessStream.StandardError, line)));
                try
                {
                    Expect(execConnection.Stream("POST", prefix + startPath, "{\"Detach\":false,\"Tty\":false}",
                        (data, offset, count) => decoder.Write(data, offset, count), cancellationToken), "POST", startPath);
                    decoder.Finish();
                }
                catch (EngineProtocolException ex)
                {
                    throw EngineErrors.Protocol(Endpoint, ex.Message, ex);
                }
            }

            return ExecExitCode(execId, cancellationToken);
        }

        public void RemoveContainer(string id, bool force, CancellationToken cancellationToken)
        {
            var path = ContainerPath(id) + "?force=" + (force ? "1" : "0");
            Expect(SendVersioned("DELETE", path, cancellationToken), "DELETE", path);
        }

        public void Dispose() => _connection.Dispose();

        private static HttpConnection Connect(DockerEndpoint endpoint, IHttpTransport transport, DockerConnectionOptions options) =>
            new HttpConnection(transport, new EndpointConnectionErrors(endpoint), HostHeader, options.ConnectTimeout, options.ReadTimeout);

        /// <summary>
        /// min(engine, <see cref="MaxApiVersion"/>), raised to the engine's minimum when it no longer serves that
        /// (Docker 29 serves 1.44 and later). Read once from GET /version, which every engine answers unversioned.
        /// </summary>
        internal static Version ChooseApiVersion(Version engineVersion, Version? engineMinimum)
        {
            var chosen = engineVersion < MaxApiVersion ? engineVersion : MaxApiVersion;
            return engineMinimum != null && engineMinimum > chosen ? engineMinimum : chosen;
        }

        private (EngineContainerState State, bool Tty) Inspect(string id, CancellationToken cancellationToken)
        {
            var json = GetJson(ContainerPath(id) + "/json", cancellationToken) as Dictionary<string, object?>
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
                json.GetString("Command"));
        }

        private object? GetJson(string path, CancellationToken cancellationToken)
        {
            var response = Expect(SendVersioned("GET", path, cancellationToken), "GET", path);
            return ParseJson(response, path);
        }

        private HttpResponse SendVersioned(string method, string path, CancellationToken cancellationToken) =>
            _connection.Send(method, VersionPrefix(cancellationToken) + path, cancellationToken);

        /// <summary>"/v1.41": what starts the path of every call but /_ping and /version.</summary>
        private string VersionPrefix(CancellationToken cancellationToken) => "/v" + NegotiateApiVersion(cancellationToken).ToString(2);

        private Version NegotiateApiVersion(CancellationToken cancellationToken)
        {
            lock (_negotiationGate)
            {
                if (_apiVersion != null)
                {
                    return _apiVersion;
                }

                var response = Expect(_connection.Send("GET", "/version", cancellationToken), "GET", "/version");
                var json = ParseJson(response, "/version") as Dictionary<string, object?>;
                var engineVersion = ParseApiVersion(json?.GetString("ApiVersion"))
                    ?? ParseApiVersion(response.Header("Api-Version"))
                    ?? throw EngineErrors.Protocol(Endpoint, "GET /version names no API version.");
                if (engineVersion < MinApiVersion)
                {
                    const string action = "Upgrade the Docker engine to 20.10 or later.";
                    throw new KxException(KxErrorIds.EngineApiError, KxErrorCategory.NotInstalled, Endpoint.Url,
                        $"The Docker engine at {Endpoint.Description} speaks API {engineVersion.ToString(2)}, older than the {MinApiVersion.ToString(2)} this module needs. {action}",
                        action);
                }

                _apiVersion = ChooseApiVersion(engineVersion, ParseApiVersion(json?.GetString("MinAPIVersion")));
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
