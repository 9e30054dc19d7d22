using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Project;
using Konnaxion.Ops.Yaml;

namespace Konnaxion.Ops.Swarm
{
    /// <summary>
    /// A project's one-shot Swarm job (<see cref="SwarmJob"/>): on the stack's network, with a compose service's env
    /// files, its output redacted and handled as a compose child's is (<see cref="ComposeRunner.RunRedacted"/>).
    /// </summary>
    internal static class ProjectJob
    {
        /// <summary>The network `docker stack deploy` makes for a stack's services that name none: STACK_default.</summary>
        public static string DefaultNetwork(string stack) => stack + "_default";

        /// <summary>A job of the project's stack from <paramref name="image"/>, on the stack's default network; its environment is read when it runs.</summary>
        public static EngineJobSpec Spec(ProjectContext project, string purpose, string image, IReadOnlyList<string> arguments)
        {
            var spec = SwarmJob.Spec(project.Name, purpose, image, arguments);
            spec.Networks = new[] { DefaultNetwork(project.Name) };
            return spec;
        }

        /// <summary>What the job does, for -WhatIf and the verbose stream: the call, where it runs, the env files (by path) and the command.</summary>
        public static string Describe(ProjectContext project, EngineJobSpec spec, ComposeService envSource, string? placement = null) =>
            $"POST /services/create (Swarm job {spec.Name}: replicated-job from {spec.Image} on {string.Join(", ", spec.Networks)}" +
            ", " + (placement ?? "on the node of the engine called unless it is drained") +
            (envSource.EnvFiles.Count > 0 ? ", env from " + string.Join(", ", envSource.EnvFiles.Select(file => project.Relative(file.Path).Replace('\\', '/'))) : string.Empty) +
            $"): {CommandLine.Join(spec.Arguments)}";

        /// <summary>
        /// Runs the job with the variables of <paramref name="envSource"/>'s env files (read now, sent only in the request
        /// body; the project's redactor masks them, as it masks every env file's), returning its exit code and stderr tail.
        /// </summary>
        public static ComposeRun Run(ProjectContext project, EngineJobSpec spec, ComposeService envSource, string description, IKxOutput output,
            CancellationToken cancellationToken, Action<ProcessLine>? observe = null)
        {
            var engine = project.GetSwarmEngine();
            var containers = project.GetEngine();
            return project.Compose.RunRedacted(description, "the Swarm job " + spec.Name, (redactedOutput, onLine) =>
                {
                    spec.Environment = Environment(envSource);
                    return SwarmJob.Run(engine, containers, spec, onLine, redactedOutput, cancellationToken);
                },
                output, cancellationToken, observe, _ => $" and the Swarm job {spec.Name} removed");
        }

        /// <summary>
        /// NAME=value of the service's env files in compose's order, a later file's value winning, then of its own
        /// `environment:` (interpolated; a name without a value takes this process's), which wins over the files, as
        /// compose reads them.
        /// </summary>
        internal static IReadOnlyList<string> Environment(ComposeService service)
        {
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            var order = new List<string>();
            void Set(string name, string value)
            {
                if (!variables.ContainsKey(name))
                {
                    order.Add(name);
                }

                variables[name] = value;
            }

            foreach (var file in service.EnvFiles.Where(file => File.Exists(file.Path)))
            {
                foreach (var variable in DotEnvFile.Read(file.Path))
                {
                    Set(variable.Key, variable.Value);
                }
            }

            foreach (var variable in InlineEnvironment(service))
            {
                Set(variable.Key, variable.Value);
            }

            return order.Select(name => name + "=" + variables[name]).ToList();
        }

        /// <summary>The service's `environment:`, as a mapping (NAME: value) or a list (NAME=value, or NAME alone); a name without a value and not set here is left out.</summary>
        private static IEnumerable<KeyValuePair<string, string>> InlineEnvironment(ComposeService service)
        {
            if (!(service.Source is ComposeYamlSource source) || !source.Mapping.Entries.TryGetValue("environment", out var environment))
            {
                yield break;
            }

            var location = $"services.{service.Name}.environment";
            if (environment is YamlMapping mapping)
            {
                foreach (var entry in mapping.Entries)
                {
                    var value = source.Reader.Scalar(entry.Value, $"{location}.{entry.Key}") ?? System.Environment.GetEnvironmentVariable(entry.Key);
                    if (value != null)
                    {
                        yield return new KeyValuePair<string, string>(entry.Key, value);
                    }
                }
            }
            else if (environment is YamlSequence list)
            {
                foreach (var item in list.Items)
                {
                    var text = source.Reader.Scalar(item, location) ?? string.Empty;
                    var equals = text.IndexOf('=');
                    var name = equals < 0 ? text : text.Substring(0, equals);
                    var value = equals < 0 ? System.Environment.GetEnvironmentVariable(name) : text.Substring(equals + 1);
                    if (name.Length > 0 && value != null)
                    {
                        yield return new KeyValuePair<string, string>(name, value);
                    }
                }
            }
        }
    }
}
