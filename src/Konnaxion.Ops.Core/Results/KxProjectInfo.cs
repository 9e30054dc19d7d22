using System;
using System.Collections.Generic;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Engine;

namespace Konnaxion.Ops
{
    /// <summary>Where the compose project name came from, in compose's order of precedence.</summary>
    public enum KxProjectNameSource
    {
        /// <summary>-ProjectName (KxProjectOptions.ProjectName).</summary>
        Parameter,

        /// <summary>COMPOSE_PROJECT_NAME in this process's environment.</summary>
        EnvironmentVariable,

        /// <summary>COMPOSE_PROJECT_NAME in the project's .env file.</summary>
        DotEnvFile,

        /// <summary>The compose file's top-level <c>name:</c>.</summary>
        ComposeFile,

        /// <summary>The compose file's folder name, normalised.</summary>
        Folder,
    }

    /// <summary>An env file a service of the compose file reads: whether it is there. Never its values.</summary>
    public sealed class KxEnvFileInfo
    {
        public KxEnvFileInfo(string path, bool required, bool exists, IReadOnlyList<string> services)
        {
            Path = path;
            Required = required;
            Exists = exists;
            Services = services;
        }

        public string Path { get; }

        /// <summary>Compose refuses to start without it (env_file without <c>required: false</c>).</summary>
        public bool Required { get; }

        public bool Exists { get; }

        /// <summary>The services that read it.</summary>
        public IReadOnlyList<string> Services { get; }

        public override string ToString() => Path;
    }

    /// <summary>
    /// What the module sees of a project: the files it reads, the names it chose and why, the compose and engine it
    /// would use. Nothing secret: env files by path only. A compose or engine that does not answer leaves its
    /// version null and says why in <see cref="ComposeError"/> or <see cref="EngineError"/>.
    /// </summary>
    public sealed class KxProjectInfo
    {
        public KxProjectInfo(string path, KxEnvironment environment, KxOrchestrator orchestrator, string composeFile, string projectName, KxProjectNameSource projectNameSource,
            IReadOnlyList<string> services, IReadOnlyList<string> inactiveServices, IReadOnlyList<KxEnvFileInfo> envFiles,
            ComposeFlavor composeFlavor, string? composeCommand, Version? composeVersion, string? composeError,
            string? engineEndpoint, DockerEndpointSource? engineEndpointSource, string? dockerContext, string? engineVersion, string? engineApiVersion,
            string? engineError, string ledgerPath, bool ledgerExists)
        {
            Path = path;
            Environment = environment;
            Orchestrator = orchestrator;
            ComposeFile = composeFile;
            ProjectName = projectName;
            ProjectNameSource = projectNameSource;
            Services = services;
            InactiveServices = inactiveServices;
            EnvFiles = envFiles;
            ComposeFlavor = composeFlavor;
            ComposeCommand = composeCommand;
            ComposeVersion = composeVersion;
            ComposeError = composeError;
            EngineEndpoint = engineEndpoint;
            EngineEndpointSource = engineEndpointSource;
            DockerContext = dockerContext;
            EngineVersion = engineVersion;
            EngineApiVersion = engineApiVersion;
            EngineError = engineError;
            LedgerPath = ledgerPath;
            LedgerExists = ledgerExists;
        }

        /// <summary>The project's folder (the compose file's), so that it pipes into the other cmdlets' -Path.</summary>
        public string Path { get; }

        public KxEnvironment Environment { get; }

        /// <summary>Compose, or Swarm: a stack named as the compose project, deployed from a stack file derived from the compose file.</summary>
        public KxOrchestrator Orchestrator { get; }

        public string ComposeFile { get; }

        public string ProjectName { get; }

        public KxProjectNameSource ProjectNameSource { get; }

        /// <summary>The services compose starts, in the file's order.</summary>
        public IReadOnlyList<string> Services { get; }

        /// <summary>The services of profiles that are not active.</summary>
        public IReadOnlyList<string> InactiveServices { get; }

        public IReadOnlyList<KxEnvFileInfo> EnvFiles { get; }

        /// <summary>The flavor asked for (-Compose, else KONNAXION_COMPOSE, else Auto).</summary>
        public ComposeFlavor ComposeFlavor { get; }

        /// <summary>The compose command found for it (docker compose, docker-compose); null when none answered.</summary>
        public string? ComposeCommand { get; }

        public Version? ComposeVersion { get; }

        public string? ComposeError { get; }

        /// <summary>The engine's URL; null when it could not be resolved (see <see cref="EngineError"/>).</summary>
        public string? EngineEndpoint { get; }

        /// <summary>Where the endpoint came from: -DockerHost, DOCKER_HOST, a docker context, or the platform default.</summary>
        public DockerEndpointSource? EngineEndpointSource { get; }

        /// <summary>The docker context the endpoint came from, when it came from one.</summary>
        public string? DockerContext { get; }

        /// <summary>The engine's version (GET /version); null when it did not answer.</summary>
        public string? EngineVersion { get; }

        public string? EngineApiVersion { get; }

        public string? EngineError { get; }

        /// <summary>The migration ledger (.konnaxion-ops/migrations.ledger.json beside the compose file).</summary>
        public string LedgerPath { get; }

        public bool LedgerExists { get; }

        public override string ToString() => ProjectName;
    }
}
