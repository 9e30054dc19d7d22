using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Compose
{
    /// <summary>
    /// Progress of `compose up -d --build`, read from compose's own output: one activity for the whole operation and
    /// one child activity per service (its build steps, then its container). Both versions are understood:
    /// <list type="bullet">
    /// <item>v1 on stderr: "Building django", BuildKit's "#6 [3/9] RUN …" (or the classic builder's "Step 3/9 : RUN …")
    /// for the service named last, then "Creating kx_django_1 ... done", "Starting …", "Recreating …", "… is up-to-date".</item>
    /// <item>v2: BuildKit's "#5 [django 2/4] RUN …" on stdout, then " Container kx-django-1  Started" on stderr.</item>
    /// </list>
    /// Dispose completes every activity it opened, so a failed or cancelled run leaves no progress bar behind.
    /// </summary>
    public sealed class ComposeUpProgress : IDisposable
    {
        private static readonly Regex V1Building = new Regex(@"^Building (?<service>\S+)$");
        private static readonly Regex BuildKitStep = new Regex(@"^#\d+ \[(?<target>[^\]]+)\] (?<text>.+)$");
        private static readonly Regex StepOfSteps = new Regex(@"^(?<step>\d+)/(?<steps>\d+)$");
        private static readonly Regex ClassicStep = new Regex(@"^Step (?<step>\d+)/(?<steps>\d+) : (?<text>.+)$");
        private static readonly Regex V1Container = new Regex(@"^(?<verb>Creating|Recreating|Starting) (?<container>\S+)\s+\.\.\.\s*(?<result>done|error)?\s*$");
        private static readonly Regex V1UpToDate = new Regex(@"^(?<container>\S+) is up-to-date$");
        private static readonly Regex V2Container = new Regex(@"^\s*Container (?<container>\S+)\s+(?<state>[A-Z][a-z]+)$");
        private static readonly Regex Whitespace = new Regex(@"\s+");

        /// <summary>v2 container events after which a service is up: nothing more happens to it in `up -d`.</summary>
        private static readonly HashSet<string> V2Up = new HashSet<string>(StringComparer.Ordinal) { "Started", "Running", "Healthy" };

        private readonly IKxOutput _output;
        private readonly int _activityId;
        private readonly string _activity;
        private readonly int _parentActivityId;
        private readonly string _project;
        private readonly List<string> _services;
        private readonly Dictionary<string, string> _containerNames;
        private readonly Dictionary<string, string> _lastStatus = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly HashSet<string> _up = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _open = new HashSet<string>(StringComparer.Ordinal);
        private string? _v1Building;
        private bool _disposed;

        /// <param name="output">Receives the progress records.</param>
        /// <param name="activityId">The whole operation's activity; service activities take the ids after it.</param>
        /// <param name="activity">What the operation does, as the top progress line.</param>
        /// <param name="project">The compose project name, the prefix of its container names.</param>
        /// <param name="services">The services `up` starts, in the compose file's order.</param>
        /// <param name="parentActivityId">The activity this one is part of, or -1.</param>
        public ComposeUpProgress(IKxOutput output, int activityId, string activity, string project, IReadOnlyList<ComposeService> services,
            int parentActivityId = -1)
        {
            _output = output;
            _activityId = activityId;
            _activity = activity;
            _parentActivityId = parentActivityId;
            _project = project;
            _services = services.Select(s => s.Name).ToList();
            _containerNames = services.Where(s => s.ContainerName != null).ToDictionary(s => s.ContainerName!, s => s.Name, StringComparer.Ordinal);

            Report(_activityId, _activity, "Starting compose", 0, _parentActivityId);
        }

        /// <summary>Reads one line compose printed; reports progress when it tells something new.</summary>
        public void Observe(ProcessLine line)
        {
            var text = line.Text.TrimEnd();
            Match match;
            if ((match = V1Building.Match(text)).Success && IsService(match.Groups["service"].Value))
            {
                _v1Building = match.Groups["service"].Value;
                Service(_v1Building, "Building", percent: 0);
            }
            else if ((match = BuildKitStep.Match(text)).Success)
            {
                // The target is "[service step/steps]", "[service internal]", "[service]" (v2) or "[step/steps]",
                // "[internal]", "[stage step/steps]" (v1, where the service is the one named by "Building").
                var words = match.Groups["target"].Value.Split(' ');
                var service = IsService(words[0]) ? words[0] : _v1Building;
                var steps = StepOfSteps.Match(words[words.Length - 1]);
                if (service != null)
                {
                    BuildStep(service, steps.Success ? steps : null, match.Groups["text"].Value, exporting: words.Length == 1 && !steps.Success && words[0] == service);
                }
            }
            else if ((match = ClassicStep.Match(text)).Success && _v1Building != null)
            {
                BuildStep(_v1Building, match, match.Groups["text"].Value, exporting: false);
            }
            else if ((match = V1Container.Match(text)).Success)
            {
                var verb = match.Groups["verb"].Value;
                var result = match.Groups["result"].Value;
                Container(match.Groups["container"].Value, result.Length == 0 ? verb : $"{verb}: {result}", up: result == "done", failed: result == "error");
            }
            else if ((match = V1UpToDate.Match(text)).Success)
            {
                Container(match.Groups["container"].Value, "Up to date", up: true, failed: false);
            }
            else if ((match = V2Container.Match(text)).Success)
            {
                var state = match.Groups["state"].Value;
                Container(match.Groups["container"].Value, state, up: V2Up.Contains(state), failed: state == "Error");
            }
        }

        /// <summary>Completes every open service activity, then the operation's own.</summary>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var service in _services.Where(_open.Contains))
            {
                Report(ActivityIdOf(service), service, _lastStatus[service], -1, _activityId, completed: true);
            }

            Report(_activityId, _activity, $"{_up.Count} of {_services.Count} services up", 100, _parentActivityId, completed: true);
        }

        private bool IsService(string name) => _services.Contains(name);

        private int ActivityIdOf(string service) => _activityId + 1 + _services.IndexOf(service);

        private void BuildStep(string service, Match? stepOfSteps, string text, bool exporting)
        {
            if (stepOfSteps == null)
            {
                Service(service, "Building: " + Shorten(text), exporting ? 99 : -1);
                return;
            }

            var step = int.Parse(stepOfSteps.Groups["step"].Value, CultureInfo.InvariantCulture);
            var steps = int.Parse(stepOfSteps.Groups["steps"].Value, CultureInfo.InvariantCulture);
            Service(service, $"Building: step {step}/{steps} {Shorten(text)}", steps > 0 ? Math.Min(step * 100 / steps, 99) : -1);
        }

        /// <summary>
        /// The service of a container: the compose file's container_name, else compose's own naming,
        /// &lt;project&gt;_&lt;service&gt;_&lt;n&gt; (v1) or &lt;project&gt;-&lt;service&gt;-&lt;n&gt; (v2).
        /// </summary>
        private string? ServiceOfContainer(string container)
        {
            if (_containerNames.TryGetValue(container, out var named))
            {
                return named;
            }

            foreach (var separator in new[] { '_', '-' })
            {
                var prefix = _project + separator;
                var numberAt = container.LastIndexOf(separator);
                if (container.StartsWith(prefix, StringComparison.Ordinal) && numberAt > prefix.Length
                    && container.Substring(numberAt + 1).All(char.IsDigit))
                {
                    var service = container.Substring(prefix.Length, numberAt - prefix.Length);
                    if (IsService(service))
                    {
                        return service;
                    }
                }
            }

            return null;
        }

        private void Container(string container, string status, bool up, bool failed)
        {
            var service = ServiceOfContainer(container);
            if (service == null)
            {
                return;
            }

            var nowUp = up && _up.Add(service);
            Service(service, failed ? "Failed" : status, up ? 100 : -1);
            if (nowUp)
            {
                Report(ActivityIdOf(service), service, status, 100, _activityId, completed: true);
                _open.Remove(service);
            }
        }

        private void Service(string service, string status, int percent)
        {
            if (_lastStatus.TryGetValue(service, out var last) && last == status)
            {
                return;
            }

            _lastStatus[service] = status;
            _open.Add(service);
            Report(ActivityIdOf(service), service, status, percent, _activityId);
            Report(_activityId, _activity, $"{service}: {status}", _up.Count * 100 / Math.Max(1, _services.Count), _parentActivityId);
        }

        private void Report(int id, string activity, string status, int percent, int parentId, bool completed = false) =>
            _output.WriteProgress(new KxProgress(id, activity, status, percent, completed, parentId));

        /// <summary>A build step as one short line: BuildKit echoes whole RUN commands, continuation spaces included.</summary>
        private static string Shorten(string text)
        {
            const int MaxLength = 60;
            var single = Whitespace.Replace(text.Trim(), " ");
            return single.Length <= MaxLength ? single : single.Substring(0, MaxLength - 1) + "…";
        }
    }
}
