using System;
using System.Collections.Generic;
using System.Linq;

namespace Konnaxion.Ops.Compose
{
    /// <summary>
    /// A service as one file declares it, before extends: a field is null when the file does not set it, so that a
    /// service can be merged over the one it extends field by field, with compose's rules for each.
    /// </summary>
    internal sealed class ComposeServiceDefinition
    {
        public ComposeServiceDefinition(string name, string path)
        {
            Name = name;
            Path = path;
        }

        public string Name { get; }

        /// <summary>The file that declares the service, for messages.</summary>
        public string Path { get; }

        public string? Image { get; set; }
        public string? ContainerName { get; set; }
        public string? WorkingDir { get; set; }
        public BuildDefinition? Build { get; set; }
        public IReadOnlyList<ComposeEnvFile>? EnvFiles { get; set; }
        public IReadOnlyList<ComposeDependency>? Dependencies { get; set; }
        public HealthCheckDefinition? HealthCheck { get; set; }
        public IReadOnlyList<ComposePort>? Ports { get; set; }
        public IReadOnlyList<ComposeVolume>? Volumes { get; set; }
        public IReadOnlyList<string>? Profiles { get; set; }
        public ExtendsDefinition? Extends { get; set; }

        /// <summary>The mapping the service was read from, for the stack file.</summary>
        public ComposeYamlSource? Source { get; set; }

        /// <summary>Fields tagged <c>!reset</c>: removed, the inherited value with them.</summary>
        public HashSet<string> ResetFields { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Fields tagged <c>!override</c>: they replace the inherited value instead of merging with it.</summary>
        public HashSet<string> OverriddenFields { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>
        /// This service merged over the one it extends, as compose merges them: a single value replaces the inherited
        /// one; build and healthcheck merge their fields; lists keep the inherited entries and add their own, one per
        /// key (env_file by path, depends_on by service, volumes by target, ports and profiles by value).
        /// </summary>
        public ComposeServiceDefinition MergedOver(ComposeServiceDefinition inherited) => new ComposeServiceDefinition(Name, Path)
        {
            Source = Source?.Merged(),
            Image = Merge("image", inherited.Image, Image, (_, own) => own),
            ContainerName = Merge("container_name", inherited.ContainerName, ContainerName, (_, own) => own),
            WorkingDir = Merge("working_dir", inherited.WorkingDir, WorkingDir, (_, own) => own),
            Build = Merge("build", inherited.Build, Build, (from, own) => own.MergedOver(from)),
            EnvFiles = Merge("env_file", inherited.EnvFiles, EnvFiles, (from, own) => Union(from, own, f => f.Path)),
            Dependencies = Merge("depends_on", inherited.Dependencies, Dependencies, (from, own) => Union(from, own, d => d.Service)),
            HealthCheck = Merge("healthcheck", inherited.HealthCheck, HealthCheck, (from, own) => own.MergedOver(from)),
            Ports = Merge("ports", inherited.Ports, Ports, (from, own) => Union(from, own, p => p)),
            Volumes = Merge("volumes", inherited.Volumes, Volumes, (from, own) => Union(from, own, v => v.Target)),
            Profiles = Merge("profiles", inherited.Profiles, Profiles, (from, own) => Union(from, own, p => p)),
        };

        public ComposeService ToService() => new ComposeService(
            Name,
            Image,
            Build?.ToBuild(),
            ContainerName,
            EnvFiles ?? Array.Empty<ComposeEnvFile>(),
            Dependencies ?? Array.Empty<ComposeDependency>(),
            HealthCheck?.IsEnabled == true,
            Volumes ?? Array.Empty<ComposeVolume>(),
            WorkingDir,
            Ports ?? Array.Empty<ComposePort>(),
            Profiles ?? Array.Empty<string>(),
            Source);

        /// <summary>
        /// Both lists' entries, one per key, in the order the keys first appear; a later entry replaces an earlier one
        /// with its key. Compose keeps one of each even within one list.
        /// </summary>
        public static IReadOnlyList<T> Union<T, TKey>(IEnumerable<T> first, IEnumerable<T> second, Func<T, TKey> key)
            where TKey : notnull
        {
            var result = new List<T>();
            var positions = new Dictionary<TKey, int>();
            foreach (var item in first.Concat(second))
            {
                var itemKey = key(item);
                if (positions.TryGetValue(itemKey, out var position))
                {
                    result[position] = item;
                }
                else
                {
                    positions.Add(itemKey, result.Count);
                    result.Add(item);
                }
            }

            return result;
        }

        private T? Merge<T>(string field, T? inherited, T? own, Func<T, T, T> combine)
            where T : class =>
            ResetFields.Contains(field) ? null
            : own == null ? inherited
            : inherited == null || OverriddenFields.Contains(field) ? own
            : combine(inherited, own);
    }

    /// <summary>A build as declared: a field not set is inherited, or takes compose's default at the end.</summary>
    internal sealed class BuildDefinition
    {
        public BuildDefinition(string? context, string? dockerfile, string directory)
        {
            Context = context;
            Dockerfile = dockerfile;
            Directory = directory;
        }

        /// <summary>Absolute, or a URL.</summary>
        public string? Context { get; }

        public string? Dockerfile { get; }

        /// <summary>The folder of the declaring file: the context when none is given.</summary>
        public string Directory { get; }

        public BuildDefinition MergedOver(BuildDefinition inherited) =>
            new BuildDefinition(Context ?? inherited.Context, Dockerfile ?? inherited.Dockerfile, Context == null ? inherited.Directory : Directory);

        public ComposeBuild ToBuild() => new ComposeBuild(Context ?? Directory, Dockerfile ?? "Dockerfile");
    }

    /// <summary>The parts of a healthcheck that say whether it runs.</summary>
    internal sealed class HealthCheckDefinition
    {
        public HealthCheckDefinition(bool? disabled, bool? testIsNone)
        {
            Disabled = disabled;
            TestIsNone = testIsNone;
        }

        /// <summary><c>disable:</c>, when set.</summary>
        public bool? Disabled { get; }

        /// <summary>Whether <c>test:</c> is NONE, which disables the image's healthcheck; null when test is not set.</summary>
        public bool? TestIsNone { get; }

        public bool IsEnabled => Disabled != true && TestIsNone != true;

        public HealthCheckDefinition MergedOver(HealthCheckDefinition inherited) =>
            new HealthCheckDefinition(Disabled ?? inherited.Disabled, TestIsNone ?? inherited.TestIsNone);
    }

    /// <summary><c>extends:</c>: a service of the same file, or of another one (absolute path).</summary>
    internal sealed class ExtendsDefinition
    {
        public ExtendsDefinition(string service, string? file)
        {
            Service = service;
            File = file;
        }

        public string Service { get; }
        public string? File { get; }
    }
}
