using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Konnaxion.Ops.PowerShell.Tests.Engine;
using Konnaxion.Ops.PowerShell.Tests.Hosting;
using Konnaxion.Ops.PowerShell.Tests.Runbook;
using Konnaxion.Ops.Testing;

namespace Konnaxion.Ops.PowerShell.Tests.Swarm
{
    /// <summary>
    /// Invoke-KxUpdate -Orchestrator Swarm as a person types it, on a copy of the sample and a single-node swarm on the
    /// CI engine: a first deploy that migrates once, converged services, an update that applies a new migration, and
    /// -WhatIf listing every step and the stack file without a secret. The swarm is made only when the engine is in
    /// none, and left only then; the stack, its volumes and the tagged images are removed afterwards.
    /// </summary>
    [Collection(SwarmCollection.Name)]
    public sealed class SwarmUpdateTests : IDisposable
    {
        private static readonly TimeSpan Gone = TimeSpan.FromSeconds(90);

        private readonly string _stack = "kxtest-swarm-" + Guid.NewGuid().ToString("N").Substring(0, 8);
        private readonly string _root;
        private readonly string _backend;
        private readonly List<string> _tags = new List<string>();
        private readonly bool _initialisedSwarm;

        public SwarmUpdateTests()
        {
            DockerEngine.Require();
            _root = Path.Combine(Path.GetTempPath(), _stack);
            _backend = Path.Combine(_root, "backend");
            SampleCopy.CopyDirectory(Path.Combine(ModuleSession.RepositoryRoot, "examples", "konnaxion", "backend"), _backend);
            File.WriteAllText(Path.Combine(_backend, ".env"), $"COMPOSE_PROJECT_NAME={_stack}\nKX_BASE_IMAGE={SampleBackend.BaseImage}\n");
            // This sandbox's kernel has no IPVS, so a Swarm service's virtual IP answers "No route to host": postgres is
            // reached by DNS round-robin, which resolves to its task, as a deployment on such a kernel would need too.
            var composeFile = Path.Combine(_backend, "docker-compose.production.yml");
            var text = File.ReadAllText(composeFile);
            Assert.Contains("\n  postgres:\n", text);
            File.WriteAllText(composeFile, text.Replace("\n  postgres:\n", "\n  postgres:\n    deploy:\n      endpoint_mode: dnsrr\n"));
            if (DockerCli.Run("info", "--format", "{{.Swarm.LocalNodeState}}").Single() == "inactive")
            {
                DockerCli.Run("swarm", "init", "--advertise-addr", "127.0.0.1");
                _initialisedSwarm = true;
            }
        }

        /// <summary>A tag of this run's own, so that no other run's images are touched.</summary>
        private string Tag(string name)
        {
            var tag = $"{name}-{_stack.Substring(_stack.Length - 8)}";
            _tags.Add(tag);
            return tag;
        }

        [EngineFact]
        public void A_first_update_deploys_and_migrates_once_and_the_next_applies_a_new_migration()
        {
            using var session = new ModuleSession(_root);
            var swarm = "-Environment Production -Orchestrator Swarm";

            var first = RunbookSession.AssertSucceeded(session.Run($"Invoke-KxUpdate {swarm} -Tag {Tag("t1")} -Force"));

            var result = first.Output.Single();
            Assert.True((bool)Value(result, "Success"), Describe(result));
            Assert.Equal(new[] { "Build", "Backup", "DeployDataServices", "Migrate", "Deploy", "Wait", "Verify" }, Steps(result).Select(step => step.Name));
            Assert.Equal("Skipped", Steps(result)[1].Outcome);
            Assert.Equal("Succeeded", Steps(result)[2].Outcome);
            Assert.Contains("ideas.0001_initial", Applied(result));
            // Migrated once: every migration recorded one time, the project's own among them.
            Assert.Equal("0", Sql("select count(*) - count(distinct (app, name)) from django_migrations"));
            Assert.Equal("1", Sql("select count(*) from django_migrations where app = 'ideas' and name = '0001_initial'"));
            Assert.Empty(DockerCli.Run("service", "ls", "-q", "--filter", "name=kx-" + _stack));

            var status = RunbookSession.AssertSucceeded(session.Run($"Get-KxServiceStatus {swarm}")).Output;
            Assert.All(status, service => Assert.Equal("Konnaxion.Ops.KxSwarmServiceStatus", service.BaseObject.GetType().FullName));
            Assert.Equal(new[] { "django", "postgres", "worker" }, status.Select(s => (string)Value(s, "Service")).OrderBy(s => s));
            Assert.All(status, service => Assert.True((bool)Value(service, "Converged"), service.ToString()));
            Assert.All(status, service => Assert.EndsWith(":" + _tags[0], ((string)Value(service, "Image")).Split('@')[0]));

            // A new migration in the code: the next image has it, and the update applies it before the new django starts.
            File.WriteAllText(Path.Combine(_backend, "konnaxion", "ideas", "migrations", "0002_idea_summary.py"),
                "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [(\"ideas\", \"0001_initial\")]\n\n" +
                "    operations = [migrations.AddField(model_name=\"idea\", name=\"summary\", field=models.TextField(default=\"\", blank=True))]\n");
            AddSummaryField();

            var second = RunbookSession.AssertSucceeded(session.Run($"Invoke-KxUpdate {swarm} -Tag {Tag("t2")} -Force"));

            var update = second.Output.Single();
            Assert.True((bool)Value(update, "Success"), Describe(update));
            Assert.Equal("Succeeded", Steps(update).Single(step => step.Name == "Backup").Outcome);
            Assert.NotNull(Value(update, "Backup"));
            Assert.Equal("Skipped", Steps(update).Single(step => step.Name == "DeployDataServices").Outcome);
            Assert.Equal(new[] { "ideas.0002_idea_summary" }, Applied(update));
            Assert.Equal("1", Sql("select count(*) from django_migrations where app = 'ideas' and name = '0002_idea_summary'"));
            var converged = ((System.Collections.IEnumerable)Value(update, "SwarmServiceStatus")).Cast<object>().Select(o => new PSObject(o)).ToList();
            Assert.Equal(3, converged.Count);
            Assert.All(converged, service => Assert.True((bool)Value(service, "Converged"), service.ToString()));
            Assert.All(converged.Where(s => (string)Value(s, "Service") != "postgres"), service => Assert.EndsWith(":" + _tags[1], ((string)Value(service, "Image")).Split('@')[0]));

            var whatIf = session.Show($"Invoke-KxUpdate {swarm} -Tag {Tag("t3")} -WhatIf");
            RunbookSession.AssertSucceeded(whatIf);
            foreach (var step in new[] { "1. Build django, postgres, worker", "2. Back up the database", "3. If Swarm stack", "4. Apply the migrations once, as a Swarm job",
                         "5. Deploy every service on Swarm stack", "6. Wait up to", "7. Verify" })
            {
                Assert.Contains(step, whatIf.Shown);
            }

            Assert.Contains("docker stack deploy --with-registry-auth --prune --resolve-image never -c - " + _stack, whatIf.Shown);
            Assert.Contains($"image: \"konnaxion_production_django:{_tags[2]}\"", whatIf.Shown);
            Assert.Contains("env_file:", whatIf.Shown);
            foreach (var secret in ProductionSecrets())
            {
                Assert.DoesNotContain(secret, whatIf.Everything());
                Assert.DoesNotContain(secret, first.Everything());
                Assert.DoesNotContain(secret, second.Everything());
            }

            Assert.Empty(DockerCli.Run("images", "-q", "konnaxion_production_django:" + _tags[2]));
        }

        private static object Value(PSObject item, string property) => item.Properties[property].Value;

        private static IReadOnlyList<(string Name, string Outcome, string Detail)> Steps(PSObject result) =>
            ((System.Collections.IEnumerable)Value(result, "Steps")).Cast<object>().Select(o => new PSObject(o))
                .Select(step => ((string)Value(step, "Name"), Value(step, "Outcome").ToString()!, (string)Value(step, "Detail"))).ToList();

        private static IReadOnlyList<string> Applied(PSObject result) =>
            ((System.Collections.IEnumerable)Value(result, "MigrationsApplied")).Cast<object>().Select(o => new PSObject(o))
                .Select(step => $"{Value(step, "App")}.{Value(step, "Name")}").ToList();

        private static string Describe(PSObject result) => string.Join("\n", Steps(result).Select(step => $"{step.Name}: {step.Outcome} {step.Detail}"));

        /// <summary>The model gets the field the new migration adds, as a developer's change would.</summary>
        private void AddSummaryField()
        {
            var models = Path.Combine(_backend, "konnaxion", "ideas", "models.py");
            var text = File.ReadAllText(models);
            var title = text.IndexOf("    title = ", StringComparison.Ordinal);
            Assert.True(title >= 0, "The sample's Idea model has no title field to add the summary after.");
            File.WriteAllText(models, text.Insert(title, "    summary = models.TextField(default=\"\", blank=True)\n"));
        }

        /// <summary>One value from PostgreSQL, in the stack's postgres task with the credentials it has.</summary>
        private string Sql(string query)
        {
            var postgres = DockerCli.Run("ps", "-q", "--filter", $"label=com.docker.swarm.service.name={_stack}_postgres").First();
            var script = "PGPASSWORD=\"$POSTGRES_PASSWORD\" psql -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -tAc \"$KX_SQL\"";
            return string.Join("\n", DockerCli.Run(new[] { "exec", "-e", "KX_SQL", postgres, "sh", "-c", script },
                new Dictionary<string, string> { ["KX_SQL"] = query })).Trim();
        }

        private IReadOnlyList<string> ProductionSecrets()
        {
            var secrets = Directory.GetFiles(Path.Combine(_backend, ".envs", ".production"))
                .SelectMany(File.ReadAllLines)
                .Where(line => line.Contains('=') && !line.StartsWith('#'))
                .Select(line => (Key: line.Substring(0, line.IndexOf('=')), Value: line.Substring(line.IndexOf('=') + 1)))
                .Where(entry => entry.Value.Length > 0 && (entry.Key.Contains("PASSWORD") || entry.Key.Contains("SECRET")))
                .Select(entry => entry.Value)
                .ToList();
            Assert.True(secrets.Count >= 2, "The copy's production env files hold no secret to look for.");
            return secrets;
        }

        public void Dispose()
        {
            try
            {
                DockerCli.Run("stack", "rm", _stack);
                WaitUntil(() => DockerCli.Run("ps", "-aq", "--filter", "label=com.docker.stack.namespace=" + _stack).Count == 0
                                && DockerCli.Run("network", "ls", "-q", "--filter", "label=com.docker.stack.namespace=" + _stack).Count == 0);
                foreach (var volume in DockerCli.Run("volume", "ls", "-q", "--filter", "label=com.docker.stack.namespace=" + _stack))
                {
                    DockerCli.Run("volume", "rm", "-f", volume);
                }

                foreach (var image in new[] { "django", "postgres", "worker" }.SelectMany(service => _tags.Select(tag => $"konnaxion_production_{service}:{tag}")))
                {
                    if (DockerCli.Run("images", "-q", image).Count > 0)
                    {
                        DockerCli.Run("image", "rm", image);
                    }
                }
            }
            finally
            {
                if (_initialisedSwarm)
                {
                    DockerCli.Run("swarm", "leave", "--force");
                }

                Directory.Delete(_root, recursive: true);
            }
        }

        private static void WaitUntil(Func<bool> done)
        {
            var clock = Stopwatch.StartNew();
            while (!done())
            {
                if (clock.Elapsed > Gone)
                {
                    throw new TimeoutException("The stack's containers and networks were still there after docker stack rm.");
                }

                Thread.Sleep(1000);
            }
        }
    }

    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class SwarmCollection
    {
        public const string Name = "Swarm stack";
    }
}
