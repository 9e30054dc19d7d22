using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
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
    /// Two writers at once (a teammate and CI, two terminals) lose nothing: <see cref="Save()"/> takes the lock file
    /// beside the ledger, reads the ledger again and replays this instance's records and removes on top of it.
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

        /// <summary>How long Save waits for another writer to release the lock file before it fails.</summary>
        private static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(10);

        /// <summary>The records (a checksum) and removes (null) since Load, in order: what Save replays on the file as it is then.</summary>
        private readonly List<(string Environment, string Migration, string? Checksum)> _changes = new List<(string, string, string?)>();

        private SortedDictionary<string, SortedDictionary<string, string>> _environments;

        private MigrationLedger(string path, SortedDictionary<string, SortedDictionary<string, string>> environments)
        {
            Path = path;
            _environments = environments;
        }

        public string Path { get; }

        /// <summary>The file beside the ledger that a writer holds from reading the ledger again to replacing it; it exists only meanwhile.</summary>
        public string LockPath => Path + ".lock";

        /// <summary>True once something was recorded or removed since it was loaded.</summary>
        public bool Changed { get; private set; }

        /// <summary>The ledger of the project whose compose file is in <paramref name="projectDirectory"/>; empty when it has none yet.</summary>
        public static MigrationLedger Load(string projectDirectory)
        {
            var path = System.IO.Path.Combine(projectDirectory, RelativePath.Replace('/', System.IO.Path.DirectorySeparatorChar));
            return new MigrationLedger(path, Read(path));
        }

        private static SortedDictionary<string, SortedDictionary<string, string>> Read(string path)
        {
            var environments = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
            if (!File.Exists(path))
            {
                return environments;
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

            return environments;
        }

        /// <summary>The checksum recorded when the migration was applied in <paramref name="environment"/>, or null.</summary>
        public string? Find(KxEnvironment environment, string app, string name) =>
            _environments.TryGetValue(Key(environment), out var entries) && entries.TryGetValue(app + "." + name, out var checksum) ? checksum : null;

        public void Record(KxEnvironment environment, string app, string name, string checksum)
        {
            if (Find(environment, app, name) != checksum)
            {
                Change((Key(environment), app + "." + name, checksum));
            }
        }

        public void Remove(KxEnvironment environment, string app, string name)
        {
            if (Find(environment, app, name) != null)
            {
                Change((Key(environment), app + "." + name, null));
            }
        }

        /// <summary>
        /// Writes the ledger holding its lock file: reads it again, replays the records and removes made since Load on
        /// top of what another writer saved meanwhile, and replaces it through a temporary file in its folder, so a
        /// reader never sees half of it. Afterwards this instance holds what it wrote.
        /// </summary>
        public void Save() => Save(DefaultLockTimeout);

        /// <inheritdoc cref="Save()"/>
        /// <param name="lockTimeout">How long to wait for another writer to release the lock file.</param>
        public void Save(TimeSpan lockTimeout)
        {
            var folder = System.IO.Path.GetDirectoryName(Path)!;
            Directory.CreateDirectory(folder);
            using (LedgerLock.Take(LockPath, lockTimeout))
            {
                var environments = Read(Path);
                foreach (var change in _changes)
                {
                    Apply(environments, change);
                }

                _environments = environments;
                Write(folder);
            }

            _changes.Clear();
            Changed = false;
        }

        private void Change((string Environment, string Migration, string? Checksum) change)
        {
            Apply(_environments, change);
            _changes.Add(change);
            Changed = true;
        }

        private static void Apply(SortedDictionary<string, SortedDictionary<string, string>> environments, (string Environment, string Migration, string? Checksum) change)
        {
            if (!environments.TryGetValue(change.Environment, out var entries))
            {
                entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
                environments.Add(change.Environment, entries);
            }

            if (change.Checksum == null)
            {
                entries.Remove(change.Migration);
            }
            else
            {
                entries[change.Migration] = change.Checksum;
            }
        }

        private void Write(string folder)
        {
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

        /// <summary>
        /// The lock file held exclusively, across threads and processes: FileShare.None is a share mode on Windows and an
        /// advisory flock in .NET on Unix. It is deleted on release so that nothing is left in the committed folder.
        /// </summary>
        private sealed class LedgerLock : IDisposable
        {
            private const byte DeletedMark = (byte)'-';

            private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

            /// <summary>
            /// Windows refuses every other open while the file is held and deletes it on close. On Unix a writer can open
            /// the file just before the holder deletes it and get its lock afterwards, on a file no longer in the folder:
            /// the holder marks the file it deleted, and a writer that finds the mark opens the path again.
            /// </summary>
            private static readonly bool DeletedOnClose = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

            private readonly string _path;
            private readonly FileStream _stream;

            private LedgerLock(string path, FileStream stream)
            {
                _path = path;
                _stream = stream;
            }

            public static LedgerLock Take(string path, TimeSpan timeout)
            {
                IOException? heldElsewhere = null;
                for (var waited = Stopwatch.StartNew(); ; Thread.Sleep(RetryDelay))
                {
                    try
                    {
                        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1,
                            DeletedOnClose ? FileOptions.DeleteOnClose : FileOptions.None);
                        if (stream.Length == 0)
                        {
                            return new LedgerLock(path, stream);
                        }

                        stream.Dispose();
                    }
                    catch (IOException ex)
                    {
                        heldElsewhere = ex;
                    }

                    if (waited.Elapsed >= timeout)
                    {
                        throw new KxException(KxErrorIds.MigrationLedgerInvalid, KxErrorCategory.OperationTimeout, path,
                            $"The migration ledger's lock file {path} stayed held for {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s: " +
                            "another Konnaxion.Ops command is recording migrations in this project.",
                            $"Run the command again once the other one has finished; if no Konnaxion.Ops command is running, delete {path}.", heldElsewhere);
                    }
                }
            }

            public void Dispose()
            {
                if (!DeletedOnClose)
                {
                    // Deleted before it is marked: a process killed in between leaves no marked file to block every later writer.
                    File.Delete(_path);
                    _stream.WriteByte(DeletedMark);
                    _stream.Flush();
                }

                _stream.Dispose();
            }
        }
    }
}
