using System;
using System.Globalization;
using System.Text;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Engine
{
    /// <summary>How the engine is reached.</summary>
    public enum DockerEndpointScheme
    {
        /// <summary>A Unix domain socket: unix:///var/run/docker.sock.</summary>
        Unix,

        /// <summary>A Windows named pipe: npipe:////./pipe/docker_engine.</summary>
        NamedPipe,

        /// <summary>Plain HTTP over TCP: tcp://host:2375.</summary>
        Tcp,

        /// <summary>`docker system dial-stdio` on a remote host, run through the ssh client: ssh://user@host:22.</summary>
        Ssh,
    }

    /// <summary>Where the endpoint came from, so errors can tell the user what to change.</summary>
    public enum DockerEndpointSource
    {
        /// <summary>Given explicitly by the caller.</summary>
        Parameter,

        /// <summary>The DOCKER_HOST environment variable.</summary>
        DockerHost,

        /// <summary>A docker CLI context (see <see cref="DockerEndpoint.ContextName"/>).</summary>
        Context,

        /// <summary>The platform's default socket or pipe.</summary>
        Default,
    }

    /// <summary>
    /// A parsed Docker engine address. Equal when every part is equal; <see cref="ToString"/> gives the canonical
    /// URL, which never carries a password because the parser refuses URLs that contain one.
    /// </summary>
    public sealed class DockerEndpoint : IEquatable<DockerEndpoint>
    {
        /// <summary>The port `dockerd -H tcp://host` listens on without TLS.</summary>
        public const int DefaultTcpPort = 2375;

        // sun_path is 108 bytes on Linux including the terminating NUL.
        private const int MaxUnixSocketPathBytes = 107;

        private const string SupportedForms =
            "unix:///path/to/docker.sock, npipe:////./pipe/name, tcp://host:port or ssh://user@host[:port]";

        private DockerEndpoint(DockerEndpointScheme scheme, string? socketPath, string? pipeServer, string? pipeName,
            string? host, int? port, string? user, DockerEndpointSource source, string? contextName)
        {
            Scheme = scheme;
            SocketPath = socketPath;
            PipeServer = pipeServer;
            PipeName = pipeName;
            Host = host;
            Port = port;
            User = user;
            Source = source;
            ContextName = contextName;
        }

        public DockerEndpointScheme Scheme { get; }

        /// <summary>The socket file of a <see cref="DockerEndpointScheme.Unix"/> endpoint.</summary>
        public string? SocketPath { get; }

        /// <summary>The server of a named pipe: "." for this machine.</summary>
        public string? PipeServer { get; }

        /// <summary>The pipe name without the \\.\pipe\ prefix, for example docker_engine.</summary>
        public string? PipeName { get; }

        /// <summary>The host name or IP address (IPv6 without brackets) of a TCP or SSH endpoint.</summary>
        public string? Host { get; }

        /// <summary>The TCP port; for SSH null means whatever the ssh client would use.</summary>
        public int? Port { get; }

        /// <summary>The SSH login name, or null to let the ssh client decide.</summary>
        public string? User { get; }

        public DockerEndpointSource Source { get; }

        /// <summary>The docker context the endpoint was read from, when <see cref="Source"/> is Context.</summary>
        public string? ContextName { get; }

        /// <summary>The canonical URL, for example unix:///var/run/docker.sock.</summary>
        public string Url
        {
            get
            {
                switch (Scheme)
                {
                    case DockerEndpointScheme.Unix:
                        return "unix://" + SocketPath;
                    case DockerEndpointScheme.NamedPipe:
                        return "npipe:////" + PipeServer + "/pipe/" + PipeName;
                    case DockerEndpointScheme.Tcp:
                        return "tcp://" + FormatHost(Host!) + ":" + Port!.Value.ToString(CultureInfo.InvariantCulture);
                    default:
                        return "ssh://" + (User != null ? User + "@" : string.Empty) + FormatHost(Host!)
                            + (Port.HasValue ? ":" + Port.Value.ToString(CultureInfo.InvariantCulture) : string.Empty);
                }
            }
        }

        /// <summary>The URL, plus where it came from when that helps the user find it.</summary>
        public string Description
        {
            get
            {
                switch (Source)
                {
                    case DockerEndpointSource.DockerHost:
                        return Url + " (from DOCKER_HOST)";
                    case DockerEndpointSource.Context:
                        return Url + " (docker context \"" + ContextName + "\")";
                    default:
                        return Url;
                }
            }
        }

        public override string ToString() => Url;

        /// <summary>
        /// Parses unix:///path, npipe:////./pipe/name (or npipe:///./pipe/name), tcp://host[:port] and
        /// ssh://[user@]host[:port]. As with the docker CLI, host:port without a scheme means tcp.
        /// </summary>
        /// <exception cref="KxException">DockerHostInvalid when the value is none of those forms.</exception>
        public static DockerEndpoint Parse(string value, DockerEndpointSource source = DockerEndpointSource.Parameter, string? contextName = null)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            var text = value.Trim();
            if (text.Length == 0)
            {
                throw Invalid(value, source, "it is empty");
            }

            var separator = text.IndexOf("://", StringComparison.Ordinal);
            if (separator < 0)
            {
                if (text.IndexOfAny(new[] { '/', '\\' }) >= 0)
                {
                    throw Invalid(value, source, "it has no scheme (a socket is written unix:///path)");
                }

                // The docker CLI reads a bare host:port as TCP, so DOCKER_HOST=localhost:2375 works for it.
                return ParseNetwork(DockerEndpointScheme.Tcp, value, text, source, contextName);
            }

            var scheme = text.Substring(0, separator).ToLowerInvariant();
            var rest = text.Substring(separator + 3);
            switch (scheme)
            {
                case "unix":
                    return ParseUnix(value, rest, source, contextName);
                case "npipe":
                    return ParseNamedPipe(value, rest, source, contextName);
                case "tcp":
                    return ParseNetwork(DockerEndpointScheme.Tcp, value, rest, source, contextName);
                case "ssh":
                    return ParseNetwork(DockerEndpointScheme.Ssh, value, rest, source, contextName);
                case "http":
                case "https":
                    throw Invalid(value, source, $"the scheme is {scheme}:// (write tcp://host:port; TLS is not supported)");
                default:
                    throw Invalid(value, source, $"the scheme {scheme}:// is not supported");
            }
        }

        public bool Equals(DockerEndpoint? other) =>
            other != null
            && Scheme == other.Scheme
            && SocketPath == other.SocketPath
            && string.Equals(PipeServer, other.PipeServer, StringComparison.OrdinalIgnoreCase)
            && string.Equals(PipeName, other.PipeName, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase)
            && Port == other.Port
            && User == other.User
            && Source == other.Source
            && ContextName == other.ContextName;

        public override bool Equals(object? obj) => Equals(obj as DockerEndpoint);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Url) ^ (int)Source;

        private static DockerEndpoint ParseUnix(string value, string path, DockerEndpointSource source, string? contextName)
        {
            if (path.Length == 0)
            {
                throw Invalid(value, source, "it names no socket file");
            }

            if (Encoding.UTF8.GetByteCount(path) > MaxUnixSocketPathBytes)
            {
                throw Invalid(value, source, $"a socket path may be at most {MaxUnixSocketPathBytes} bytes long");
            }

            return new DockerEndpoint(DockerEndpointScheme.Unix, path, null, null, null, null, null, source, contextName);
        }

        private static DockerEndpoint ParseNamedPipe(string value, string path, DockerEndpointSource source, string? contextName)
        {
            // Both //./pipe/name (the docker default) and /./pipe/name are in use; backslashes appear in hand-written values.
            var parts = path.Replace('\\', '/').TrimStart('/').Split(new[] { '/' }, 3);
            if (parts.Length != 3 || parts[0].Length == 0 || !string.Equals(parts[1], "pipe", StringComparison.OrdinalIgnoreCase) || parts[2].Length == 0)
            {
                throw Invalid(value, source, "a named pipe is written npipe:////./pipe/name");
            }

            return new DockerEndpoint(DockerEndpointScheme.NamedPipe, null, parts[0], parts[2], null, null, null, source, contextName);
        }

        private static DockerEndpoint ParseNetwork(DockerEndpointScheme scheme, string value, string authorityAndPath, DockerEndpointSource source, string? contextName)
        {
            var authority = authorityAndPath;
            var slash = authority.IndexOf('/');
            if (slash >= 0)
            {
                if (authority.Length > slash + 1)
                {
                    throw Invalid(value, source, "a path after the host is not supported");
                }

                authority = authority.Substring(0, slash);
            }

            if (authority.IndexOfAny(new[] { '?', '#' }) >= 0)
            {
                throw Invalid(value, source, "a query or fragment is not supported");
            }

            string? user = null;
            var at = authority.LastIndexOf('@');
            if (at >= 0)
            {
                user = authority.Substring(0, at);
                authority = authority.Substring(at + 1);
                if (scheme != DockerEndpointScheme.Ssh)
                {
                    throw Invalid(value, source, "a user name is only meaningful in ssh:// URLs");
                }

                if (user.IndexOf(':') >= 0)
                {
                    throw Invalid(value, source, "it contains a password; use a key or ssh-agent instead");
                }

                if (user.Length == 0)
                {
                    throw Invalid(value, source, "the user name before @ is empty");
                }
            }

            var (host, portText) = SplitHostPort(value, authority, source);
            if (host.Length == 0)
            {
                throw Invalid(value, source, "it names no host");
            }

            int? port = null;
            if (portText != null)
            {
                if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > 65535)
                {
                    throw Invalid(value, source, $"'{portText}' is not a port number");
                }

                port = number;
            }
            else if (scheme == DockerEndpointScheme.Tcp)
            {
                port = DefaultTcpPort;
            }

            return new DockerEndpoint(scheme, null, null, null, host, port, user, source, contextName);
        }

        private static (string Host, string? Port) SplitHostPort(string value, string authority, DockerEndpointSource source)
        {
            if (authority.StartsWith("[", StringComparison.Ordinal))
            {
                var close = authority.IndexOf(']');
                if (close < 0)
                {
                    throw Invalid(value, source, "an IPv6 address is missing its closing ]");
                }

                var host = authority.Substring(1, close - 1);
                var after = authority.Substring(close + 1);
                if (after.Length == 0)
                {
                    return (host, null);
                }

                if (after[0] != ':')
                {
                    throw Invalid(value, source, "only :port may follow an IPv6 address");
                }

                return (host, after.Substring(1));
            }

            var colon = authority.IndexOf(':');
            if (colon < 0)
            {
                return (authority, null);
            }

            if (authority.IndexOf(':', colon + 1) >= 0)
            {
                throw Invalid(value, source, "an IPv6 address must be written in brackets, as [::1]:2375");
            }

            return (authority.Substring(0, colon), authority.Substring(colon + 1));
        }

        private static string FormatHost(string host) => host.IndexOf(':') >= 0 ? "[" + host + "]" : host;

        private static KxException Invalid(string value, DockerEndpointSource source, string reason)
        {
            var origin = source == DockerEndpointSource.DockerHost ? "DOCKER_HOST " : string.Empty;
            var shown = Redact(value);
            var action = source == DockerEndpointSource.DockerHost
                ? $"Set DOCKER_HOST to one of {SupportedForms}, or remove it to use the default."
                : $"Use one of {SupportedForms}.";
            return new KxException(KxErrorIds.DockerHostInvalid, KxErrorCategory.InvalidArgument, shown,
                $"The Docker {origin}address '{shown}' is not valid: {reason}. {action}", action);
        }

        // A user:password@ part is replaced so that an error never echoes a password.
        private static string Redact(string value)
        {
            var at = value.LastIndexOf('@');
            var start = value.IndexOf("://", StringComparison.Ordinal);
            start = start < 0 ? 0 : start + 3;
            if (at > start && value.IndexOf(':', start, at - start) >= 0)
            {
                var colon = value.IndexOf(':', start, at - start);
                return value.Substring(0, colon) + ":***" + value.Substring(at);
            }

            return value;
        }
    }
}
