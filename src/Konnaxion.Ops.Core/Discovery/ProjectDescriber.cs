using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Json;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Project;

namespace Konnaxion.Ops.Discovery
{
    /// <summary>What the module sees of a project, for Get-KxProject: nothing in it may fail the whole object.</summary>
    internal sealed class ProjectDescriber
    {
        private readonly ProjectContext _project;

        public ProjectDescriber(ProjectContext project) => _project = project;

        /// <summary>
        /// What the module sees of this project, for when something looks wrong. Changes nothing. A compose or an
        /// engine that does not answer does not fail it: the object says so, and <paramref name="output"/> gets a warning.
        /// </summary>
        public KxProjectInfo Describe(IKxOutput? output, CancellationToken cancellationToken)
        {
            output ??= NullOutput.Instance;
            var envFiles = _project.ComposeFile.Services
                .SelectMany(service => service.EnvFiles.Select(file => (Service: service.Name, File: file)))
                .GroupBy(use => use.File.Path, StringComparer.Ordinal)
                .Select(uses => new KxEnvFileInfo(uses.Key, uses.Any(use => use.File.Required), File.Exists(uses.Key), uses.Select(use => use.Service).Distinct().ToList()))
                .ToList();
            var flavor = ComposeDriver.ChooseFlavor(_project.Options.Compose, System.Environment.GetEnvironmentVariable(ComposeDriver.EnvironmentVariable));
            var (compose, composeError) = Attempt(() => _project.GetComposeDriver(cancellationToken), "compose", output);
            var (endpoint, endpointError) = Attempt(() => DockerEndpointResolver.ForCurrentMachine().Resolve(_project.Options.DockerHost, _project.Options.DockerContext), "the Docker engine", output);
            var (version, versionError) = endpoint == null ? default : Attempt(() => ReadEngineVersion(cancellationToken), "the Docker engine", output);
            var ledger = MigrationLedger.Load(_project.Directory).Path;
            return new KxProjectInfo(_project.Directory, _project.Environment, _project.Orchestrator, _project.ComposeFile.Path, _project.Name, ProjectNameSource(),
                _project.ComposeFile.Services.Select(s => s.Name).ToList(), _project.ComposeFile.InactiveServices.Select(s => s.Name).ToList(), envFiles,
                flavor, compose == null ? null : string.Join(" ", new[] { compose.Executable }.Concat(compose.PrefixArguments)), compose?.Version, composeError,
                endpoint?.Url, endpoint?.Source, endpoint?.ContextName, version.Version, version.ApiVersion, endpointError ?? versionError,
                ledger, File.Exists(ledger));
        }

        /// <summary>The precedence <see cref="ComposeProjectName.Resolve"/> applies, told apart by where the name was found.</summary>
        private KxProjectNameSource ProjectNameSource()
        {
            if (!string.IsNullOrEmpty(_project.Options.ProjectName))
            {
                return KxProjectNameSource.Parameter;
            }

            if (!string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(ComposeProjectName.EnvironmentVariable)))
            {
                return KxProjectNameSource.EnvironmentVariable;
            }

            if (!string.IsNullOrEmpty(_project.LookupVariable(ComposeProjectName.EnvironmentVariable)))
            {
                return KxProjectNameSource.DotEnvFile;
            }

            return string.IsNullOrEmpty(_project.ComposeFile.Name) ? KxProjectNameSource.Folder : KxProjectNameSource.ComposeFile;
        }

        /// <summary>
        /// The engine's own version from GET /version, which every engine answers unversioned. An engine client given
        /// in the options is only pinged: the version is read over this module's own connection.
        /// </summary>
        private (string? Version, string? ApiVersion) ReadEngineVersion(CancellationToken cancellationToken)
        {
            var engine = _project.GetEngine();
            if (!(engine is DockerEngineClient client))
            {
                engine.Ping(cancellationToken);
                return (null, null);
            }

            var response = client.Connection.Send("GET", "/version", cancellationToken);
            var json = response.IsSuccess ? JsonParser.Parse(response.BodyText()) as Dictionary<string, object?> : null;
            if (json == null)
            {
                throw EngineErrors.Protocol(client.Endpoint, $"GET /version answered {response.StatusCode} {response.ReasonPhrase} without a JSON object.");
            }

            return (json.GetString("Version"), json.GetString("ApiVersion"));
        }

        /// <summary>A part that may fail on its own: its failure becomes a warning and the text the object shows.</summary>
        private static (T? Value, string? Error) Attempt<T>(Func<T> part, string what, IKxOutput output)
        {
            try
            {
                return (part(), null);
            }
            catch (Exception ex) when (ex is KxException || ex is JsonParseException)
            {
                output.WriteWarning($"Cannot read {what}: {ex.Message}");
                return (default, ex.Message);
            }
        }
    }
}
