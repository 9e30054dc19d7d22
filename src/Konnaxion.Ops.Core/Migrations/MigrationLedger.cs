using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Json;

namespace Konnaxion.Ops.Migrations
{
    /// <summary>
    /// What each migration file held when it was applied, per environment: the ledger Test-KxMigration reads to find a
    /// migration edited after it was applied (Django never runs an applied migration again, so such an edit never
    /// reaches the database). It lives in the project, next to the compose file, and is committed with the code so that
    /// every teammate and environment shares it:
    /// <code>
    /// {
    ///   "about": "…",
    ///   "version": 1,
    ///   "environments": {
    ///     "local": {
    ///       "ideas.0001_initial": "sha256:9f86d0…"
    ///     },
    ///     "production": { … }
    ///   }
    /// }
    /// </code>
    /// Keys are sorted and there is one line per migration, so a diff shows exactly which migrations were applied.
    /// Environments are kept apart because rolling a migration back locally must not erase what production applied.
    /// It holds file checksums only: no path outside the project, no setting, no secret.
    /// </summary>
    internal sealed class MigrationLedger
    {
        /// <summary>The ledger's path relative to the compose file's folder.</summary>
        public const string RelativePath = ".konnaxion-ops/migrations.ledger.json";

        /// <summary>The folder to list in .dockerignore, so that recording a migration does not change the build context.</summary>
        public const string FolderName = ".konnaxion-ops";

        private const int FormatVersion = 1;
        private const string ChecksumPrefix = "sha256:";

        private const string About = "Konnaxion.Ops migration ledger: the SHA-256 of each migration file as it was applied (CRLF read as LF), " +
            "per environment. Invoke-KxMigrate and Invoke-KxUpdate write it; Test-KxMigration reads it to find migrations edited after they " +
            "were applied. Commit it with the code; do not edit it by hand.";

        private readonly SortedDictionary<string, SortedDictionary<string, string>> _environments;

        private MigrationLedger(string path, SortedDictionary<string, SortedDictionary<string, string>> environments)
        {
            Path = path;
            _environments = environments;
        }

        public string Path { get; }

        /// <summary>True once something was recorded or removed since it was loaded.</summary>
        public bool Changed { get; private set; }

        /// <summary>The ledger of the project whose compose file is in <paramref name="projectDirectory"/>; empty when it has none yet.</summary>
        public static MigrationLedger Load(string projectDirectory)
        {
            var path = System.IO.Path.Combine(projectDirectory, RelativePath.Replace('/', System.IO.Path.DirectorySeparatorChar));
            var environments = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
            if (!File.Exists(path))
            {
                return new MigrationLedger(path, environments);
            }

            try
            {
                var json = JsonParser.Parse(File.ReadAllText(path, Encoding.UTF8)) as Dictionary<string, object?>
                    ?? throw new FormatException("the file is not a JSON object");
                if (json.GetInteger("version") != FormatVersion)
                {
                    throw new FormatException($"its version is {json.GetInteger("version")?.ToString(CultureInfo.InvariantCulture) ?? "missing"}, this module reads version {FormatVersion}");
                }

                foreach (var environment in json.GetObject("environments") ?? new Dictionary<string, object?>())
                {
                    var entries = environment.Value as Dictionary<string, object?> ?? throw new FormatException($"'{environment.Key}' is not an object");
                    environments[environment.Key] = new SortedDictionary<string, string>(
                        entries.ToDictionary(e => e.Key, e => e.Value as string ?? throw new FormatException($"'{environment.Key}.{e.Key}' is not a string")),
                        StringComparer.Ordinal);
                }
            }
            catch (Exception ex) when (ex is FormatException || ex is IOException)
            {
                throw new KxException(KxErrorIds.MigrationLedgerInvalid, KxErrorCategory.InvalidData, path,
                    $"The migration ledger {path} cannot be read: {ex.Message}.",
                    "Restore it from version control (git checkout -- " + RelativePath + "), or delete it to start a new one.", ex);
            }

            return new MigrationLedger(path, environments);
        }

        /// <summary>The checksum recorded when the migration was applied in <paramref name="environment"/>, or null.</summary>
        public string? Find(KxEnvironment environment, string app, string name) =>
            _environments.TryGetValue(Key(environment), out var entries) && entries.TryGetValue(app + "." + name, out var checksum) ? checksum : null;

        public void Record(KxEnvironment environment, string app, string name, string checksum)
        {
            if (!_environments.TryGetValue(Key(environment), out var entries))
            {
                entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
                _environments.Add(Key(environment), entries);
            }

            var key = app + "." + name;
            if (!entries.TryGetValue(key, out var recorded) || recorded != checksum)
            {
                entries[key] = checksum;
                Changed = true;
            }
        }

        public void Remove(KxEnvironment environment, string app, string name)
        {
            if (_environments.TryGetValue(Key(environment), out var entries) && entries.Remove(app + "." + name))
            {
                Changed = true;
            }
        }

        /// <summary>Writes the ledger through a temporary file in its folder, so a reader never sees half of it.</summary>
        public void Save()
        {
            var folder = System.IO.Path.GetDirectoryName(Path)!;
            Directory.CreateDirectory(folder);
            var temporary = System.IO.Path.Combine(folder, System.IO.Path.GetFileName(Path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                File.WriteAllText(temporary, ToJson(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                if (File.Exists(Path))
                {
                    File.Replace(temporary, Path, destinationBackupFileName: null);
                }
                else
                {
                    File.Move(temporary, Path);
                }
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }

            Changed = false;
        }

        /// <summary>
        /// "sha256:" and the hex SHA-256 of the file with every CRLF read as LF: a checkout with Windows line endings
        /// (git's core.autocrlf) holds the same migration as the one applied from Linux.
        /// </summary>
        public static string Checksum(string file)
        {
            var bytes = File.ReadAllBytes(file);
            var normalised = new List<byte>(bytes.Length);
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\r' && i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n')
                {
                    continue;
                }

                normalised.Add(bytes[i]);
            }

            using var sha256 = SHA256.Create();
            return ChecksumPrefix + string.Concat(sha256.ComputeHash(normalised.ToArray()).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }

        private string ToJson()
        {
            var text = new StringBuilder();
            text.Append("{\n  \"about\": ").Append(Quote(About)).Append(",\n");
            text.Append("  \"version\": ").Append(FormatVersion.ToString(CultureInfo.InvariantCulture)).Append(",\n");
            text.Append("  \"environments\": {");
            var environments = _environments.Where(e => e.Value.Count > 0).ToList();
            for (var i = 0; i < environments.Count; i++)
            {
                text.Append(i == 0 ? "\n" : ",\n").Append("    ").Append(Quote(environments[i].Key)).Append(": {");
                var entries = environments[i].Value.ToList();
                for (var j = 0; j < entries.Count; j++)
                {
                    text.Append(j == 0 ? "\n" : ",\n").Append("      ").Append(Quote(entries[j].Key)).Append(": ").Append(Quote(entries[j].Value));
                }

                text.Append("\n    }");
            }

            text.Append(environments.Count == 0 ? "}\n" : "\n  }\n").Append("}\n");
            return text.ToString();
        }

        private static string Quote(string value) => JsonWriter.String(value);

        private static string Key(KxEnvironment environment) => environment.ToString().ToLowerInvariant();
    }
}
