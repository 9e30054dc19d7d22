using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Tests.Engine;
using Konnaxion.Ops.Tests.Swarm;

namespace Konnaxion.Ops.Tests.Integration
{
    /// <summary>The derived stack file as the docker CLI itself loads it (`docker stack config -c -`, the loader of stack deploy).</summary>
    public sealed class SwarmStackFileTests
    {
        private static readonly string Backend = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend");

        [EngineFact]
        public void The_docker_cli_loads_the_sample_stack_file_with_its_env_files_and_tagged_images()
        {
            var file = ComposeFileParser.Load(Path.Combine(Backend, "docker-compose.production.yml"), _ => null);
            var lines = new List<ProcessLine>();

            var exitCode = ProcessRunner.Instance.Run(
                new ProcessSpec("docker", new[] { "stack", "config", "-c", "-" }, standardInput: StackFileTests.Derive(file, "t1")), lines.Add, CancellationToken.None);

            var text = string.Join("\n", lines.Select(line => line.Text));
            Assert.True(exitCode == 0, text);
            Assert.Contains("image: konnaxion_production_django:t1", text);
            Assert.Contains("image: konnaxion_production_worker:t1", text);
            // Escaped once for the CLI's interpolation, the healthcheck reaches the container as compose would pass it. The CLI reads the env files itself: their variables are in its output, which is why the module never shows it.
            Assert.Contains("POSTGRES_DB: konnaxion", text);
            Assert.Contains("pg_isready -U $POSTGRES_USER -d $POSTGRES_DB", text);
            Assert.DoesNotContain("depends_on", text);
        }
    }
}
