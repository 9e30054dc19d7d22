using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Konnaxion.Ops.PowerShell.Tests.Migrations
{
    /// <summary>The secret values of a backend's env files (.envs/.local/* and .envs/.production/*): passwords and keys.</summary>
    /// <remarks>The database user is left out: the module masks only the password of the DATABASE_URL the sample's entrypoint echoes.</remarks>
    public static class EnvFileSecrets
    {
        private static readonly string[] SecretKeyWords = { "PASSWORD", "SECRET", "KEY", "TOKEN" };

        public static IReadOnlyList<string> Of(string backend) =>
            new[] { ".local", ".production" }
                .Select(environment => Path.Combine(backend, ".envs", environment))
                .Where(Directory.Exists)
                .SelectMany(Directory.GetFiles)
                .SelectMany(File.ReadAllLines)
                .Select(line => line.Split('=', 2))
                .Where(pair => pair.Length == 2 && !pair[0].TrimStart().StartsWith('#') && SecretKeyWords.Any(pair[0].Contains) && pair[1].Trim().Length > 0)
                .Select(pair => pair[1].Trim())
                .Distinct()
                .ToList();

        public static void AssertNoneIn(string backend, string text)
        {
            var secrets = Of(backend);
            Assert.True(secrets.Count >= 4, "the env files should hold the sample's passwords and keys");
            foreach (var secret in secrets)
            {
                var at = text.IndexOf(secret, System.StringComparison.Ordinal);
                Assert.True(at < 0, at < 0 ? string.Empty : "an env-file secret appears in what the command produced: ..." +
                    text.Substring(System.Math.Max(0, at - 80), System.Math.Min(80, at)) + "[SECRET]" + text.Substring(at + secret.Length, System.Math.Min(80, text.Length - at - secret.Length)));
            }
        }
    }
}
