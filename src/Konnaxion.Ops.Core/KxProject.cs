using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Discovery;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Policy;
using Konnaxion.Ops.Processes;

namespace Konnaxion.Ops
{
    /// <summary>
    /// A Django backend under Docker Compose: the entry point of Konnaxion.Ops for scripts and .NET code.
    /// Each operation returns the objects the matching cmdlet emits and reports progress through an <see cref="IKxOutput"/>.
    /// One caller at a time: a project is not meant to be shared between threads.
    /// </summary>
    public sealed partial class KxProject
    {
        private readonly KxProjectOptions _options;
        private readonly IReadOnlyDictionary<string, string> _dotEnv;
        private ComposeDriver? _driver;

        private KxProject(string composeFilePath, KxEnvironment environment, KxProjectOptions options)
        {
            _options = options;
            Environment = environment;
            var directory = Path.GetDirectoryName(composeFilePath)!;
            var dotEnvPath = Path.Combine(directory, ".env");
            _dotEnv = File.Exists(dotEnvPath) ? DotEnvFile.Read(dotEnvPath) : new Dictionary<string, string>();
            ComposeFile = ComposeFileParser.Load(composeFilePath, LookupVariable);
            Name = ComposeProjectName.Resolve(options.ProjectName, LookupVariable(ComposeProjectName.EnvironmentVariable), ComposeFile);
        }

        /// <summary>
        /// Opens the backend at or above <paramref name="path"/> (or in its <c>backend/</c> folder) for an environment.
        /// Reads the compose file; starts no process.
        /// </summary>
        public static KxProject Open(string path, KxEnvironment environment = KxEnvironment.Local, KxProjectOptions? options = null)
        {
            options ??= new KxProjectOptions();
            return new KxProject(ProjectLocator.Locate(path, environment, options.ComposeFile), environment, options);
        }

        public KxEnvironment Environment { get; }

        /// <summary>What the environment means for each operation: backups, makemigrations, confirmation.</summary>
        private EnvironmentPolicy Policy => EnvironmentPolicy.For(Environment);

        /// <summary>The compose project name, as compose itself would choose it.</summary>
        public string Name { get; }

        public ComposeFile ComposeFile { get; }

        /// <summary>The folder of the compose file, where compose runs.</summary>
        public string Directory => ComposeFile.Directory;

        /// <summary>The service that runs manage.py.</summary>
        public string DjangoService => _options.DjangoService;

        /// <summary>The compose implementation in use, detected on first use.</summary>
        public ComposeDriver GetComposeDriver(CancellationToken cancellationToken = default) =>
            _driver ??= ComposeDriver.Detect(
                ComposeDriver.ChooseFlavor(_options.Compose, System.Environment.GetEnvironmentVariable(ComposeDriver.EnvironmentVariable)),
                _options.ProcessRunner, cancellationToken);

        /// <summary>
        /// Compose's interpolation source: the process environment, then the project's .env file; the profiles given in
        /// the options stand for COMPOSE_PROFILES, as compose's --profile does.
        /// </summary>
        private string? LookupVariable(string name) =>
            name == ComposeFileParser.ProfilesVariable && _options.Profiles != null
                ? string.Join(",", _options.Profiles)
                : System.Environment.GetEnvironmentVariable(name) ?? (_dotEnv.TryGetValue(name, out var value) ? value : null);

        /// <summary>
        /// An operation on this project: its output masks the project's secrets whatever the operation writes, and it
        /// asks what the environment's policy says it must before it runs.
        /// </summary>
        private KxOperation<T> Operation<T>(string action, IReadOnlyList<string> commandLines, Func<IKxOutput, CancellationToken, T> invoke,
            bool highImpact = false, bool changes = true, IReadOnlyList<string>? steps = null) =>
            new KxOperation<T>(action, Target, commandLines, (output, cancellationToken) => invoke(Redactor.Wrap(output), cancellationToken),
                highImpact, Policy.Confirmation(changes, highImpact, action, Target, commandLines), steps);

        /// <summary>The named services, checked against the compose file; all of them when none are named.</summary>
        private IReadOnlyList<string> ResolveServices(IReadOnlyCollection<string>? services)
        {
            if (services == null || services.Count == 0)
            {
                return ComposeFile.Services.Select(s => s.Name).ToList();
            }

            foreach (var service in services)
            {
                RequireService(service);
            }

            return services.ToList();
        }

        private ComposeService RequireService(string name)
        {
            if (ComposeFile.FindService(name) is ComposeService service)
            {
                return service;
            }

            var inactive = ComposeFile.InactiveServices.FirstOrDefault(s => s.Name == name);
            return inactive != null
                ? throw new KxException(KxErrorIds.ServiceNotFound, KxErrorCategory.ObjectNotFound, name,
                    $"The service '{name}' of '{ComposeFile.Path}' is in the profile {string.Join(" or ", inactive.Profiles)}, which is not active.",
                    $"Activate it for compose and the module alike: -Profile {inactive.Profiles[0]}, or set COMPOSE_PROFILES={inactive.Profiles[0]} (in the environment or the project's .env).")
                : throw new KxException(KxErrorIds.ServiceNotFound, KxErrorCategory.ObjectNotFound, name,
                    $"The compose file '{ComposeFile.Path}' has no service '{name}'.",
                    $"Use one of: {string.Join(", ", ComposeFile.Services.Select(s => s.Name))}.");
        }

        /// <summary>
        /// Compose refuses to load a project whose required env files are missing; Konnaxion's <c>.envs/</c> is
        /// gitignored, so this is the usual first-run failure. Say which files, before compose does.
        /// </summary>
        private void EnsureEnvFiles()
        {
            var missing = ComposeFile.Services
                .SelectMany(s => s.EnvFiles.Where(f => f.Required && !File.Exists(f.Path)).Select(f => (Service: s.Name, f.Path)))
                .ToList();
            if (missing.Count == 0)
            {
                return;
            }

            var files = missing.Select(m => m.Path).Distinct().ToList();
            throw new KxException(KxErrorIds.EnvFileMissing, KxErrorCategory.ObjectNotFound, files.Count == 1 ? (object)files[0] : files,
                $"Missing env file{(files.Count == 1 ? string.Empty : "s")}: " +
                string.Join("; ", missing.GroupBy(m => m.Path).Select(g => $"{Relative(g.Key)} (used by {string.Join(", ", g.Select(m => m.Service))})")) + ".",
                $"Create {(files.Count == 1 ? "it" : "them")} under {Relative(Path.GetDirectoryName(files[0])!)}; the files are not in git, so copy them from a teammate or the project's example values.");
        }

        private string Relative(string path)
        {
            var root = Directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            return path.StartsWith(root, StringComparison.Ordinal) ? path.Substring(root.Length) : path;
        }
    }
}
