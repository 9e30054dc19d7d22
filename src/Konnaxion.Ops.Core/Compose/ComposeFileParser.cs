using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Konnaxion.Ops.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Konnaxion.Ops.Compose
{
    /// <summary>
    /// Reads the parts of a compose file the module uses. YAML merge keys (<c>&lt;&lt;: *django</c>) are resolved
    /// as YAML defines them (a key of the mapping itself wins over a merged one, earlier sources over later),
    /// scalars are interpolated like compose does, and the obsolete <c>version:</c> key is ignored.
    /// </summary>
    public static class ComposeFileParser
    {
        private const string MergeKey = "<<";

        /// <param name="path">The compose file.</param>
        /// <param name="lookup">Variable values for interpolation: the environment, then the project's .env file.</param>
        public static ComposeFile Load(string path, Func<string, string?> lookup)
        {
            string text;
            try
            {
                text = File.ReadAllText(path, Encoding.UTF8);
            }
            catch (IOException ex)
            {
                throw new KxException(KxErrorIds.ComposeFileNotFound, KxErrorCategory.ObjectNotFound, path,
                    $"Cannot read the compose file '{path}': {ex.Message}", "Check the path and that the file is readable.", ex);
            }

            return Parse(text, path, lookup);
        }

        public static ComposeFile Parse(string text, string path, Func<string, string?> lookup)
        {
            var stream = new YamlStream();
            var parser = new Parser(new StringReader(text));
            try
            {
                stream.Load(parser);
            }
            catch (YamlException ex)
            {
                throw Invalid(path, $"is not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}");
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet fails this way on some malformed input (an unclosed '[' followed by more lines):
                // the last event it parsed is where the file stops making sense.
                var last = parser.Current;
                throw Invalid(path, last == null ? "is not valid YAML" : $"is not valid YAML near line {last.Start.Line}, column {last.Start.Column}");
            }

            if (stream.Documents.Count == 0 || !(stream.Documents[0].RootNode is YamlMappingNode root))
            {
                throw Invalid(path, "has no top-level mapping");
            }

            var reader = new NodeReader(path, Path.GetDirectoryName(path)!, lookup);
            var top = reader.Entries(root);
            var name = top.TryGetValue("name", out var nameNode) ? reader.Scalar(nameNode, "name") : null;
            if (!top.TryGetValue("services", out var servicesNode) || !(servicesNode is YamlMappingNode servicesMapping))
            {
                throw Invalid(path, "has no 'services' mapping");
            }

            var services = reader.Entries(servicesMapping)
                .Select(entry => reader.Service(entry.Key, entry.Value))
                .ToList();
            return new ComposeFile(path, name, services);
        }

        internal static KxException Invalid(string path, string problem) =>
            new KxException(KxErrorIds.ComposeFileInvalid, KxErrorCategory.InvalidData, path,
                $"The compose file '{path}' {problem}.",
                "Fix the file; 'docker compose config' shows how compose itself reads it.");

        private sealed class NodeReader
        {
            private readonly string _path;
            private readonly string _directory;
            private readonly Func<string, string?> _lookup;

            public NodeReader(string path, string directory, Func<string, string?> lookup)
            {
                _path = path;
                _directory = directory;
                _lookup = lookup;
            }

            /// <summary>A mapping's entries in declaration order, merge keys resolved.</summary>
            public IReadOnlyDictionary<string, YamlNode> Entries(YamlMappingNode mapping)
            {
                var entries = new OrderedEntries();
                foreach (var child in mapping.Children)
                {
                    var key = ((child.Key as YamlScalarNode)?.Value) ?? string.Empty;
                    if (key != MergeKey)
                    {
                        entries.AddIfAbsent(key, child.Value);
                    }
                }

                foreach (var child in mapping.Children.Where(c => (c.Key as YamlScalarNode)?.Value == MergeKey))
                {
                    var sources = child.Value is YamlSequenceNode sequence ? sequence.Children : (IList<YamlNode>)new[] { child.Value };
                    foreach (var source in sources)
                    {
                        if (!(source is YamlMappingNode sourceMapping))
                        {
                            throw Invalid(_path, $"has a merge key at line {child.Key.Start.Line} whose value is not a mapping");
                        }

                        foreach (var merged in Entries(sourceMapping))
                        {
                            entries.AddIfAbsent(merged.Key, merged.Value);
                        }
                    }
                }

                return entries;
            }

            public string? Scalar(YamlNode node, string what)
            {
                if (node is YamlScalarNode scalar)
                {
                    return scalar.Value == null || (scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && (scalar.Value == "~" || scalar.Value == "null"))
                        ? null
                        : ComposeInterpolation.Interpolate(scalar.Value, _lookup, $"{what} (line {node.Start.Line})");
                }

                throw Invalid(_path, $"has a {DescribeKind(node)} where {what} (line {node.Start.Line}) should be a single value");
            }

            public ComposeService Service(string name, YamlNode node)
            {
                if (!(node is YamlMappingNode mapping))
                {
                    throw Invalid(_path, $"defines service '{name}' as a {DescribeKind(node)}, not a mapping");
                }

                var entries = Entries(mapping);
                string? Optional(string key) => entries.TryGetValue(key, out var value) ? Scalar(value, $"services.{name}.{key}") : null;

                return new ComposeService(
                    name,
                    Optional("image"),
                    entries.ContainsKey("build"),
                    Optional("container_name"),
                    EnvFiles(name, entries),
                    DependsOn(name, entries),
                    HasHealthCheck(entries),
                    Volumes(name, entries),
                    Optional("working_dir"));
            }

            private IReadOnlyList<ComposeEnvFile> EnvFiles(string service, IReadOnlyDictionary<string, YamlNode> entries)
            {
                if (!entries.TryGetValue("env_file", out var node))
                {
                    return Array.Empty<ComposeEnvFile>();
                }

                var items = node is YamlSequenceNode sequence ? sequence.Children : (IList<YamlNode>)new[] { node };
                return items.Select(item =>
                {
                    if (item is YamlMappingNode longForm)
                    {
                        var fields = Entries(longForm);
                        var path = fields.TryGetValue("path", out var pathNode) ? Scalar(pathNode, $"services.{service}.env_file.path") : null;
                        var required = !fields.TryGetValue("required", out var requiredNode) ||
                                       !string.Equals(Scalar(requiredNode, $"services.{service}.env_file.required"), "false", StringComparison.OrdinalIgnoreCase);
                        return new ComposeEnvFile(ResolveHostPath(path ?? string.Empty), required);
                    }

                    return new ComposeEnvFile(ResolveHostPath(Scalar(item, $"services.{service}.env_file") ?? string.Empty), true);
                }).ToList();
            }

            private IReadOnlyList<string> DependsOn(string service, IReadOnlyDictionary<string, YamlNode> entries)
            {
                if (!entries.TryGetValue("depends_on", out var node))
                {
                    return Array.Empty<string>();
                }

                return node switch
                {
                    YamlSequenceNode sequence => sequence.Children.Select(c => Scalar(c, $"services.{service}.depends_on") ?? string.Empty).ToList(),
                    YamlMappingNode mapping => Entries(mapping).Keys.ToList(),
                    _ => new[] { Scalar(node, $"services.{service}.depends_on") ?? string.Empty },
                };
            }

            private bool HasHealthCheck(IReadOnlyDictionary<string, YamlNode> entries)
            {
                if (!entries.TryGetValue("healthcheck", out var node) || !(node is YamlMappingNode mapping))
                {
                    return false;
                }

                var fields = Entries(mapping);
                if (fields.TryGetValue("disable", out var disable) && (disable as YamlScalarNode)?.Value == "true")
                {
                    return false;
                }

                return !(fields.TryGetValue("test", out var test) &&
                         ((test as YamlScalarNode)?.Value == "NONE" || ((test as YamlSequenceNode)?.Children.FirstOrDefault() as YamlScalarNode)?.Value == "NONE"));
            }

            private IReadOnlyList<ComposeVolume> Volumes(string service, IReadOnlyDictionary<string, YamlNode> entries)
            {
                if (!entries.TryGetValue("volumes", out var node) || !(node is YamlSequenceNode sequence))
                {
                    return Array.Empty<ComposeVolume>();
                }

                var volumes = new List<ComposeVolume>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlMappingNode longForm)
                    {
                        var fields = Entries(longForm);
                        string? Field(string key) => fields.TryGetValue(key, out var v) ? Scalar(v, $"services.{service}.volumes.{key}") : null;
                        var target = Field("target") ?? string.Empty;
                        var source = Field("source");
                        volumes.Add(Field("type") == "bind" && source != null
                            ? new ComposeVolume(ResolveHostPath(source), null, target)
                            : new ComposeVolume(null, source, target));
                    }
                    else
                    {
                        volumes.Add(ShortVolume(Scalar(item, $"services.{service}.volumes") ?? string.Empty));
                    }
                }

                return volumes;
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

            private string ResolveHostPath(string path)
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

                return Path.GetFullPath(Path.Combine(_directory, path));
            }
        }

        private static string DescribeKind(YamlNode node) => node switch
        {
            YamlMappingNode _ => "mapping",
            YamlSequenceNode _ => "list",
            _ => "value",
        };

        /// <summary>Keeps the first value seen for a key, in insertion order.</summary>
        private sealed class OrderedEntries : IReadOnlyDictionary<string, YamlNode>
        {
            private readonly List<KeyValuePair<string, YamlNode>> _items = new List<KeyValuePair<string, YamlNode>>();
            private readonly Dictionary<string, YamlNode> _index = new Dictionary<string, YamlNode>(StringComparer.Ordinal);

            public void AddIfAbsent(string key, YamlNode value)
            {
                if (!_index.ContainsKey(key))
                {
                    _index.Add(key, value);
                    _items.Add(new KeyValuePair<string, YamlNode>(key, value));
                }
            }

            public YamlNode this[string key] => _index[key];
            public IEnumerable<string> Keys => _items.Select(i => i.Key);
            public IEnumerable<YamlNode> Values => _items.Select(i => i.Value);
            public int Count => _items.Count;
            public bool ContainsKey(string key) => _index.ContainsKey(key);

            public bool TryGetValue(string key, out YamlNode value)
            {
                if (_index.TryGetValue(key, out var found))
                {
                    value = found;
                    return true;
                }

                value = null!;
                return false;
            }

            public IEnumerator<KeyValuePair<string, YamlNode>> GetEnumerator() => _items.GetEnumerator();
            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
