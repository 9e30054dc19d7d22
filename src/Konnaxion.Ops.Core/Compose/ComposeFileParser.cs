using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Yaml;

namespace Konnaxion.Ops.Compose
{
    /// <summary>
    /// Reads the parts of a compose file the module uses. YAML merge keys (<c>&lt;&lt;: *django</c>) are resolved
    /// as YAML defines them (a key of the mapping itself wins over a merged one, earlier sources over later),
    /// scalars are interpolated like compose does, and the obsolete <c>version:</c> key is ignored.
    /// </summary>
    public static class ComposeFileParser
    {
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
            if (!(ReadYaml(text, path) is YamlMapping root))
            {
                throw Invalid(path, "has no top-level mapping");
            }

            try
            {
                var reader = new NodeReader(path, Path.GetDirectoryName(path)!, lookup);
                var top = root.Entries;
                var name = top.TryGetValue("name", out var nameNode) ? reader.Scalar(nameNode, "name") : null;
                if (!top.TryGetValue("services", out var servicesNode) || !(servicesNode is YamlMapping servicesMapping))
                {
                    throw Invalid(path, "has no 'services' mapping");
                }

                var services = servicesMapping.Entries
                    .Select(entry => reader.Service(entry.Key, entry.Value))
                    .ToList();
                return new ComposeFile(path, name, services);
            }
            catch (YamlMergeKeyException ex)
            {
                // Merges are resolved as mappings are read, so a bad one fails wherever the reading gets to it.
                throw Invalid(path, $"has a merge key at line {ex.Line} whose value is not a mapping");
            }
        }

        /// <summary>The root of the text's first document, or null when it has none.</summary>
        private static YamlNode? ReadYaml(string text, string path)
        {
            try
            {
                return YamlReader.ReadFirstDocument(text);
            }
            catch (YamlSyntaxException ex)
            {
                throw Invalid(path, ex.Line == null ? "is not valid YAML"
                    : ex.IsApproximate ? $"is not valid YAML near line {ex.Line}, column {ex.Column}"
                    : $"is not valid YAML at line {ex.Line}, column {ex.Column}: {ex.Message}");
            }
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

            public string? Scalar(YamlNode node, string what)
            {
                if (node is YamlScalar scalar)
                {
                    return scalar.IsNull ? null : ComposeInterpolation.Interpolate(scalar.Value, _lookup, $"{what} (line {node.Line})");
                }

                throw Invalid(_path, $"has a {DescribeKind(node)} where {what} (line {node.Line}) should be a single value");
            }

            public ComposeService Service(string name, YamlNode node)
            {
                if (!(node is YamlMapping mapping))
                {
                    throw Invalid(_path, $"defines service '{name}' as a {DescribeKind(node)}, not a mapping");
                }

                var entries = mapping.Entries;
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

                var items = node is YamlSequence sequence ? sequence.Items : new[] { node };
                return items.Select(item =>
                {
                    if (item is YamlMapping longForm)
                    {
                        var fields = longForm.Entries;
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
                    YamlSequence sequence => sequence.Items.Select(c => Scalar(c, $"services.{service}.depends_on") ?? string.Empty).ToList(),
                    YamlMapping mapping => mapping.Entries.Keys.ToList(),
                    _ => new[] { Scalar(node, $"services.{service}.depends_on") ?? string.Empty },
                };
            }

            private bool HasHealthCheck(IReadOnlyDictionary<string, YamlNode> entries)
            {
                if (!entries.TryGetValue("healthcheck", out var node) || !(node is YamlMapping mapping))
                {
                    return false;
                }

                var fields = mapping.Entries;
                if (fields.TryGetValue("disable", out var disable) && (disable as YamlScalar)?.Value == "true")
                {
                    return false;
                }

                return !(fields.TryGetValue("test", out var test) &&
                         ((test as YamlScalar)?.Value == "NONE" || ((test as YamlSequence)?.Items.FirstOrDefault() as YamlScalar)?.Value == "NONE"));
            }

            private IReadOnlyList<ComposeVolume> Volumes(string service, IReadOnlyDictionary<string, YamlNode> entries)
            {
                if (!entries.TryGetValue("volumes", out var node) || !(node is YamlSequence sequence))
                {
                    return Array.Empty<ComposeVolume>();
                }

                var volumes = new List<ComposeVolume>();
                foreach (var item in sequence.Items)
                {
                    if (item is YamlMapping longForm)
                    {
                        var fields = longForm.Entries;
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
            YamlMapping _ => "mapping",
            YamlSequence _ => "list",
            _ => "value",
        };
    }
}
