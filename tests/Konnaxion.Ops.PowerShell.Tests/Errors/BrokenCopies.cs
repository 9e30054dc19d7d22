using System;
using System.IO;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Errors
{
    /// <summary>
    /// Copies of the sample's files in a temporary folder, each broken one way, for the errors that need no engine: a
    /// sound copy (Good), one whose compose file is not YAML (InvalidCompose), one missing an env file (MissingEnvFile),
    /// and a folder with no compose file at all (NoCompose). Nothing here is ever started.
    /// </summary>
    public sealed class BrokenCopies : IDisposable
    {
        public BrokenCopies()
        {
            Root = Path.Combine(Path.GetTempPath(), "kxtest-errors-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Good = CopyOfSample("good");
            InvalidCompose = CopyOfSample("invalid-compose");
            File.WriteAllText(InvalidComposeFile, "services:\n  django: [unclosed\n");
            MissingEnvFile = CopyOfSample("missing-env-file");
            File.Delete(MissingEnvFilePath);
            NoCompose = Directory.CreateDirectory(Path.Combine(Root, "no-compose")).FullName;
        }

        public string Root { get; }

        /// <summary>A sound copy's repository root (the compose files are in backend/).</summary>
        public string Good { get; }

        public string InvalidCompose { get; }

        public string InvalidComposeFile => Path.Combine(InvalidCompose, "backend", "docker-compose.local.yml");

        public string MissingEnvFile { get; }

        public string MissingEnvFilePath => Path.Combine(MissingEnvFile, "backend", ".envs", ".local", ".postgres");

        public string NoCompose { get; }

        public void Dispose() => Directory.Delete(Root, recursive: true);

        private string CopyOfSample(string name)
        {
            var source = Path.Combine(ModuleSession.RepositoryRoot, "examples", "konnaxion", "backend");
            var target = Path.Combine(Root, name, "backend");
            foreach (var directory in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
            {
                Directory.CreateDirectory(directory.Replace(source, target, StringComparison.Ordinal));
            }

            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                File.Copy(file, file.Replace(source, target, StringComparison.Ordinal));
            }

            // A project name of our own, so that nothing of another copy is ever looked at.
            File.WriteAllText(Path.Combine(target, ".env"), $"COMPOSE_PROJECT_NAME=kxtest-errors-{name}\n");
            return Path.Combine(Root, name);
        }
    }
}
