using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;
using Xunit.Abstractions;

namespace Konnaxion.Ops.Tests.Compose.Conformance
{
    /// <summary>
    /// Every compose file of the corpus, read by the module and by <c>docker compose config --format json</c> (v2),
    /// compared field by field for what the module uses. Compose's output may carry secrets (plain <c>config</c> merges
    /// env_file contents into environment), so only field names and the module's side are ever printed.
    /// </summary>
    public sealed class ComposeConformanceTests
    {
        /// <summary>The files compose looks for in a folder, in its order: a folder's entry point.</summary>
        private static readonly string[] ComposeFileNames = { "compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml" };

        private readonly ITestOutputHelper _output;

        public ComposeConformanceTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [ComposeReferenceFact]
        public void TheModuleReadsEveryCorpusFileAsComposeDoes()
        {
            var corpus = ComposeReference.CorpusFolder;
            var files = Directory.EnumerateDirectories(corpus, "*", SearchOption.AllDirectories)
                .Select(folder => ComposeFileNames.Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists))
                .OfType<string>()
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
            Assert.NotEmpty(files);

            var differences = new List<string>[files.Count];
            Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => differences[i] = Compare(files[i]));

            var disagreeing = Enumerable.Range(0, files.Count).Where(i => differences[i].Count > 0).ToList();
            var report = disagreeing.Select(i => $"{Path.GetRelativePath(corpus, files[i])}:\n  " + string.Join("\n  ", differences[i])).ToList();
            _output.WriteLine($"{files.Count - disagreeing.Count} of {files.Count} corpus files agree with docker compose config.");
            foreach (var line in report)
            {
                _output.WriteLine(line);
            }

            Assert.True(disagreeing.Count == 0, $"{disagreeing.Count} of {files.Count} corpus files disagree with docker compose config:\n" + string.Join("\n", report));
        }

        /// <summary>What differs between compose's reading of the file and the module's, in the module's words only.</summary>
        private static List<string> Compare(string path)
        {
            var differences = new List<string>();
            var dotEnvPath = Path.Combine(Path.GetDirectoryName(path)!, ".env");
            var dotEnv = File.Exists(dotEnvPath) ? DotEnvFile.Read(dotEnvPath) : new Dictionary<string, string>();
            string? Lookup(string name) => Environment.GetEnvironmentVariable(name) ?? (dotEnv.TryGetValue(name, out var value) ? value : null);

            ComposeFile? file = null;
            string? moduleRefusal;
            try
            {
                file = ComposeFileParser.Load(path, Lookup);

                // The module leaves a missing env file to KxProject, which refuses it (EnvFileMissing) before compose runs.
                moduleRefusal = file.Services.SelectMany(s => s.EnvFiles).Any(f => f.Required && !File.Exists(f.Path)) ? KxErrorIds.EnvFileMissing : null;
            }
            catch (KxException ex)
            {
                moduleRefusal = ex.ErrorId;
                differences.Add($"the module refuses it: {ex.Message}");
            }

            // Plain config, interpolated: whether compose accepts the file, and its services with their values.
            var (exitCode, interpolated, error) = ComposeReference.Run(path, "config", "--format", "json");
            if (exitCode != 0)
            {
                var expected = error.Contains("env file", StringComparison.OrdinalIgnoreCase) ? KxErrorIds.EnvFileMissing : KxErrorIds.ComposeFileInvalid;
                if (moduleRefusal != expected)
                {
                    differences.Insert(0, $"compose refuses the file; the module {(moduleRefusal == null ? "reads it" : "refuses it with " + moduleRefusal)}, expected {expected}");
                    return differences;
                }

                // A refusal must say which file: the one given, or one it includes or extends from (all in its folder).
                return file == null && !differences[0].Contains(Path.GetDirectoryName(path)!, StringComparison.Ordinal) ? differences : new List<string>();
            }

            if (file == null || moduleRefusal != null)
            {
                differences.Insert(0, $"compose reads the file; the module refuses it ({moduleRefusal})");
                return differences;
            }

            // --no-interpolate keeps env_file (plain config reads the files into environment instead), and every
            // profile shows the inactive services too.
            var (rawExitCode, raw, _) = ComposeReference.Run(path, "--profile", "*", "config", "--no-interpolate", "--format", "json");
            if (rawExitCode != 0)
            {
                differences.Add("compose config --profile '*' --no-interpolate fails: the file cannot be compared");
                return differences;
            }

            using var reference = JsonDocument.Parse(interpolated);
            using var uninterpolated = JsonDocument.Parse(raw);
            var active = Services(reference.RootElement);
            var all = Services(uninterpolated.RootElement);

            var name = ComposeProjectName.Resolve(null, Lookup(ComposeProjectName.EnvironmentVariable), file);
            if (name != reference.RootElement.GetProperty("name").GetString())
            {
                differences.Add($"name: the module reads '{name}'");
            }

            CompareSet(differences, "services", active.Keys, file.Services.Select(s => s.Name));
            CompareSet(differences, "inactive services", all.Keys.Except(active.Keys), file.InactiveServices.Select(s => s.Name));
            foreach (var service in file.Services.Where(s => active.ContainsKey(s.Name)))
            {
                CompareService(differences, service, active[service.Name], all[service.Name]);
            }

            foreach (var service in file.InactiveServices.Where(s => all.ContainsKey(s.Name)))
            {
                CompareDeclaration(differences, service, all[service.Name]);
            }

            return differences;
        }

        private static void CompareService(List<string> differences, ComposeService service, JsonElement reference, JsonElement uninterpolated)
        {
            var at = $"services.{service.Name}";
            Check(differences, $"{at}.image", service.Image, Text(reference, "image"));
            Check(differences, $"{at}.container_name", service.ContainerName, Text(reference, "container_name"));

            var build = reference.TryGetProperty("build", out var b) ? $"{Text(b, "context")} {Text(b, "dockerfile")}" : null;
            Check(differences, $"{at}.build", service.Build == null ? null : $"{service.Build.Context} {service.Build.Dockerfile}", build);

            var dependencies = reference.TryGetProperty("depends_on", out var d)
                ? d.EnumerateObject().Select(p => $"{p.Name} {Text(p.Value, "condition")} {(p.Value.TryGetProperty("required", out var r) ? r.GetBoolean() : true)}")
                : Enumerable.Empty<string>();
            CompareSet(differences, $"{at}.depends_on", dependencies, service.Dependencies.Select(x => $"{x.Service} {x.Condition} {x.Required}"));

            var healthCheck = reference.TryGetProperty("healthcheck", out var h) &&
                              !(h.TryGetProperty("disable", out var disable) && disable.GetBoolean()) &&
                              !(h.TryGetProperty("test", out var test) && test.ValueKind == JsonValueKind.Array && test.GetArrayLength() > 0 && test[0].GetString() == "NONE");
            if (healthCheck != service.HasHealthCheck)
            {
                differences.Add($"{at}.healthcheck: the module reads {(service.HasHealthCheck ? "an enabled" : "no enabled")} healthcheck");
            }

            var ports = Items(reference, "ports").Select(p => $"{Text(p, "host_ip")}|{p.GetProperty("target").GetInt32()}|{Text(p, "published")}|{Text(p, "protocol")}");
            var modulePorts = service.Ports.Select(p => $"{p.HostIp}|{p.Target}|{p.Published}|{p.Protocol}").ToList();
            if (!ports.SequenceEqual(modulePorts))
            {
                differences.Add($"{at}.ports: the module reads [{string.Join(", ", service.Ports)}]");
            }

            CompareDeclaration(differences, service, uninterpolated);
        }

        /// <summary>What the uninterpolated output gives of every service: profiles, env_file.</summary>
        private static void CompareDeclaration(List<string> differences, ComposeService service, JsonElement uninterpolated)
        {
            var at = $"services.{service.Name}";
            CompareSet(differences, $"{at}.profiles", Items(uninterpolated, "profiles").Select(p => p.GetString()!), service.Profiles);

            var envFiles = Items(uninterpolated, "env_file").ToList();
            var same = envFiles.Count == service.EnvFiles.Count && envFiles.Zip(service.EnvFiles, (reference, module) =>
                reference.GetProperty("required").GetBoolean() == module.Required &&
                (Text(reference, "path")!.Contains('$') || Text(reference, "path") == module.Path)).All(x => x);
            if (!same)
            {
                // Uninterpolated paths with a variable in them are compared by count and required only.
                differences.Add($"{at}.env_file: the module reads [{string.Join(", ", service.EnvFiles.Select(f => $"{f.Path} (required: {f.Required})"))}]");
            }
        }

        private static Dictionary<string, JsonElement> Services(JsonElement root) =>
            root.TryGetProperty("services", out var services) && services.ValueKind == JsonValueKind.Object
                ? services.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
                : new Dictionary<string, JsonElement>();

        private static IEnumerable<JsonElement> Items(JsonElement element, string property) =>
            element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : Enumerable.Empty<JsonElement>();

        /// <summary>A string field; compose prints an escaped dollar as <c>$$</c>, which stands for the <c>$</c> the module holds.</summary>
        private static string? Text(JsonElement element, string property) =>
            element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.Replace("$$", "$") : null;

        private static void Check(List<string> differences, string field, string? module, string? reference)
        {
            if (module != reference)
            {
                differences.Add($"{field}: the module reads {(module == null ? "nothing" : $"'{module}'")}");
            }
        }

        private static void CompareSet(List<string> differences, string field, IEnumerable<string> reference, IEnumerable<string> module)
        {
            var moduleSet = module.ToList();
            if (!new HashSet<string>(reference, StringComparer.Ordinal).SetEquals(moduleSet))
            {
                differences.Add($"{field}: the module reads [{string.Join(", ", moduleSet)}]");
            }
        }
    }
}
