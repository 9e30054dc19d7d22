using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Discovery;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Policy;

namespace Konnaxion.Ops.Project
{
    /// <summary>
    /// What every collaborator of a project shares: the compose file as read, the project name, the environment and its
    /// policy, the options, the secrets to mask, the engine connection and the compose commands. One caller at a time.
    /// </summary>
    internal sealed class ProjectContext : IDisposable
    {
        private readonly IReadOnlyDictionary<string, string> _dotEnv;
        private ComposeDriver? _driver;
        private SecretRedactor? _redactor;
        private IDockerEngine? _engine;
        private IDisposable? _engineRelease;

        public ProjectContext(string composeFilePath, KxEnvironment environment, KxProjectOptions options)
        {
            Options = options;
            Environment = environment;
            Policy = EnvironmentPolicy.For(environment);
            var directory = Path.GetDirectoryName(composeFilePath)!;
            var dotEnvPath = Path.Combine(directory, ".env");
            _dotEnv = File.Exists(dotEnvPath) ? DotEnvFile.Read(dotEnvPath) : new Dictionary<string, string>();
            ComposeFile = options.ComposeFileCache?.Load(composeFilePath, LookupVariable) ?? ComposeFileParser.Load(composeFilePath, LookupVariable);
            Name = ComposeProjectName.Resolve(options.ProjectName, LookupVariable(ComposeProjectName.EnvironmentVariable), ComposeFile);
            Policy.RequireOrchestrator(options.Orchestrator, ComposeFile.Path);
            Compose = new ComposeRunner(this);
        }

        public KxProjectOptions Options { get; }

        public KxEnvironment Environment { get; }

        /// <summary>Compose, or Swarm (production only, checked when the project opens): what runs the services.</summary>
        public KxOrchestrator Orchestrator => Options.Orchestrator;

        /// <summary>What the environment means for each operation: backups, makemigrations, confirmation.</summary>
        public EnvironmentPolicy Policy { get; }

        /// <summary>The compose project name, as compose itself would choose it.</summary>
        public string Name { get; }

        public ComposeFile ComposeFile { get; }

        /// <summary>The folder of the compose file, where compose runs.</summary>
        public string Directory => ComposeFile.Directory;

        public string DjangoService => Options.DjangoService;

        public string DatabaseService => Options.DatabaseService;

        /// <summary>What operations act on, in their -WhatIf text and prompts.</summary>
        public string Target => Orchestrator == KxOrchestrator.Swarm ? $"{Name} ({Environment}, Swarm stack)" : $"{Name} ({Environment})";

        /// <summary>The compose and docker commands of this project, and running them.</summary>
        public ComposeRunner Compose { get; }

        /// <summary>The compose implementation once detected; null before the first compose command.</summary>
        public ComposeDriver? Driver => _driver;

        /// <summary>
        /// Masks the secrets of every env file the compose file names (and of the project's .env) in what the module
        /// writes. Read on first use, since a missing env file is reported when a command runs, not when a project opens.
        /// </summary>
        public SecretRedactor Redactor => _redactor ??= new SecretRedactor(ReadEnvFileVariables());

        /// <summary>The compose implementation in use, detected on first use.</summary>
        public ComposeDriver GetComposeDriver(CancellationToken cancellationToken = default) =>
            _driver ??= ComposeDriver.Detect(
                ComposeDriver.ChooseFlavor(Options.Compose, System.Environment.GetEnvironmentVariable(ComposeDriver.EnvironmentVariable)),
                Options.ProcessRunner, cancellationToken);

        /// <summary>
        /// The engine client: the one given in the options, else one rented from the options' pool, else one connected
        /// to the resolved endpoint for this project alone.
        /// </summary>
        public IDockerEngine GetEngine()
        {
            if (Options.Engine != null)
            {
                return Options.Engine;
            }

            if (_engine == null)
            {
                var endpoint = DockerEndpointResolver.ForCurrentMachine().Resolve(Options.DockerHost, Options.DockerContext);
                if (Options.EnginePool != null && Options.DockerConnection == null)
                {
                    var lease = Options.EnginePool.Rent(endpoint);
                    (_engine, _engineRelease) = (lease.Engine, lease);
                }
                else
                {
                    var client = new DockerEngineClient(endpoint, Options.DockerConnection);
                    (_engine, _engineRelease) = (client, client);
                }
            }

            return _engine;
        }

        /// <summary>
        /// Compose's interpolation source: the process environment, then the project's .env file; the profiles given in
        /// the options stand for COMPOSE_PROFILES, as compose's --profile does.
        /// </summary>
        public string? LookupVariable(string name) =>
            name == ComposeFileParser.ProfilesVariable && Options.Profiles != null
                ? string.Join(",", Options.Profiles)
                : System.Environment.GetEnvironmentVariable(name) ?? (_dotEnv.TryGetValue(name, out var value) ? value : null);

        /// <summary>
        /// An operation on this project: its output masks the project's secrets whatever the operation writes, and it
        /// asks what the environment's policy says it must before it runs.
        /// </summary>
        public KxOperation<T> Operation<T>(string action, IReadOnlyList<string> commandLines, Func<IKxOutput, CancellationToken, T> invoke,
            bool highImpact = false, bool changes = true, IReadOnlyList<string>? steps = null) =>
            new KxOperation<T>(action, Target, commandLines, (output, cancellationToken) => invoke(Redactor.Wrap(output), cancellationToken),
                highImpact, Policy.Confirmation(changes, highImpact, action, Target, commandLines), steps);

        /// <summary>The named services, checked against the compose file; all of them when none are named.</summary>
        public IReadOnlyList<string> ResolveServices(IReadOnlyCollection<string>? services)
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

        public ComposeService RequireService(string name)
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
        public void EnsureEnvFiles()
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

        public string Relative(string path)
        {
            var root = Directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            return path.StartsWith(root, StringComparison.Ordinal) ? path.Substring(root.Length) : path;
        }

        private IEnumerable<KeyValuePair<string, string>> ReadEnvFileVariables() =>
            // Inactive services too: a profile switched on by the next command must not show their values.
            ComposeFile.Services.Concat(ComposeFile.InactiveServices)
                .SelectMany(service => service.EnvFiles)
                .Select(file => file.Path)
                .Distinct()
                .Where(File.Exists)
                .SelectMany(path => DotEnvFile.Read(path))
                .Concat(_dotEnv)
                .ToList();

        /// <summary>Closes the engine connection this project opened (for ssh, its ssh process), or gives the rented one back.</summary>
        public void Dispose()
        {
            _engineRelease?.Dispose();
            (_engine, _engineRelease) = (null, null);
        }
    }
}
