using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Yaml;

namespace Konnaxion.Ops.Swarm
{
    /// <summary>
    /// The stack file `docker stack deploy` reads, derived from the compose file as the module reads it: a compose file
    /// is not a stack file, since stack deploy ignores .env, build and depends_on and refuses env_file's long syntax.
    /// Each service is its mapping (merge keys resolved), every value interpolated, with these changes: a built service
    /// runs <c>image:tag</c> and loses build; depends_on, container_name and profiles go; env_file becomes the absolute
    /// paths of the files that are there, in the short syntax (the docker CLI reads them: no env-file value is in the
    /// text); a bind mount's relative path becomes absolute. The top-level volumes, networks, configs and secrets stay.
    /// The text goes to stack deploy on stdin and is never written to disk.
    /// </summary>
    internal static class StackFile
    {
        /// <summary>Service keys that have no meaning for a stack, or that the stack file says another way.</summary>
        private static readonly HashSet<string> DroppedServiceKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "build", "depends_on", "container_name", "profiles", "extends",
        };

        private static readonly string[] KeptTopLevelKeys = { "volumes", "networks", "configs", "secrets" };

        /// <summary>A scalar YAML reads back as the same string when written plain in block context.</summary>
        private static readonly Regex PlainSafe = new Regex(@"^[A-Za-z0-9_./@%+=~][A-Za-z0-9_./@%+=~:-]*$", RegexOptions.CultureInvariant);

        /// <summary>
        /// The stack file for the file's active services, or those of them named in <paramref name="only"/>;
        /// <paramref name="imageOf"/> gives each built service's tagged image.
        /// </summary>
        public static string Write(ComposeFile file, Func<ComposeService, string> imageOf, IReadOnlyCollection<string>? only = null)
        {
            var root = file.Source ?? throw new InvalidOperationException("The compose file was not read from YAML.");
            var text = new StringBuilder();
            text.Append("services:\n");
            foreach (var service in file.Services.Where(service => only == null || only.Contains(service.Name)))
            {
                text.Append("  ").Append(Key(service.Name)).Append(":\n");
                WriteService(text, service, imageOf);
            }

            foreach (var key in KeptTopLevelKeys)
            {
                if (root.Mapping.Entries.TryGetValue(key, out var node))
                {
                    text.Append(Key(key)).Append(':');
                    WriteValue(text, node, 1, root.Reader, key);
                }
            }

            return text.ToString();
        }

        /// <summary>
        /// The built services' image name, required: the stack's nodes run the image by name, so a service compose names
        /// after the project needs a name that is the same wherever it is pulled.
        /// </summary>
        public static string RequireImage(ComposeService service, string composeFilePath) =>
            service.Image ?? throw new KxException(KxErrorIds.ImageNameRequired, KxErrorCategory.InvalidData, service.Name,
                $"The service '{service.Name}' of '{composeFilePath}' is built (build:) but has no image: a Swarm deploy tags the image it builds and every node runs it by that name.",
                $"Give '{service.Name}' an image name in the compose file, such as image: registry.example.com/{service.Name} (a registry for a swarm of several nodes, a plain name for one).");

        private static void WriteService(StringBuilder text, ComposeService service, Func<ComposeService, string> imageOf)
        {
            if (!(service.Source is ComposeYamlSource source) || source.IsMerged)
            {
                throw new KxException(KxErrorIds.StackFileUnsupported, KxErrorCategory.InvalidData, service.Name,
                    $"The service '{service.Name}' is made by merging definitions (extends, or an include of several files), which the Swarm stack file is not derived from.",
                    $"Write '{service.Name}' in one file, sharing fields through YAML merge keys (<<: *django) rather than extends.");
            }

            var reader = source.Reader;
            var location = $"services.{service.Name}";
            Scalar("image", service.HasBuild ? imageOf(service) : reader.Scalar(source.Mapping.Entries["image"], location + ".image")!, text, 2);
            foreach (var entry in source.Mapping.Entries)
            {
                if (DroppedServiceKeys.Contains(entry.Key) || entry.Key == "image" || entry.Key.StartsWith("x-", StringComparison.Ordinal))
                {
                    continue;
                }

                if (entry.Key == "env_file")
                {
                    // The short syntax has no required: false; compose skips a missing optional file, so the stack goes without it.
                    var present = service.EnvFiles.Where(f => f.Required || File.Exists(f.Path)).ToList();
                    if (present.Count > 0)
                    {
                        text.Append("    env_file:\n");
                        foreach (var envFile in present)
                        {
                            text.Append("      - ").Append(Quoted(envFile.Path)).Append('\n');
                        }
                    }

                    continue;
                }

                text.Append("    ").Append(Key(entry.Key)).Append(':');
                if (entry.Key == "volumes" && entry.Value is YamlSequence volumes && volumes.Items.Count > 0)
                {
                    WriteVolumes(text, volumes, reader, location + ".volumes");
                }
                else
                {
                    WriteValue(text, entry.Value, 3, reader, $"{location}.{entry.Key}");
                }
            }
        }

        /// <summary>The volumes, each bind mount's relative source resolved from the compose file's folder as compose resolves it.</summary>
        private static void WriteVolumes(StringBuilder text, YamlSequence volumes, ComposeServiceReader reader, string location)
        {
            text.Append('\n');
            foreach (var item in volumes.Items)
            {
                text.Append("      -");
                if (item is YamlScalar scalar)
                {
                    var spec = reader.Scalar(scalar, location) ?? string.Empty;
                    var colon = spec.IndexOf(':');
                    var source = colon < 0 ? spec : spec.Substring(0, colon);
                    var isPath = colon > 0 && (source.StartsWith(".", StringComparison.Ordinal) || source.StartsWith("~", StringComparison.Ordinal));
                    text.Append(' ').Append(Quoted(isPath ? reader.ResolveHostPath(source) + spec.Substring(colon) : spec)).Append('\n');
                }
                else if (item is YamlMapping mapping && mapping.Entries.TryGetValue("type", out var type) && reader.Scalar(type, location + ".type") == "bind")
                {
                    text.Append('\n');
                    foreach (var field in mapping.Entries)
                    {
                        text.Append("        ").Append(Key(field.Key)).Append(':');
                        if (field.Key == "source")
                        {
                            text.Append(' ').Append(Quoted(reader.ResolveHostPath(reader.Scalar(field.Value, location + ".source") ?? string.Empty))).Append('\n');
                        }
                        else
                        {
                            WriteValue(text, field.Value, 5, reader, $"{location}.{field.Key}");
                        }
                    }
                }
                else
                {
                    WriteValue(text, item, 4, reader, location);
                }
            }
        }

        private static void WriteValue(StringBuilder text, YamlNode node, int depth, ComposeServiceReader reader, string location)
        {
            var indent = new string(' ', depth * 2);
            switch (node)
            {
                case YamlScalar scalar:
                    text.Append(' ').Append(ScalarText(scalar, reader, location)).Append('\n');
                    break;
                case YamlMapping mapping when mapping.Entries.Count == 0:
                    text.Append(" {}\n");
                    break;
                case YamlMapping mapping:
                    text.Append('\n');
                    foreach (var entry in mapping.Entries.Where(e => !e.Key.StartsWith("x-", StringComparison.Ordinal)))
                    {
                        text.Append(indent).Append(Key(entry.Key)).Append(':');
                        WriteValue(text, entry.Value, depth + 1, reader, $"{location}.{entry.Key}");
                    }

                    break;
                case YamlSequence sequence when sequence.Items.Count == 0:
                    text.Append(" []\n");
                    break;
                case YamlSequence sequence:
                    text.Append('\n');
                    foreach (var item in sequence.Items)
                    {
                        text.Append(indent).Append('-');
                        WriteValue(text, item, depth + 1, reader, location);
                    }

                    break;
            }
        }

        /// <summary>
        /// A scalar interpolated as compose does, written so that YAML reads back the same value and type: plain if it
        /// was plain and stays safe so (5 stays a number, true a boolean), double-quoted otherwise; an empty plain value
        /// stays null (<c>volumes: {data: }</c>). Stack deploy interpolates again, so each <c>$</c> is escaped.
        /// </summary>
        private static string ScalarText(YamlScalar scalar, ComposeServiceReader reader, string location)
        {
            var value = reader.Scalar(scalar, location);
            if (value == null || (scalar.IsPlain && value.Length == 0))
            {
                return "null";
            }

            return scalar.IsPlain && PlainSafe.IsMatch(value) ? value : Quoted(value);
        }

        private static void Scalar(string key, string value, StringBuilder text, int depth) =>
            text.Append(new string(' ', depth * 2)).Append(key).Append(": ").Append(Quoted(value)).Append('\n');

        private static string Key(string key) => PlainSafe.IsMatch(key) ? key : Quoted(key);

        /// <summary>A YAML double-quoted scalar (JSON's escapes are YAML's), with <c>$</c> escaped for stack deploy's interpolation.</summary>
        private static string Quoted(string value)
        {
            var quoted = new StringBuilder("\"");
            foreach (var c in value.Replace("$", "$$"))
            {
                switch (c)
                {
                    case '"': quoted.Append("\\\""); break;
                    case '\\': quoted.Append("\\\\"); break;
                    case '\n': quoted.Append("\\n"); break;
                    case '\r': quoted.Append("\\r"); break;
                    case '\t': quoted.Append("\\t"); break;
                    default:
                        if (c < ' ' || c == '\u007f')
                        {
                            quoted.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            quoted.Append(c);
                        }

                        break;
                }
            }

            return quoted.Append('"').ToString();
        }
    }
}
