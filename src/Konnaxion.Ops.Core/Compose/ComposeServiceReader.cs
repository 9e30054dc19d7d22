using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Yaml;

namespace Konnaxion.Ops.Compose
{
    /// <summary>
    /// Reads the services of one compose file into <see cref="ComposeServiceDefinition"/>s: each field the module
    /// uses, interpolated, with relative paths resolved from the file's project folder, and refused in the words of
    /// the file, the service and the field when compose would refuse it.
    /// </summary>
    internal sealed class ComposeServiceReader
    {
        private const string ResetTag = "!reset";
        private const string OverrideTag = "!override";

        private readonly string _path;
        private readonly string _directory;
        private readonly string _text;
        private readonly Func<string, string?> _lookup;
        private readonly bool _mayHaveTags;
        private List<int>? _lineStarts;

        /// <param name="path">The file.</param>
        /// <param name="directory">The folder its relative paths start from.</param>
        /// <param name="text">Its text, where the tags are read (see <see cref="TagOf"/>).</param>
        /// <param name="lookup">Its variables.</param>
        public ComposeServiceReader(string path, string directory, string text, Func<string, string?> lookup)
        {
            _path = path;
            _directory = directory;
            _text = text;
            _lookup = lookup;
            _mayHaveTags = text.IndexOf(ResetTag, StringComparison.Ordinal) >= 0 || text.IndexOf(OverrideTag, StringComparison.Ordinal) >= 0;
        }

        /// <summary>The file, for messages.</summary>
        public string FilePath => _path;

        public string? Scalar(YamlNode node, string what)
        {
            if (node is YamlScalar scalar)
            {
                return scalar.IsNull ? null : ComposeInterpolation.Interpolate(scalar.Value, _lookup, $"{what} (line {node.Line}) in '{_path}'");
            }

            throw Invalid($"has a {DescribeKind(node)} where {what} (line {node.Line}) should be a single value");
        }

        /// <summary>A path as compose resolves it: from the project folder, with ~ for the home folder.</summary>
        public string ResolveHostPath(string path)
        {
            // Like compose, a Windows absolute path (C:\ or C:/) stays as written on every OS: on Linux it is not
            // rooted, and combining it with the project folder would invent a path that exists nowhere.
            if (!Path.IsPathRooted(path) && path.Length >= 3 && char.IsLetter(path[0]) && path[1] == ':' && (path[2] == '\\' || path[2] == '/'))
            {
                return path;
            }

            if (path.StartsWith("~", StringComparison.Ordinal))
            {
                var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                path = home + path.Substring(1);
            }

            // Compose cleans the path: "backend/" is the folder backend.
            var full = Path.GetFullPath(Path.Combine(_directory, path));
            return full.Length > Path.GetPathRoot(full)!.Length ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
        }

        public ComposeServiceDefinition Service(string name, YamlNode node)
        {
            if (!(node is YamlMapping mapping))
            {
                throw Invalid($"defines service '{name}' as a {DescribeKind(node)}, not a mapping");
            }

            var service = new ComposeServiceDefinition(name, _path) { Source = new ComposeYamlSource(mapping, this) };
            foreach (var entry in mapping.Entries)
            {
                var field = entry.Key;
                var value = entry.Value;
                var location = $"services.{name}.{field}";
                var tag = TagOf(value);
                if (tag == ResetTag)
                {
                    service.ResetFields.Add(field);
                    continue;
                }

                if (tag == OverrideTag)
                {
                    service.OverriddenFields.Add(field);
                }

                switch (field)
                {
                    case "image":
                        service.Image = Scalar(value, location);
                        break;
                    case "container_name":
                        service.ContainerName = Scalar(value, location);
                        break;
                    case "working_dir":
                        service.WorkingDir = Scalar(value, location);
                        break;
                    case "build":
                        service.Build = Build(value, location);
                        break;
                    case "env_file":
                        service.EnvFiles = EnvFiles(value, location);
                        break;
                    case "depends_on":
                        service.Dependencies = Dependencies(value, location);
                        break;
                    case "healthcheck":
                        service.HealthCheck = HealthCheck(value, location);
                        break;
                    case "ports":
                        service.Ports = ComposeServiceDefinition.Union(Array.Empty<ComposePort>(), List(value, location).SelectMany(p => Ports(p, location)), p => p);
                        break;
                    case "volumes":
                        service.Volumes = List(value, location).Select(v => Volume(v, location)).ToList();
                        break;
                    case "profiles":
                        service.Profiles = ComposeServiceDefinition.Union(Array.Empty<string>(), List(value, location).Select(p => Required(p, location)), p => p);
                        break;
                    case "extends":
                        service.Extends = Extends(value, location);
                        break;
                }
            }

            return service;
        }

        public KxException Invalid(string problem) => ComposeFileParser.Invalid(_path, problem);

        private BuildDefinition Build(YamlNode node, string location)
        {
            if (node is YamlMapping mapping)
            {
                var fields = mapping.Entries;
                var context = fields.TryGetValue("context", out var contextNode) ? Scalar(contextNode, location + ".context") : null;
                var dockerfile = fields.TryGetValue("dockerfile", out var dockerfileNode) ? Scalar(dockerfileNode, location + ".dockerfile") : null;
                return new BuildDefinition(context == null ? null : ResolveContext(context), dockerfile, _directory);
            }

            return new BuildDefinition(ResolveContext(Required(node, location)), null, _directory);
        }

        /// <summary>A build context is a folder, or a URL compose passes on as it is (a git repository, a tarball).</summary>
        private string ResolveContext(string context) =>
            context.IndexOf("://", StringComparison.Ordinal) >= 0 || context.StartsWith("git@", StringComparison.Ordinal) || context.StartsWith("github.com/", StringComparison.Ordinal)
                ? context
                : ResolveHostPath(context);

        private IReadOnlyList<ComposeEnvFile> EnvFiles(YamlNode node, string location)
        {
            var items = node is YamlSequence sequence ? sequence.Items : new[] { node };
            var envFiles = items.Select(item =>
            {
                if (item is YamlMapping longForm)
                {
                    var fields = longForm.Entries;
                    if (!fields.TryGetValue("path", out var pathNode))
                    {
                        throw Invalid($"has an entry of {location} (line {item.Line}) without a path");
                    }

                    var required = !fields.TryGetValue("required", out var requiredNode) || Bool(requiredNode, location + ".required");
                    return new ComposeEnvFile(ResolveHostPath(Required(pathNode, location + ".path")), required);
                }

                return new ComposeEnvFile(ResolveHostPath(Required(item, location)), true);
            });
            return ComposeServiceDefinition.Union(Array.Empty<ComposeEnvFile>(), envFiles, f => f.Path);
        }

        private IReadOnlyList<ComposeDependency> Dependencies(YamlNode node, string location)
        {
            if (node is YamlMapping mapping)
            {
                return mapping.Entries.Select(entry =>
                {
                    var where = $"{location}.{entry.Key}";
                    if (!(entry.Value is YamlMapping longForm))
                    {
                        throw Invalid($"has {where} (line {entry.Value.Line}) as a {DescribeKind(entry.Value)}, where compose wants a mapping (condition, required)");
                    }

                    var fields = longForm.Entries;
                    var condition = fields.TryGetValue("condition", out var conditionNode) ? Required(conditionNode, where + ".condition") : ComposeDependency.ServiceStarted;
                    if (condition != ComposeDependency.ServiceStarted && condition != "service_healthy" && condition != "service_completed_successfully")
                    {
                        throw Invalid($"has {where}.condition '{condition}'; compose knows service_started, service_healthy and service_completed_successfully");
                    }

                    var required = !fields.TryGetValue("required", out var requiredNode) || Bool(requiredNode, where + ".required");
                    return new ComposeDependency(entry.Key, condition, required);
                }).ToList();
            }

            var names = List(node, location).Select(item => new ComposeDependency(Required(item, location), ComposeDependency.ServiceStarted, true));
            return ComposeServiceDefinition.Union(Array.Empty<ComposeDependency>(), names, d => d.Service);
        }

        private HealthCheckDefinition HealthCheck(YamlNode node, string location)
        {
            if (!(node is YamlMapping mapping))
            {
                throw Invalid($"has {location} (line {node.Line}) as a {DescribeKind(node)}, where compose wants a mapping");
            }

            var fields = mapping.Entries;
            bool? disabled = fields.TryGetValue("disable", out var disable) ? Bool(disable, location + ".disable") : (bool?)null;
            bool? testIsNone = null;
            if (fields.TryGetValue("test", out var test))
            {
                var first = test is YamlSequence sequence ? sequence.Items.FirstOrDefault() : test;
                testIsNone = first != null && Scalar(first, location + ".test") == "NONE";
            }

            return new HealthCheckDefinition(disabled, testIsNone);
        }

        private IEnumerable<ComposePort> Ports(YamlNode node, string location)
        {
            if (!(node is YamlMapping longForm))
            {
                var spec = Required(node, location);
                return ComposePortSyntax.Parse(spec) ?? throw Invalid($"has {location} '{spec}' (line {node.Line}), which is not a port: [HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]");
            }

            var fields = longForm.Entries;
            string? Field(string key) => fields.TryGetValue(key, out var value) ? Scalar(value, $"{location}.{key}") : null;
            var targetText = Field("target");
            if (targetText == null || !ComposePortSyntax.TryRange(targetText, out var target, out var targetEnd) || targetEnd != target)
            {
                throw Invalid($"has an entry of {location} (line {node.Line}) without a target port (a number)");
            }

            var published = Field("published");
            return new[] { new ComposePort(Field("host_ip"), target, string.IsNullOrEmpty(published) ? null : published, Field("protocol") ?? ComposePortSyntax.DefaultProtocol) };
        }

        private ComposeVolume Volume(YamlNode node, string location)
        {
            if (node is YamlMapping longForm)
            {
                var fields = longForm.Entries;
                string? Field(string key) => fields.TryGetValue(key, out var v) ? Scalar(v, $"{location}.{key}") : null;
                var target = Field("target") ?? string.Empty;
                var source = Field("source");
                return Field("type") == "bind" && source != null
                    ? new ComposeVolume(ResolveHostPath(source), null, target)
                    : new ComposeVolume(null, source, target);
            }

            return ShortVolume(Required(node, location));
        }

        /// <summary>SOURCE:TARGET[:MODE], where SOURCE may itself hold a Windows drive colon.</summary>
        private ComposeVolume ShortVolume(string spec)
        {
            var parts = spec.Split(':').ToList();
            if (parts.Count > 2 && parts[0].Length == 1 && char.IsLetter(parts[0][0]) && (parts[1].StartsWith("\\") || parts[1].StartsWith("/")))
            {
                parts[0] = parts[0] + ":" + parts[1];
                parts.RemoveAt(1);
            }

            if (parts.Count == 1)
            {
                return new ComposeVolume(null, null, parts[0]);
            }

            var source = parts[0];
            var isPath = source.StartsWith(".") || source.StartsWith("/") || source.StartsWith("~") || source.StartsWith("\\") ||
                         (source.Length > 1 && source[1] == ':');
            return isPath ? new ComposeVolume(ResolveHostPath(source), null, parts[1]) : new ComposeVolume(null, source, parts[1]);
        }

        private ExtendsDefinition Extends(YamlNode node, string location)
        {
            if (!(node is YamlMapping mapping))
            {
                return new ExtendsDefinition(Required(node, location), null);
            }

            var fields = mapping.Entries;
            if (!fields.TryGetValue("service", out var serviceNode))
            {
                throw Invalid($"has {location} (line {node.Line}) without the service it extends");
            }

            var file = fields.TryGetValue("file", out var fileNode) ? ResolveHostPath(Required(fileNode, location + ".file")) : null;
            return new ExtendsDefinition(Required(serviceNode, location + ".service"), file);
        }

        /// <summary>The items of a list field; compose refuses any other kind of value there.</summary>
        private IReadOnlyList<YamlNode> List(YamlNode node, string location) =>
            node is YamlSequence sequence ? sequence.Items
            : throw Invalid($"has {location} (line {node.Line}) as a {DescribeKind(node)}, where compose wants a list");

        private string Required(YamlNode node, string location) =>
            Scalar(node, location) ?? throw Invalid($"has an empty value for {location} (line {node.Line})");

        /// <summary>true or false, in any case, as compose's YAML reads a boolean.</summary>
        private bool Bool(YamlNode node, string location)
        {
            var text = Scalar(node, location);
            if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            throw Invalid($"has {location} (line {node.Line}) set to '{text}', where compose wants true or false");
        }

        /// <summary>
        /// The node's tag when it is <c>!reset</c> or <c>!override</c>, else null. The node tree keeps no tags, so the
        /// tag is read from the text where the node starts: that is where its properties (tag, anchor) are written.
        /// </summary>
        private string? TagOf(YamlNode node)
        {
            if (!_mayHaveTags)
            {
                return null;
            }

            var offset = Offset(node.Line, node.Column);
            for (var property = 0; property < 2 && offset < _text.Length; property++)
            {
                var end = offset;
                while (end < _text.Length && !char.IsWhiteSpace(_text[end]) && _text[end] != ',' && _text[end] != ']' && _text[end] != '}')
                {
                    end++;
                }

                var token = _text.Substring(offset, end - offset);
                if (token == ResetTag || token == OverrideTag)
                {
                    return token;
                }

                if (!token.StartsWith("&", StringComparison.Ordinal))
                {
                    return null;
                }

                offset = end;
                while (offset < _text.Length && (_text[offset] == ' ' || _text[offset] == '\t'))
                {
                    offset++;
                }
            }

            return null;
        }

        /// <summary>The text offset of a line and column, both from 1.</summary>
        private int Offset(int line, int column)
        {
            if (_lineStarts == null)
            {
                _lineStarts = new List<int> { 0 };
                for (var i = _text.IndexOf('\n'); i >= 0; i = _text.IndexOf('\n', i + 1))
                {
                    _lineStarts.Add(i + 1);
                }
            }

            return line <= _lineStarts.Count ? _lineStarts[line - 1] + column - 1 : _text.Length;
        }

        public static string DescribeKind(YamlNode node) => node switch
        {
            YamlMapping _ => "mapping",
            YamlSequence _ => "list",
            _ => "value",
        };
    }
}
