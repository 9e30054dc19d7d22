using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Konnaxion.Ops.PowerShell.Tests.Engine;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Runbook
{
    /// <summary>
    /// A session at the sample copy in which every command line is checked, once it has run, for the copy's local
    /// secrets: no value of a secret-looking key of backend/.envs/.local/* may appear in any stream or on the screen.
    /// </summary>
    public sealed class RunbookSession : IDisposable
    {
        /// <summary>The words in env-file keys whose values the module must never show (as its redactor reads them).</summary>
        private static readonly string[] SecretKeyWords = { "PASSWORD", "SECRET", "KEY", "TOKEN", "DSN", "DATABASE_URL" };

        private readonly ModuleSession _session;

        public RunbookSession(SampleBackend backend)
        {
            _session = backend.NewSession();
            Secrets = LocalSecrets(backend);
        }

        /// <summary>The secret values of the copy's local env files.</summary>
        public IReadOnlyList<string> Secrets { get; }

        public RecordingHostUserInterface Screen => _session.Host.Screen;

        /// <summary>Runs a command line (see <see cref="ModuleSession.Run"/>) and asserts that it showed no secret.</summary>
        public PowerShellRun Run(string script) => AssertNoSecret(_session.Run(script));

        /// <summary>Runs a command line through Out-Default (see <see cref="ModuleSession.Show"/>) and asserts that it showed no secret.</summary>
        public PowerShellRun Show(string script) => AssertNoSecret(_session.Show(script));

        /// <summary>Runs a command line that must not fail, and returns its output; asserts that it showed no secret.</summary>
        public IReadOnlyList<PSObject> Invoke(string script) => AssertSucceeded(Run(script)).Output;

        /// <summary>Asserts that a run wrote no error and was not stopped by one, naming the errors when it was.</summary>
        public static PowerShellRun AssertSucceeded(PowerShellRun run)
        {
            Assert.True(run.Terminating == null && run.Errors.Count == 0,
                $"It failed: {string.Join("; ", run.Errors.Append(run.Terminating).Where(e => e != null).Select(e => $"{e!.FullyQualifiedErrorId}: {e}"))}\n{run.Shown}");
            return run;
        }

        /// <summary>Starts a command line for Ctrl+C; check what it showed with <see cref="AssertNoSecret(string)"/>.</summary>
        public ModuleSession.Running Start(string script) => _session.Start(script);

        public PowerShellRun AssertNoSecret(PowerShellRun run)
        {
            AssertNoSecret(run.Everything());
            return run;
        }

        public void AssertNoSecret(string text)
        {
            foreach (var secret in Secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret of backend/.envs/.local was shown:\n{text}");
            }
        }

        public void Dispose() => _session.Dispose();

        private static IReadOnlyList<string> LocalSecrets(SampleBackend backend)
        {
            var secrets = Directory.GetFiles(Path.Combine(backend.Backend, ".envs", ".local"))
                .SelectMany(File.ReadAllLines)
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith("#", StringComparison.Ordinal) && line.Contains('=', StringComparison.Ordinal))
                .Select(line => (Key: line.Substring(0, line.IndexOf('=', StringComparison.Ordinal)), Value: line.Substring(line.IndexOf('=', StringComparison.Ordinal) + 1)))
                .Where(entry => entry.Value.Length > 0 && SecretKeyWords.Any(word => entry.Key.Contains(word, StringComparison.OrdinalIgnoreCase)))
                .Select(entry => entry.Value)
                .ToList();

            // The sample has a database password and a Django secret key; finding none would make every check vacuous.
            Assert.True(secrets.Count >= 2, "The copy's backend/.envs/.local files hold no secret to look for.");
            return secrets;
        }
    }
}
