using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;

namespace Konnaxion.Ops.Swarm
{
    /// <summary>
    /// The tag a Swarm deploy gives the images it builds: the one asked for, else the project folder's git commit, so
    /// that every deploy names the code it runs and a node pulls exactly that.
    /// </summary>
    internal static class ImageTag
    {
        /// <summary>What marks a tag built from a tree with changes no commit holds.</summary>
        public const string DirtySuffix = "-dirty";

        /// <summary>
        /// <paramref name="requested"/> when given; else <c>git rev-parse --short=12 HEAD</c> of <paramref name="directory"/>,
        /// with <see cref="DirtySuffix"/> when <c>git status --porcelain</c> lists anything. ImageTagRequired when neither.
        /// </summary>
        public static string Resolve(string? requested, string directory, IProcessRunner runner, CancellationToken cancellationToken)
        {
            if (!string.IsNullOrEmpty(requested))
            {
                return requested!;
            }

            var commit = Git(new[] { "rev-parse", "--short=12", "HEAD" }, directory, runner, cancellationToken);
            var changes = commit == null ? null : Git(new[] { "status", "--porcelain" }, directory, runner, cancellationToken);
            if (commit == null || commit.Length == 0 || changes == null)
            {
                throw new KxException(KxErrorIds.ImageTagRequired, KxErrorCategory.InvalidArgument, directory,
                    $"A Swarm deploy tags the images it builds, and '{directory}' is not in a git repository with a commit (or git is not installed) to take the tag from.",
                    "Pass the tag: -Tag 2024-06-01.1 (or KxProjectOptions.ImageTag), or commit the project to git.");
            }

            return changes.Length == 0 ? commit : commit + DirtySuffix;
        }

        /// <summary>git's standard output, trimmed; null when git is missing or fails.</summary>
        private static string? Git(IReadOnlyList<string> arguments, string directory, IProcessRunner runner, CancellationToken cancellationToken)
        {
            var output = new StringBuilder();
            var spec = new ProcessSpec("git", new[] { "-C", directory }.Concat(arguments).ToList(), workingDirectory: directory);
            try
            {
                var exitCode = runner.Run(spec, line =>
                {
                    if (line.Stream == ProcessStream.StandardOutput)
                    {
                        output.AppendLine(line.Text);
                    }
                }, cancellationToken);
                return exitCode == 0 ? output.ToString().Trim() : null;
            }
            catch (ExecutableNotFoundException)
            {
                return null;
            }
        }
    }
}
