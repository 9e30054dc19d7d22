using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;

namespace Konnaxion.Ops.Compose
{
    /// <summary>Which compose implementation to use.</summary>
    public enum ComposeFlavor
    {
        /// <summary>v2 if `docker compose` answers, else whatever `docker-compose` is.</summary>
        Auto,

        /// <summary>The Python compose 1.x (`docker-compose`).</summary>
        V1,

        /// <summary>The Go compose 2.x, as the docker CLI plugin or a standalone `docker-compose`.</summary>
        V2,
    }

    /// <summary>
    /// A compose implementation found on this machine, told apart by what its `version` prints rather than by
    /// its binary name (a standalone v2 is also called docker-compose).
    /// </summary>
    public sealed class ComposeDriver
    {
        /// <summary>Set to v1, v2 or auto to choose the implementation without a parameter.</summary>
        public const string EnvironmentVariable = "KONNAXION_COMPOSE";

        /// <summary>`--ansi never` first appears in compose 1.28.</summary>
        private static readonly Version OldestV1 = new Version(1, 28, 0);

        private static readonly Regex VersionPattern = new Regex(@"version\s+v?(\d+)\.(\d+)\.(\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // Per runner, so a test's fake runner never sees what another runner (or the real one) detected.
        private static readonly ConditionalWeakTable<IProcessRunner, ConcurrentDictionary<string, ComposeDriver>> Detected =
            new ConditionalWeakTable<IProcessRunner, ConcurrentDictionary<string, ComposeDriver>>();

        private static readonly (string FileName, string[] Prefix)[] Candidates =
        {
            ("docker", new[] { "compose" }),
            ("docker-compose", Array.Empty<string>()),
        };

        internal ComposeDriver(string executable, IReadOnlyList<string> prefixArguments, Version version)
        {
            Executable = executable;
            PrefixArguments = prefixArguments;
            Version = version;
        }

        /// <summary>`docker` or `docker-compose`.</summary>
        public string Executable { get; }

        /// <summary>`compose` for the plugin; nothing for a standalone binary.</summary>
        public IReadOnlyList<string> PrefixArguments { get; }

        public Version Version { get; }

        public bool IsV2 => Version.Major >= 2;

        /// <summary>For example "docker compose 2.26.1".</summary>
        public override string ToString() => string.Join(" ", new[] { Executable }.Concat(PrefixArguments)) + " " + Version.ToString(3);

        /// <summary>The implementation a flavor names, detected once per process, runner and PATH.</summary>
        public static ComposeDriver Detect(ComposeFlavor flavor, IProcessRunner runner, CancellationToken cancellationToken)
        {
            var detected = Detected.GetValue(runner, _ => new ConcurrentDictionary<string, ComposeDriver>());
            var key = flavor + "|" + Environment.GetEnvironmentVariable("PATH");
            if (detected.TryGetValue(key, out var known))
            {
                return known;
            }

            var found = Find(flavor, runner, cancellationToken);
            detected[key] = found;
            return found;
        }

        /// <summary>The flavor asked for by parameter, else by <see cref="EnvironmentVariable"/>, else Auto.</summary>
        public static ComposeFlavor ChooseFlavor(ComposeFlavor? parameter, string? environmentValue)
        {
            if (parameter.HasValue)
            {
                return parameter.Value;
            }

            if (string.IsNullOrWhiteSpace(environmentValue))
            {
                return ComposeFlavor.Auto;
            }

            if (Enum.TryParse<ComposeFlavor>(environmentValue!.Trim(), ignoreCase: true, out var flavor) && Enum.IsDefined(typeof(ComposeFlavor), flavor))
            {
                return flavor;
            }

            throw new KxException(KxErrorIds.ComposeVersionUnsupported, KxErrorCategory.InvalidArgument, environmentValue,
                $"{EnvironmentVariable}='{environmentValue}' is not a compose flavor.", $"Set {EnvironmentVariable} to v1, v2 or auto, or remove it.");
        }

        /// <summary>The version in `docker compose version` / `docker-compose version` output, or null.</summary>
        public static Version? ParseVersion(string output)
        {
            var match = VersionPattern.Match(output);
            return match.Success
                ? new Version(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value))
                : null;
        }

        private static ComposeDriver Find(ComposeFlavor flavor, IProcessRunner runner, CancellationToken cancellationToken)
        {
            var tried = new List<string>();
            foreach (var (fileName, prefix) in Candidates)
            {
                var version = Probe(fileName, prefix, runner, cancellationToken);
                var display = string.Join(" ", new[] { fileName }.Concat(prefix));
                tried.Add(version == null ? $"'{display}' did not answer" : $"'{display}' is {version.ToString(3)}");
                if (version == null || (flavor == ComposeFlavor.V1 && version.Major != 1) || (flavor == ComposeFlavor.V2 && version.Major < 2))
                {
                    continue;
                }

                if (version.Major == 1 && version < OldestV1)
                {
                    throw new KxException(KxErrorIds.ComposeVersionUnsupported, KxErrorCategory.NotInstalled, display,
                        $"docker-compose {version.ToString(3)} is too old: Konnaxion.Ops needs 1.28 or later.",
                        "Upgrade docker-compose, or install Docker Compose v2.");
                }

                return new ComposeDriver(fileName, prefix, version);
            }

            var wanted = flavor == ComposeFlavor.Auto ? "Docker Compose" : $"Docker Compose {flavor.ToString().ToLowerInvariant()}";
            throw new KxException(KxErrorIds.ComposeNotInstalled, KxErrorCategory.NotInstalled, flavor,
                $"{wanted} was not found: {string.Join("; ", tried)}.",
                "Install Docker Desktop (or the docker-compose-plugin), or choose another flavor with -Compose or " + EnvironmentVariable + ".");
        }

        private static Version? Probe(string fileName, IReadOnlyList<string> prefix, IProcessRunner runner, CancellationToken cancellationToken)
        {
            var output = new StringBuilder();
            try
            {
                var exitCode = runner.Run(new ProcessSpec(fileName, prefix.Concat(new[] { "version" }).ToList()),
                    line => output.AppendLine(line.Text), cancellationToken);
                return exitCode == 0 ? ParseVersion(output.ToString()) : null;
            }
            catch (ExecutableNotFoundException)
            {
                return null;
            }
        }
    }
}
