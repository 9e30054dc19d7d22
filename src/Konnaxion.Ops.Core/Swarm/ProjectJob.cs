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

        /// <summary>NAME=value of the service's env files in compose's order, a later file's value winning, as compose reads them.</summary>
        internal static IReadOnlyList<string> Environment(ComposeService service)
        {
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var file in service.EnvFiles.Where(file => File.Exists(file.Path)))
            {
                foreach (var variable in DotEnvFile.Read(file.Path))
                {
                    if (!variables.ContainsKey(variable.Key))
                    {
                        order.Add(variable.Key);
                    }

                    variables[variable.Key] = variable.Value;
                }
            }

            return order.Select(name => name + "=" + variables[name]).ToList();
        }
    }
}
