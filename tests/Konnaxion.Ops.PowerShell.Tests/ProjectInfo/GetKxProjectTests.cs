using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Konnaxion.Ops.PowerShell.Tests.Engine;
using Konnaxion.Ops.PowerShell.Tests.Hosting;
using Konnaxion.Ops.Testing;

namespace Konnaxion.Ops.PowerShell.Tests.ProjectInfo
{
    /// <summary>
    /// Get-KxProject typed in a session at a private copy of examples/konnaxion: what the module sees, without an engine
    /// for everything but the engine's version, and one object still when the engine does not answer. The object is read
    /// through PowerShell's view of it: this assembly does not load the module's types itself.
    /// </summary>
    public sealed class GetKxProjectTests : IDisposable
    {
        private const string NoEngine = "unix:///nonexistent.sock";

        private readonly string _root = Path.Combine(Path.GetTempPath(), "kx-project-info-" + Guid.NewGuid().ToString("N"));

        public GetKxProjectTests() => SampleCopy.CopyDirectory(Path.Combine(ModuleSession.RepositoryRoot, "examples", "konnaxion"), _root);

        private string Backend => Path.Combine(_root, "backend");

        [Fact]
        public void It_shows_the_compose_file_the_name_the_services_the_env_files_and_the_ledger()
        {
            File.Delete(Path.Combine(Backend, ".envs", ".local", ".django"));
            using var session = new ModuleSession(_root);

            var run = session.Run($"Get-KxProject -DockerHost {NoEngine}");

            var info = run.Output.Single();
            Assert.Equal("Konnaxion.Ops.KxProjectInfo", info.BaseObject.GetType().FullName);
            Assert.Equal(Backend, Text(info, "Path"));
            Assert.Equal(Path.Combine(Backend, "docker-compose.local.yml"), Text(info, "ComposeFile"));
            Assert.Equal(("backend", "Folder"), Name(info));
            Assert.Contains("django", Texts(info, "Services"));
            Assert.Contains("postgres", Texts(info, "Services"));
            var envFiles = ((System.Collections.IEnumerable)info.Properties["EnvFiles"].Value).Cast<object>().Select(PSObject.AsPSObject).ToList();
            var django = envFiles.Single(f => Text(f, "Path").EndsWith(Path.Combine(".local", ".django"), StringComparison.Ordinal));
            var postgres = envFiles.Single(f => Text(f, "Path").EndsWith(Path.Combine(".local", ".postgres"), StringComparison.Ordinal));
            Assert.Equal(false, django.Properties["Exists"].Value);
            Assert.Equal(true, postgres.Properties["Exists"].Value);
            Assert.Equal(new[] { "django", "postgres" }, Texts(postgres, "Services").Where(s => s is "django" or "postgres").OrderBy(s => s));
            Assert.Equal(Path.Combine(Backend, ".konnaxion-ops", "migrations.ledger.json"), Text(info, "LedgerPath"));
            Assert.Equal(true, info.Properties["LedgerExists"].Value);
            // Env files by path only: not one value of them anywhere in what the run produced.
            Assert.DoesNotContain("kx-local-sample-password", run.Everything(), StringComparison.Ordinal);
        }

        [Fact]
        public void The_project_name_says_where_it_came_from()
        {
            using var session = new ModuleSession(_root);

            PSObject Info(string script) => session.Run(script).Output.Single();

            Assert.Equal(("given", "Parameter"), Name(Info($"Get-KxProject -DockerHost {NoEngine} -ProjectName given")));
            Assert.Equal(("fromenv", "EnvironmentVariable"), Name(Info(
                $"$env:COMPOSE_PROJECT_NAME = 'fromenv'; try {{ Get-KxProject -DockerHost {NoEngine} }} finally {{ Remove-Item Env:COMPOSE_PROJECT_NAME }}")));
            File.WriteAllText(Path.Combine(Backend, ".env"), "COMPOSE_PROJECT_NAME=fromdotenv\n");
            Assert.Equal(("fromdotenv", "DotEnvFile"), Name(Info($"Get-KxProject -DockerHost {NoEngine}")));
        }

        [Fact]
        public void An_engine_that_does_not_answer_leaves_the_object_with_its_error_and_a_warning()
        {
            using var session = new ModuleSession(_root);

            var run = session.Run($"Get-KxProject -DockerHost {NoEngine}");
            var shown = session.Show($"Get-KxProject -DockerHost {NoEngine}");

            Assert.True(run.Terminating == null && run.Errors.Count == 0, run.Everything());
            var info = run.Output.Single();
            Assert.Equal((NoEngine, "Parameter"), (Text(info, "EngineEndpoint"), Text(info, "EngineEndpointSource")));
            Assert.Null(info.Properties["EngineVersion"].Value);
            Assert.Contains("nonexistent.sock", Text(info, "EngineError"), StringComparison.Ordinal);
            Assert.Contains(run.Warnings, w => w.Message.Contains("nonexistent.sock", StringComparison.Ordinal));
            // The default view: what a person reads first.
            Assert.Matches(@"(?m)^Project\s+: backend \(from Folder\)$", shown.Shown);
            Assert.Matches(@"(?m)^EngineVersion\s+: not answering: ", shown.Shown);
        }

        [Fact]
        public void A_bad_docker_host_is_refused_by_its_error_id_in_the_object_not_as_a_failure()
        {
            using var session = new ModuleSession(_root);

            var run = session.Run("Get-KxProject -DockerHost 'http://nowhere'");

            var info = run.Output.Single();
            Assert.Null(info.Properties["EngineEndpoint"].Value);
            Assert.Contains("http://nowhere", Text(info, "EngineError"), StringComparison.Ordinal);
            Assert.Contains(run.Warnings, w => w.Message.Contains("http://nowhere", StringComparison.Ordinal));
        }

        [EngineFact]
        public void With_the_engine_its_version_is_filled()
        {
            using var session = new ModuleSession(_root);

            var run = session.Run("Get-KxProject -DockerHost unix:///var/run/docker.sock -Compose V2");

            var info = run.Output.Single();
            Assert.Empty(run.Warnings);
            Assert.Null(info.Properties["EngineError"].Value);
            Assert.Equal(DockerCli.Run("version", "--format", "{{.Server.Version}}").Single(), Text(info, "EngineVersion"));
            Assert.Matches(@"^\d+\.\d+$", Text(info, "EngineApiVersion"));
            Assert.Equal(2, ((Version)info.Properties["ComposeVersion"].Value).Major);
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);

        private static string Text(PSObject item, string property) => item.Properties[property].Value?.ToString()!;

        private static string[] Texts(PSObject item, string property) =>
            ((System.Collections.IEnumerable)item.Properties[property].Value).Cast<object>().Select(o => o.ToString()!).ToArray();

        private static (string, string) Name(PSObject info) => (Text(info, "ProjectName"), Text(info, "ProjectNameSource"));
    }
}
