using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Status;

namespace Konnaxion.Ops.WarmUp
{
    /// <summary>
    /// Runs what a status call runs, in memory: parses a small compose document, then negotiates, lists and inspects
    /// through the engine client over <see cref="CannedEngineTransport"/>, and joins the two, so that the YAML reader,
    /// YamlDotNet, the compose parser, the HTTP and JSON readers and the join are compiled (JIT) before the first cmdlet
    /// needs them. The module runs it on a thread-pool thread as it is imported: in PowerShell 7 that compiling was most
    /// of the first cmdlet call's time. It reads no file, reaches no engine, writes nothing and keeps nothing; whatever
    /// happens in it is dropped, so it can neither fail an import nor show anything.
    /// </summary>
    public static class StatusWarmUp
    {
        private const string Project = "kx-warm-up";

        // The shapes the sample's files use: an anchor and a merge key, interpolation with defaults, lists and maps.
        private const string Document =
            "services:\n" +
            "  web: &web\n" +
            "    build:\n      context: .\n      args:\n        BASE: \"${KX_WARM_BASE:-base}\"\n" +
            "    image: warm_web\n" +
            "    depends_on:\n      - db\n" +
            "    ports:\n      - \"${KX_WARM_PORT:-8000}:8000\"\n" +
            "    command: /start\n" +
            "  db:\n" +
            "    image: warm_db\n" +
            "    healthcheck:\n      test: [\"CMD-SHELL\", \"true $$X\"]\n      interval: 2s\n" +
            "  worker:\n    <<: *web\n    ports: []\n";

        /// <summary>Runs the warm-up and returns its statuses, for the caller to warm what it does with them; never throws (none then).</summary>
        public static IReadOnlyList<KxServiceStatus> Run()
        {
            try
            {
                return Statuses();
            }
            catch (Exception)
            {
                // Only a head start: the first real call meets and reports whatever this one met.
                return Array.Empty<KxServiceStatus>();
            }
        }

        /// <summary>The warm-up's parse itself.</summary>
        internal static ComposeFile Parse() =>
            ComposeFileParser.Parse(Document, Path.Combine(Path.GetTempPath(), "kx-warm-up", "docker-compose.yml"), _ => null);

        /// <summary>The warm-up's status of its compose document, from the canned engine.</summary>
        internal static IReadOnlyList<KxServiceStatus> Statuses()
        {
            var services = Parse().Services;
            var ids = services.ToDictionary(s => s.Name, s => (s.Name + new string('0', 64)).Substring(0, 64), StringComparer.Ordinal);
            var transport = new CannedEngineTransport(path => path.Contains("/containers/json")
                ? "[" + string.Join(",", services.Select(s => Listed(s, ids[s.Name]))) + "]"
                : services.Where(s => path.Contains(ids[s.Name])).Select(s => Inspected(s, ids[s.Name])).Single());
            using var engine = new DockerEngineClient(DockerEndpoint.Parse("unix:///kx-warm-up/docker.sock"), transport, new DockerConnectionOptions());
            var listed = engine.ListContainers(ServiceStatusJoin.ProjectFilter(Project), includeStopped: true, CancellationToken.None);
            return ServiceStatusJoin.Inspect(engine, Project, services, listed, includeOneOff: false, CancellationToken.None);
        }

        private static string Listed(ComposeService service, string id) => string.Format(CultureInfo.InvariantCulture,
            "{{\"Id\":\"{0}\",\"Names\":[\"/{1}-{2}-1\"],\"Image\":\"{3}\",\"Command\":\"/start\",\"Created\":1767225600," +
            "\"Ports\":[{{\"IP\":\"0.0.0.0\",\"PrivatePort\":8000,\"PublicPort\":8000,\"Type\":\"tcp\"}}]," +
            "\"Labels\":{{\"{4}\":\"{1}\",\"{5}\":\"{2}\",\"{6}\":\"False\"}},\"State\":\"running\",\"Status\":\"Up 5 minutes (healthy)\"," +
            "\"NetworkSettings\":{{\"Networks\":{{\"{1}_default\":{{\"EndpointID\":\"{0}\"}}}}}}}}",
            id, Project, service.Name, service.Image, ServiceStatusJoin.ProjectLabel, ServiceStatusJoin.ServiceLabel, ServiceStatusJoin.OneOffLabel);

        private static string Inspected(ComposeService service, string id) => string.Format(CultureInfo.InvariantCulture,
            "{{\"Id\":\"{0}\",\"Name\":\"/{1}-{2}-1\",\"RestartCount\":0,\"State\":{{\"Status\":\"running\",\"Running\":true,\"ExitCode\":0," +
            "\"StartedAt\":\"2026-01-01T00:00:00.123456789Z\",\"FinishedAt\":\"0001-01-01T00:00:00Z\",\"Health\":{{\"Status\":\"healthy\"}}}}," +
            "\"Config\":{{\"Image\":\"{3}\",\"Entrypoint\":[\"/entrypoint\"],\"Tty\":false}}}}",
            id, Project, service.Name, service.Image);
    }
}
