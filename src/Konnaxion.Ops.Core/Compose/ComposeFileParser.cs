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
    /// Reads the parts of a compose file the module uses, as compose v2 reads them: YAML merge keys
    /// (<c>&lt;&lt;: *django</c>) resolved as YAML defines them, every value interpolated, <c>include:</c>d files'
    /// services added, <c>extends:</c> merged, <c>!reset</c> and <c>!override</c> applied, and the services split by
    /// the profiles COMPOSE_PROFILES activates. What compose refuses is refused, naming the file, the service and the
    /// field. The obsolete <c>version:</c> key is ignored.
    /// </summary>
    public static class ComposeFileParser
    {
        public const string ProfilesVariable = "COMPOSE_PROFILES";

        /// <param name="path">The compose file.</param>
        /// <param name="lookup">Variable values for interpolation: the environment, then the project's .env file.</param>
        public static ComposeFile Load(string path, Func<string, string?> lookup) => Parse(ReadText(path), path, lookup);

        internal static string ReadText(string path)
        {
            try
            {
                return File.ReadAllText(path, Encoding.UTF8);
            }
            catch (IOException ex)
            {
                throw new KxException(KxErrorIds.ComposeFileNotFound, KxErrorCategory.ObjectNotFound, path,
                    $"Cannot read the compose file '{path}': {ex.Message}", "Check the path and that the file is readable.", ex);
            }
        }

        public static ComposeFile Parse(string text, string path, Func<string, string?> lookup) => Parse(text, path, lookup, out _);

        /// <param name="text">The compose file's text.</param>
        /// <param name="path">Where it is: relative paths in it start from its folder.</param>
        /// <param name="lookup">Variable values for interpolation.</param>
        /// <param name="readOtherFiles">Whether the file included or extended from others, which it then read too.</param>
        internal static ComposeFile Parse(string text, string path, Func<string, string?> lookup, out bool readOtherFiles)
        {
            var loader = new ProjectLoader();
            var root = loader.Read(text, path, Path.GetDirectoryName(path)!, lookup);
            var services = loader.Services(root, new List<string> { Path.GetFullPath(path) });

            var profiles = new HashSet<string>(
                (lookup(ProfilesVariable) ?? string.Empty).Split(',').Select(p => p.Trim()).Where(p => p.Length > 0), StringComparer.Ordinal);
            bool IsActive(ComposeServiceDefinition s) =>
                s.Profiles == null || s.Profiles.Count == 0 || profiles.Contains("*") || s.Profiles.Any(profiles.Contains);
            var active = services.Where(IsActive).ToList();
            var inactive = services.Where(s => !IsActive(s)).ToList();
            CheckConsistency(active, inactive);
            readOtherFiles = loader.ReadOtherFiles;
            return new ComposeFile(path, root.Name, active.Select(s => s.ToService()).ToList(), inactive.Select(s => s.ToService()).ToList(),
                new ComposeYamlSource(root.Root, root.Reader));
        }

        internal static KxException Invalid(string path, string problem) =>
            new KxException(KxErrorIds.ComposeFileInvalid, KxErrorCategory.InvalidData, path,
                $"The compose file '{path}' {problem}.",
                "Fix the file; 'docker compose config' shows how compose itself reads it.");

        /// <summary>What compose checks of the services it would start (those of inactive profiles are not checked).</summary>
        private static void CheckConsistency(IReadOnlyList<ComposeServiceDefinition> active, IReadOnlyList<ComposeServiceDefinition> inactive)
        {
            var activeNames = new HashSet<string>(active.Select(s => s.Name), StringComparer.Ordinal);
            foreach (var service in active)
            {
                if (service.Image == null && service.Build == null)
                {
                    throw Invalid(service.Path, $"defines service '{service.Name}' with neither an image nor a build");
                }

                foreach (var dependency in service.Dependencies ?? Array.Empty<ComposeDependency>())
                {
                    if (activeNames.Contains(dependency.Service))
                    {
                        continue;
                    }

                    var inProfile = inactive.FirstOrDefault(s => s.Name == dependency.Service);
                    throw Invalid(service.Path, inProfile == null
                        ? $"has services.{service.Name}.depends_on naming '{dependency.Service}', which is not a service of the file"
                        : $"has services.{service.Name}.depends_on naming '{dependency.Service}', which is only in profile {string.Join(", ", inProfile.Profiles!)}, not active (COMPOSE_PROFILES)");
                }
            }
        }

        /// <summary>One compose file as read: its services not yet resolved.</summary>
        private sealed class ComposeDocument
        {
            public ComposeDocument(YamlMapping root, string path, string? name, YamlMapping? services, YamlNode? include, ComposeServiceReader reader,
                string directory, Func<string, string?> lookup)
            {
                Root = root;
                Path = path;
                Name = name;
                ServicesNode = services;
                IncludeNode = include;
                Reader = reader;
                Directory = directory;
                Lookup = lookup;
            }

            public YamlMapping Root { get; }
            public string Path { get; }
            public string? Name { get; }
            public YamlMapping? ServicesNode { get; }
            public YamlNode? IncludeNode { get; }
            public ComposeServiceReader Reader { get; }

            /// <summary>The project folder its relative paths start from.</summary>
            public string Directory { get; }

            public Func<string, string?> Lookup { get; }

            /// <summary>Its services with extends merged, by name, as they are resolved.</summary>
            public Dictionary<string, ComposeServiceDefinition> Resolved { get; } = new Dictionary<string, ComposeServiceDefinition>(StringComparer.Ordinal);
        }

        /// <summary>Reads a file and those it includes or extends from, each once.</summary>
        private sealed class ProjectLoader
        {
            private readonly Dictionary<string, ComposeDocument> _documents = new Dictionary<string, ComposeDocument>(StringComparer.Ordinal);

            /// <summary>Whether a file other than the one read first was read (an include, an extends.file).</summary>
            public bool ReadOtherFiles => _documents.Count > 0;

            public ComposeDocument Read(string text, string path, string directory, Func<string, string?> lookup)
            {
                if (!(ReadYaml(text, path) is YamlMapping root))
                {
                    throw Invalid(path, "has no top-level mapping");
                }

                try
                {
                    // Without a '$' nothing can fail to interpolate, and the walk through every mapping is saved.
                    if (text.IndexOf('$') >= 0)
                    {
                        CheckInterpolation(root, lookup, path);
                    }

                    var reader = new ComposeServiceReader(path, directory, text, lookup);
                    var top = root.Entries;
                    var name = top.TryGetValue("name", out var nameNode) ? reader.Scalar(nameNode, "name") : null;
                    top.TryGetValue("include", out var include);
                    top.TryGetValue("services", out var servicesNode);
                    if (!(servicesNode is YamlMapping services) && (include == null || servicesNode != null))
                    {
                        throw Invalid(path, "has no 'services' mapping");
                    }

                    return new ComposeDocument(root, path, name, servicesNode as YamlMapping, include, reader, directory, lookup);
                }
                catch (YamlMergeKeyException ex)
                {
                    // Merges are resolved as mappings are read, so a bad one fails wherever the reading gets to it.
                    throw Invalid(path, $"has a merge key at line {ex.Line} whose value is not a mapping");
                }
            }

            /// <summary>The document's services, then those of the files it includes.</summary>
            /// <param name="document">The file.</param>
            /// <param name="chain">The files being included, to refuse a file that includes itself.</param>
            public List<ComposeServiceDefinition> Services(ComposeDocument document, List<string> chain)
            {
                var services = new List<ComposeServiceDefinition>();
                try
                {
                    foreach (var name in document.ServicesNode?.Entries.Keys ?? Enumerable.Empty<string>())
                    {
                        services.Add(Resolve(document, name, new List<string>()));
                    }
                }
                catch (YamlMergeKeyException ex)
                {
                    throw Invalid(document.Path, $"has a merge key at line {ex.Line} whose value is not a mapping");
                }

                var names = new HashSet<string>(services.Select(s => s.Name), StringComparer.Ordinal);
                foreach (var included in Included(document, chain))
                {
                    if (!names.Add(included.Name))
                    {
                        throw Invalid(document.Path, $"defines service '{included.Name}', which its included file '{included.Path}' defines too");
                    }

                    services.Add(included);
                }

                return services;
            }

            /// <summary>
            /// The services of the <c>include:</c>d files. Each is read from its own folder (or project_directory), with
            /// the including file's variables first, then its own .env (or the env_file the include names).
            /// </summary>
            private IEnumerable<ComposeServiceDefinition> Included(ComposeDocument document, List<string> chain)
            {
                if (document.IncludeNode == null)
                {
                    yield break;
                }

                var reader = document.Reader;
                if (!(document.IncludeNode is YamlSequence entries))
                {
                    throw Invalid(document.Path, $"has include (line {document.IncludeNode.Line}) as a {ComposeServiceReader.DescribeKind(document.IncludeNode)}, where compose wants a list");
                }

                foreach (var entry in entries.Items)
                {
                    var fields = entry is YamlMapping mapping ? mapping.Entries : null;
                    var pathNode = fields == null ? entry : fields.TryGetValue("path", out var p) ? p : throw Invalid(document.Path, $"has an include entry (line {entry.Line}) without a path");
                    var paths = Strings(reader, pathNode, "include.path").Select(reader.ResolveHostPath).ToList();
                    var directory = fields != null && fields.TryGetValue("project_directory", out var folderNode)
                        ? reader.ResolveHostPath(Strings(reader, folderNode, "include.project_directory").Single())
                        : Path.GetDirectoryName(paths[0])!;
                    var envFiles = fields != null && fields.TryGetValue("env_file", out var envNode)
                        ? Strings(reader, envNode, "include.env_file").Select(reader.ResolveHostPath).ToList()
                        : new[] { Path.Combine(directory, ".env") }.Where(File.Exists).ToList();
                    var variables = envFiles.SelectMany(f => ReadEnvFile(document.Path, f)).GroupBy(v => v.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
                    string? Lookup(string name) => document.Lookup(name) ?? (variables.TryGetValue(name, out var value) ? value : null);

                    // Several paths in one entry are one project: the later files override the earlier, as with -f.
                    var merged = new List<ComposeServiceDefinition>();
                    foreach (var path in paths)
                    {
                        if (chain.Contains(path, StringComparer.Ordinal))
                        {
                            throw Invalid(document.Path, $"includes '{path}', which includes it back");
                        }

                        var included = Document(path, directory, Lookup, document.Path, "include");
                        foreach (var service in Services(included, chain.Append(path).ToList()))
                        {
                            var earlier = merged.FindIndex(s => s.Name == service.Name);
                            if (earlier >= 0)
                            {
                                merged[earlier] = service.MergedOver(merged[earlier]);
                            }
                            else
                            {
                                merged.Add(service);
                            }
                        }
                    }

                    foreach (var service in merged)
                    {
                        yield return service;
                    }
                }
            }

            /// <summary>A service with what it extends merged in; <paramref name="chain"/> holds the services extending it.</summary>
            private ComposeServiceDefinition Resolve(ComposeDocument document, string name, List<string> chain)
            {
                if (document.Resolved.TryGetValue(name, out var resolved))
                {
                    return resolved;
                }

                var key = $"{name} in '{document.Path}'";
                if (chain.Contains(key))
                {
                    throw Invalid(document.Path, $"has services.{name}.extends in a cycle: {string.Join(" -> ", chain.Append(key))}");
                }

                var own = document.Reader.Service(name, document.ServicesNode!.Entries[name]);
                var service = own;
                if (own.Extends is ExtendsDefinition extends)
                {
                    var source = extends.File == null ? document : Document(extends.File, Path.GetDirectoryName(extends.File)!, document.Lookup, document.Path, $"services.{name}.extends.file");
                    if (source.ServicesNode == null || !source.ServicesNode.Entries.ContainsKey(extends.Service))
                    {
                        throw Invalid(document.Path, $"has services.{name}.extends naming service '{extends.Service}', which '{source.Path}' does not define");
                    }

                    service = own.MergedOver(Resolve(source, extends.Service, chain.Append(key).ToList()));
                }

                document.Resolved[name] = service;
                return service;
            }

            /// <summary>A file another one refers to, read once.</summary>
            private ComposeDocument Document(string path, string directory, Func<string, string?> lookup, string referencedBy, string field)
            {
                if (_documents.TryGetValue(path, out var known))
                {
                    return known;
                }

                string text;
                try
                {
                    text = File.ReadAllText(path, Encoding.UTF8);
                }
                catch (IOException ex)
                {
                    throw Invalid(referencedBy, $"names '{path}' in {field}, which cannot be read: {ex.Message}");
                }

                var document = Read(text, path, directory, lookup);
                _documents.Add(path, document);
                return document;
            }

            private static IReadOnlyDictionary<string, string> ReadEnvFile(string referencedBy, string path)
            {
                try
                {
                    return DotEnvFile.Read(path);
                }
                catch (IOException ex)
                {
                    throw Invalid(referencedBy, $"names '{path}' in include.env_file, which cannot be read: {ex.Message}");
                }
            }

            private static IEnumerable<string> Strings(ComposeServiceReader reader, YamlNode node, string location) =>
                (node is YamlSequence sequence ? sequence.Items : new[] { node })
                .Select(item => reader.Scalar(item, location) ?? throw reader.Invalid($"has an empty value for {location} (line {item.Line})"));
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

        /// <summary>
        /// Compose interpolates every value of the file, those the module does not read too, and refuses the file
        /// when one fails (a required variable unset, a malformed reference): so is it here.
        /// </summary>
        private static void CheckInterpolation(YamlMapping root, Func<string, string?> lookup, string path)
        {
            var visited = new HashSet<YamlNode>();
            var keys = new List<string>();

            void Visit(YamlNode node)
            {
                switch (node)
                {
                    case YamlScalar scalar:
                        if (scalar.Value.IndexOf('$') >= 0)
                        {
                            ComposeInterpolation.Interpolate(scalar.Value, lookup, $"{string.Join(".", keys).Replace(".[", "[")} (line {node.Line}) in '{path}'");
                        }

                        break;
                    case YamlMapping mapping when visited.Add(mapping):
                        foreach (var entry in mapping.Entries)
                        {
                            keys.Add(entry.Key);
                            Visit(entry.Value);
                            keys.RemoveAt(keys.Count - 1);
                        }

                        break;
                    case YamlSequence sequence when visited.Add(sequence):
                        for (var i = 0; i < sequence.Items.Count; i++)
                        {
                            keys.Add($"[{i}]");
                            Visit(sequence.Items[i]);
                            keys.RemoveAt(keys.Count - 1);
                        }

                        break;
                }
            }

            Visit(root);
        }
    }
}
