using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Json;

namespace Konnaxion.Ops.Engine
{
    /// <summary>
    /// Chooses the engine endpoint the way the docker CLI does: an explicit host, an explicit context, DOCKER_HOST,
    /// DOCKER_CONTEXT, the CLI's current context, then the platform default. Every input is injected so that tests
    /// never read the real machine.
    /// </summary>
    public sealed class DockerEndpointResolver
    {
        /// <summary>The context name that means "no context": DOCKER_HOST or the platform default.</summary>
        public const string DefaultContextName = "default";

        private readonly Func<string, string?> _getEnvironmentVariable;
        private readonly bool _isWindows;

        /// <param name="getEnvironmentVariable">Reads an environment variable; null when unset.</param>
        /// <param name="homeDirectory">The user's home, holding .docker unless DOCKER_CONFIG says otherwise.</param>
        /// <param name="isWindows">Whether the platform default is the docker_engine pipe rather than /var/run/docker.sock.</param>
        public DockerEndpointResolver(Func<string, string?> getEnvironmentVariable, string homeDirectory, bool isWindows)
        {
            _getEnvironmentVariable = getEnvironmentVariable ?? throw new ArgumentNullException(nameof(getEnvironmentVariable));
            _isWindows = isWindows;
            var dockerConfig = getEnvironmentVariable("DOCKER_CONFIG");
            ConfigDirectory = string.IsNullOrEmpty(dockerConfig) ? Path.Combine(homeDirectory, ".docker") : dockerConfig!;
        }

        /// <summary>The docker CLI configuration folder: $DOCKER_CONFIG, else ~/.docker.</summary>
        public string ConfigDirectory { get; }

        /// <summary>A resolver over this process's environment and user.</summary>
        public static DockerEndpointResolver ForCurrentMachine()
        {
            var isWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            var home = Environment.GetEnvironmentVariable(isWindows ? "USERPROFILE" : "HOME");
            if (string.IsNullOrEmpty(home))
            {
                home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }

            return new DockerEndpointResolver(Environment.GetEnvironmentVariable, home!, isWindows);
        }

        /// <summary>unix:///var/run/docker.sock, or npipe:////./pipe/docker_engine on Windows.</summary>
        public static DockerEndpoint PlatformDefault(bool isWindows) =>
            DockerEndpoint.Parse(isWindows ? "npipe:////./pipe/docker_engine" : "unix:///var/run/docker.sock", DockerEndpointSource.Default);

        /// <param name="host">An explicit engine URL (like `docker -H`); wins over everything.</param>
        /// <param name="context">An explicit docker context name (like `docker --context`); wins over the environment.</param>
        /// <exception cref="KxException">DockerHostInvalid or DockerContextNotFound.</exception>
        public DockerEndpoint Resolve(string? host = null, string? context = null)
        {
            if (!string.IsNullOrWhiteSpace(host))
            {
                return RefuseTls(DockerEndpoint.Parse(host!, DockerEndpointSource.Parameter));
            }

            if (!string.IsNullOrWhiteSpace(context))
            {
                return FromContext(context!.Trim(), "was given as a parameter");
            }

            var dockerHost = _getEnvironmentVariable("DOCKER_HOST");
            if (!string.IsNullOrWhiteSpace(dockerHost))
            {
                return RefuseTls(DockerEndpoint.Parse(dockerHost!, DockerEndpointSource.DockerHost));
            }

            var dockerContext = _getEnvironmentVariable("DOCKER_CONTEXT");
            if (!string.IsNullOrWhiteSpace(dockerContext))
            {
                return FromContext(dockerContext!.Trim(), "is named by DOCKER_CONTEXT");
            }

            var current = ReadCurrentContext();
            if (current != null)
            {
                return FromContext(current, "is the current context in " + ConfigFilePath);
            }

            return PlatformDefault(_isWindows);
        }

        private string ConfigFilePath => Path.Combine(ConfigDirectory, "config.json");

        private DockerEndpoint FromContext(string name, string origin)
        {
            if (string.Equals(name, DefaultContextName, StringComparison.Ordinal))
            {
                // The default context is whatever DOCKER_HOST or the platform says.
                var dockerHost = _getEnvironmentVariable("DOCKER_HOST");
                return string.IsNullOrWhiteSpace(dockerHost)
                    ? PlatformDefault(_isWindows)
                    : RefuseTls(DockerEndpoint.Parse(dockerHost!, DockerEndpointSource.DockerHost));
            }

            var hash = ContextDirectoryName(name);
            var metaFile = Path.Combine(ConfigDirectory, "contexts", "meta", hash, "meta.json");
            if (!File.Exists(metaFile))
            {
                throw new KxException(KxErrorIds.DockerContextNotFound, KxErrorCategory.ObjectNotFound, name,
                    $"The docker context '{name}' (which {origin}) does not exist under {ConfigDirectory}. Run `docker context ls` to list the contexts.",
                    "Run `docker context ls`, then `docker context use NAME` or set DOCKER_CONTEXT to an existing context.");
            }

            var meta = ReadJsonObject(metaFile);
            var docker = meta.GetObject("Endpoints")?.GetObject("docker");
            var host = docker?.GetString("Host");
            if (string.IsNullOrWhiteSpace(host))
            {
                throw new KxException(KxErrorIds.DockerHostInvalid, KxErrorCategory.InvalidData, name,
                    $"The docker context '{name}' has no docker endpoint (Endpoints.docker.Host in {metaFile}).",
                    $"Recreate it with `docker context create {name} --docker host=...`.");
            }

            var endpoint = DockerEndpoint.Parse(host!, DockerEndpointSource.Context, name);
            var tlsFolder = Path.Combine(ConfigDirectory, "contexts", "tls", hash, "docker");
            if (endpoint.Scheme == DockerEndpointScheme.Tcp && Directory.Exists(tlsFolder))
            {
                throw TlsUnsupported(endpoint, $"the docker context '{name}' has TLS material in {tlsFolder}");
            }

            return endpoint;
        }

        private string? ReadCurrentContext()
        {
            if (!File.Exists(ConfigFilePath))
            {
                return null;
            }

            var current = ReadJsonObject(ConfigFilePath).GetString("currentContext");
            return string.IsNullOrWhiteSpace(current) ? null : current!.Trim();
        }

        private DockerEndpoint RefuseTls(DockerEndpoint endpoint)
        {
            if (endpoint.Scheme == DockerEndpointScheme.Tcp && !string.IsNullOrEmpty(_getEnvironmentVariable("DOCKER_TLS_VERIFY")))
            {
                throw TlsUnsupported(endpoint, "DOCKER_TLS_VERIFY is set");
            }

            return endpoint;
        }

        private static KxException TlsUnsupported(DockerEndpoint endpoint, string reason)
        {
            const string action = "Use an ssh:// endpoint or the local socket instead, or unset DOCKER_TLS_VERIFY if the engine listens without TLS.";
            return new KxException(KxErrorIds.DockerHostInvalid, KxErrorCategory.InvalidArgument, endpoint.Url,
                $"The Docker endpoint {endpoint.Description} needs TLS ({reason}), but Konnaxion.Ops speaks only plain HTTP to tcp:// endpoints. {action}",
                action);
        }

        /// <summary>The docker CLI stores a context's files under the SHA-256 of its name, in lower-case hex.</summary>
        internal static string ContextDirectoryName(string contextName)
        {
            using var sha = SHA256.Create();
            var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(contextName));
            var hex = new StringBuilder(digest.Length * 2);
            foreach (var b in digest)
            {
                hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }

            return hex.ToString();
        }

        private static IReadOnlyDictionary<string, object?> ReadJsonObject(string path)
        {
            try
            {
                return JsonParser.Parse(File.ReadAllText(path, Encoding.UTF8)) as Dictionary<string, object?>
                    ?? throw new JsonParseException("Expected a JSON object", 0);
            }
            catch (Exception ex) when (ex is JsonParseException || ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new KxException(KxErrorIds.DockerHostInvalid, KxErrorCategory.InvalidData, path,
                    $"Cannot read the docker CLI file {path}: {ex.Message} Fix or remove it, or set DOCKER_HOST.",
                    "Fix or remove the file, or set DOCKER_HOST.", ex);
            }
        }
    }
}
