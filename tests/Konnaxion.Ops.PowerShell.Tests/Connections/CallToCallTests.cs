using System;
using System.IO;
using System.Linq;
using Konnaxion.Ops.PowerShell.Tests.Engine;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Connections
{
    /// <summary>
    /// What one cmdlet call keeps for the next in a session, against the real engine: the engine connection (one, given
    /// back after each call), and nothing of the files: an edit made a moment before a call, in the same second and of
    /// the same size, is what that call sees.
    /// </summary>
    public sealed class CallToCallTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "kxtest-calls-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        public CallToCallTests()
        {
            Directory.CreateDirectory(_root);
            WriteCompose("alpha");
        }

        [EngineFact]
        public void Later_calls_reuse_one_engine_connection_and_see_each_edit_of_the_compose_file_and_env_file()
        {
            DockerEngine.Require();
            using var session = new ModuleSession(_root);
            var status = $"Get-KxServiceStatus -ProjectName {Path.GetFileName(_root)} | ForEach-Object Service";

            Assert.Equal(new[] { "alpha" }, session.Invoke(status).Select(s => s.ToString()));
            var idleAfterFirst = IdleConnections();
            WriteCompose("gamma");
            Assert.Equal(new[] { "gamma" }, session.Invoke(status).Select(s => s.ToString()));
            File.WriteAllText(Path.Combine(_root, ".env"), "COMPOSE_PROFILES=tools\n");
            Assert.Equal(new[] { "gamma", "tools" }, session.Invoke(status).Select(s => s.ToString()));

            // Earlier tests may have left connections to this engine waiting; a call that opened its own would add one.
            Assert.True(idleAfterFirst >= 1, "the first call gave its connection back");
            Assert.Equal(idleAfterFirst, IdleConnections());
        }

        /// <summary>The pooled connections waiting in this process, read from the module's assembly, which the session loaded here.</summary>
        private static int IdleConnections()
        {
            var module = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "Konnaxion.Ops");
            var pool = module.GetType("Konnaxion.Ops.Commands.Infrastructure.ModuleCaches")!
                .GetProperty("Pool", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!;
            return (int)pool.GetType().GetProperty("IdleCount", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(pool)!;
        }

        /// <summary>Services of one name, the same length whatever the name, so that an edit keeps the file's size.</summary>
        private void WriteCompose(string service) =>
            File.WriteAllText(Path.Combine(_root, "docker-compose.local.yml"),
                $"services:\n  {service}:\n    image: {SampleBackend.BaseImage}\n  tools:\n    image: {SampleBackend.BaseImage}\n    profiles: [tools]\n");

        public void Dispose() => Directory.Delete(_root, recursive: true);
    }
}
