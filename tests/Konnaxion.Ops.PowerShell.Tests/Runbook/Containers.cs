using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Konnaxion.Ops.PowerShell.Tests.Engine;

namespace Konnaxion.Ops.PowerShell.Tests.Runbook
{
    /// <summary>What the engine says about a project's containers, asked behind the module's back.</summary>
    public static class Containers
    {
        /// <summary>Every container of the project (one-off ones too) and when it last started: what a change would move.</summary>
        public static IReadOnlyDictionary<string, string> StartTimes(string project)
        {
            var ids = DockerCli.Containers(project);
            return ids.Count == 0
                ? new Dictionary<string, string>()
                : DockerCli.Run(new[] { "inspect", "-f", "{{.Id}} {{.State.StartedAt}}" }.Concat(ids).ToList())
                    .Select(line => line.Split(' '))
                    .ToDictionary(words => words[0], words => words[1]);
        }

        /// <summary>When the running container of a service last started.</summary>
        public static DateTimeOffset StartedAt(string project, string service) =>
            DateTimeOffset.Parse(DockerCli.Run("inspect", "-f", "{{.State.StartedAt}}", DockerCli.Containers(project, service, all: false).Single()).Single(),
                CultureInfo.InvariantCulture);

        /// <summary>The names of the project's one-off (`run`) containers, running or not, or only the running ones.</summary>
        public static IReadOnlyList<string> OneOff(string project, bool running = false) =>
            DockerCli.Run(new[] { "ps", running ? string.Empty : "-a", "--format", "{{.Names}}", "--filter", "label=com.docker.compose.project=" + project,
                "--filter", "label=com.docker.compose.oneoff=True" }.Where(a => a.Length > 0).ToList());

        /// <summary>
        /// The names of the project's containers created while <paramref name="act"/> ran, from the engine's events: a
        /// one-off `run --rm` container is gone again by the time a count could see it. The window opens as
        /// <paramref name="act"/> starts, not before: the engine is on this machine's clock, and a container the test
        /// before made in its last second (its clean-up's one-off) is not this act's.
        /// </summary>
        public static IReadOnlyList<string> CreatedDuring(string project, Action act)
        {
            var since = DateTimeOffset.UtcNow;
            act();
            var until = DateTimeOffset.UtcNow.AddSeconds(1);
            while (DateTimeOffset.UtcNow < until)
            {
                System.Threading.Thread.Sleep(100);
            }

            return DockerCli.Run("events", "--since", Stamp(since), "--until", Stamp(until), "--filter", "type=container", "--filter", "event=create",
                "--filter", "label=com.docker.compose.project=" + project, "--format", "{{.Actor.Attributes.name}}");
        }

        private static string Stamp(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
    }
}
