using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;

namespace Konnaxion.Ops.PowerShell.Tests.Engine
{
    /// <summary>The docker CLI, for what the tests check or clean up behind the module's back.</summary>
    public static class DockerCli
    {
        /// <summary>Runs docker and returns its stdout lines; throws on a non-zero exit.</summary>
        /// <param name="environment">Extra variables: how a secret reaches a container without being an argument.</param>
        public static IReadOnlyList<string> Run(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
        {
            var start = new ProcessStartInfo("docker")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"docker {string.Join(" ", arguments)} exited with {process.ExitCode}: {error.Result}");
            }

            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        public static IReadOnlyList<string> Run(params string[] arguments) => Run((IReadOnlyList<string>)arguments);

        /// <summary>The ids of the containers of a compose project (one-off ones too), optionally of one service.</summary>
        public static IReadOnlyList<string> Containers(string project, string? service = null, bool all = true) =>
            Run(new[] { "ps", "-q", all ? "-a" : string.Empty, "--filter", "label=com.docker.compose.project=" + project }
                .Concat(service == null ? Array.Empty<string>() : new[] { "--filter", "label=com.docker.compose.service=" + service })
                .Where(a => a.Length > 0).ToList());

        /// <summary>Removes whatever a compose project left: containers, volumes, networks (by compose's labels, whichever version made them).</summary>
        public static void RemoveProject(string project)
        {
            var label = "label=com.docker.compose.project=" + project;
            var containers = Containers(project);
            if (containers.Count > 0)
            {
                Run(new[] { "rm", "-f", "-v" }.Concat(containers).ToList());
            }

            var volumes = Run("volume", "ls", "-q", "--filter", label);
            if (volumes.Count > 0)
            {
                Run(new[] { "volume", "rm", "-f" }.Concat(volumes).ToList());
            }

            var networks = Run("network", "ls", "-q", "--filter", label);
            if (networks.Count > 0)
            {
                Run(new[] { "network", "rm" }.Concat(networks).ToList());
            }
        }
    }
}
