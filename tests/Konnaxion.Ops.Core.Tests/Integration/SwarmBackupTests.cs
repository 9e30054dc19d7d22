using System;
using System.IO;
using System.Threading;
using Konnaxion.Ops.Backups;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Project;
using Konnaxion.Ops.Swarm;
using Konnaxion.Ops.Tests.Engine;

namespace Konnaxion.Ops.Tests.Integration
{
    [Collection(DockerSwarmCollection.Name)]
    public sealed class SwarmBackupTests
    {
        private readonly SwarmNode _swarm;

        public SwarmBackupTests(SwarmNode swarm) => _swarm = swarm;

        [EngineFact]
        public void ABackupRunsAsAJobOnPostgressNodeIntoItsBackupsVolume()
        {
            var stack = SwarmNode.NewName("backup");
            var image = stack + ":postgres";
            var folder = Path.Combine(Path.GetTempPath(), stack);
            var password = "kxswarmtest-" + Guid.NewGuid().ToString("N");
            var sample = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend");
            try
            {
                // The sample's own postgres image, with cookiecutter-django's maintenance scripts, built on the offline base.
                ThrowawayContainers.Docker(new[] { "build", "-q", "-t", image, "--build-arg", "BASE_IMAGE=" + EngineTestEnvironment.Image,
                    "-f", Path.Combine(sample, "compose", "production", "postgres", "Dockerfile"), sample });
                Directory.CreateDirectory(Path.Combine(folder, ".envs", ".production"));
                File.WriteAllText(Path.Combine(folder, ".envs", ".production", ".postgres"),
                    $"POSTGRES_HOST=postgres\nPOSTGRES_PORT=5432\nPOSTGRES_DB=konnaxion\nPOSTGRES_USER=kx_prod_user\nPOSTGRES_PASSWORD={password}\n");
                var composeFile = Path.Combine(folder, "docker-compose.production.yml");
                // One file for both readings, as the sample's production file is: the module's, and stack deploy's.
                File.WriteAllText(composeFile, $@"version: ""3.8""
volumes:
  production_postgres_data: {{}}
  production_postgres_data_backups: {{}}
services:
  postgres:
    image: {image}
    volumes:
      - production_postgres_data:/var/lib/postgresql/data
      - production_postgres_data_backups:/backups
    env_file:
      - ./.envs/.production/.postgres
    healthcheck:
      test: [""CMD-SHELL"", ""pg_isready -U $$POSTGRES_USER -d $$POSTGRES_DB""]
      interval: 2s
      retries: 30
    deploy:
      # This sandbox's kernel has no IPVS, so a service's virtual IP answers ""No route to host"": DNS round-robin reaches the task itself.
      endpoint_mode: dnsrr
      placement:
        constraints: [""{_swarm.Constraint}""]
");
                ThrowawayContainers.Docker(new[] { "stack", "deploy", "--resolve-image", "never", "-c", composeFile, stack });
                using var engine = _swarm.Connect();
                SwarmConvergence.Wait(engine, stack, TimeSpan.FromSeconds(120), SecretRedactor.None, NullOutput.Instance, CancellationToken.None);
                using var project = new ProjectContext(composeFile, KxEnvironment.Production, new KxProjectOptions { ProjectName = stack, Engine = engine });
                var output = new RecordingOutput();

                var backup = new SwarmBackup(project, new DatabaseBackups(project)).Backup(output, CancellationToken.None);

                Assert.Matches(@"^backup_\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.sql\.gz$", backup.FileName);
                Assert.Equal("/backups/" + backup.FileName, backup.Path);
                Assert.Contains("Backed up the database of postgres to /backups/" + backup.FileName + ".", output.Verbose);
                Assert.DoesNotContain(password, output.AllText);
                var listed = ThrowawayContainers.Docker(new[] { "run", "--rm", "-v", stack + "_production_postgres_data_backups:/backups", EngineTestEnvironment.Image,
                    "sh", "-c", "gzip -dc /backups/" + backup.FileName + " | grep -c 'PostgreSQL database dump complete'" });
                Assert.Equal("1", listed);
                Assert.Empty(engine.ListServices(new System.Collections.Generic.Dictionary<string, string?> { [SwarmJob.StackLabel] = stack }, CancellationToken.None));
            }
            finally
            {
                ThrowawayContainers.Docker(new[] { "stack", "rm", stack }, mustSucceed: false);
                // Volumes and the network go once the task's container is gone, a moment after the service.
                for (var attempt = 0; attempt < 60; attempt++)
                {
                    ThrowawayContainers.Docker(new[] { "volume", "rm", stack + "_production_postgres_data", stack + "_production_postgres_data_backups" }, mustSucceed: false);
                    ThrowawayContainers.Docker(new[] { "network", "rm", stack + "_default" }, mustSucceed: false);
                    if (ThrowawayContainers.Docker(new[] { "volume", "ls", "-q", "--filter", "name=" + stack }, mustSucceed: false).Length == 0 &&
                        ThrowawayContainers.Docker(new[] { "network", "ls", "-q", "--filter", "name=" + stack }, mustSucceed: false).Length == 0)
                    {
                        break;
                    }

                    Thread.Sleep(500);
                }

                ThrowawayContainers.Docker(new[] { "image", "rm", image }, mustSucceed: false);
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }
    }
}
