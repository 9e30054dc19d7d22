using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Tests.Engine;
using Xunit.Sdk;

namespace Konnaxion.Ops.Tests.Compose.Conformance
{
    /// <summary>
    /// A test that reads the compose corpus with <c>docker compose</c> v2, the reference: skipped on a developer
    /// machine without them, a failure when CI=true (see <see cref="EngineFactAttribute"/>). No engine is needed.
    /// </summary>
    [XunitTestCaseDiscoverer("Konnaxion.Ops.Tests.Engine.EngineFactDiscoverer", "Konnaxion.Ops.Core.Tests")]
    public sealed class ComposeReferenceFactAttribute : EngineFactAttribute
    {
        public ComposeReferenceFactAttribute()
            : base(ComposeReference.Problem)
        {
        }
    }

    /// <summary>Where the corpus is and how compose v2 reads a file of it, probed once.</summary>
    public static class ComposeReference
    {
        private static readonly Lazy<string?> Probe = new Lazy<string?>(FindProblem, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>Why the conformance test cannot run here, or null when it can.</summary>
        public static string? Problem => Probe.Value;

        /// <summary>&lt;repo root&gt;/../shared/compose-corpus, the root being the folder of Konnaxion.Ops.sln.</summary>
        public static string CorpusFolder
        {
            get
            {
                for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
                {
                    if (File.Exists(Path.Combine(folder.FullName, "Konnaxion.Ops.sln")))
                    {
                        return Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "compose-corpus"));
                    }
                }

                return Path.GetFullPath(Path.Combine("..", "shared", "compose-corpus"));
            }
        }

        /// <summary>
        /// Runs <c>docker compose -f FILE ARGS</c> from the file's folder, as compose reads it there. The output may
        /// carry secrets (env_file contents): callers compare it, never print it.
        /// </summary>
        public static (int ExitCode, string Output, string Error) Run(string composeFile, params string[] arguments)
        {
            var info = new ProcessStartInfo("docker")
            {
                WorkingDirectory = Path.GetDirectoryName(composeFile)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "compose", "-f", Path.GetFileName(composeFile) }.Concat(arguments))
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                return (-1, string.Empty, "timed out");
            }

            return (process.ExitCode, output, error.Result);
        }

        private static string? FindProblem()
        {
            if (!Directory.Exists(CorpusFolder))
            {
                return $"The compose corpus is not at {CorpusFolder}";
            }

            try
            {
                var info = new ProcessStartInfo("docker", "compose version --short") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                using var process = Process.Start(info)!;
                var version = process.StandardOutput.ReadToEnd().Trim();
                process.WaitForExit();
                return process.ExitCode == 0 && version.TrimStart('v').StartsWith("2.", StringComparison.Ordinal)
                    ? null
                    : $"docker compose v2 is not installed (docker compose version said '{version}')";
            }
            catch (Exception ex)
            {
                return $"docker compose v2 cannot be run ({ex.Message})";
            }
        }
    }
}
