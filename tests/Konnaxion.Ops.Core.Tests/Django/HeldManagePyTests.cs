using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Tests.Engine;
using Konnaxion.Ops.Tests.Integration;
using Konnaxion.Ops.Tests.Processes;

namespace Konnaxion.Ops.Tests.Django
{
    /// <summary>
    /// Invoke-KxUpdate's migrate, started held before the build when django runs: released into the Migrate step when
    /// the build left the container's start as it was, ended unused otherwise, against a fake engine and compose.
    /// </summary>
    public sealed class HeldManagePyTests
    {
        private const string Project = "kxheld";
        private static readonly string Backend = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend");

        private readonly FakeDockerEngine _engine = new FakeDockerEngine()
            .Service(Project, "django").Service(Project, "postgres").Service(Project, "worker")
            .ThenProcesses(("4100", "4000", "python manage.py runserver 0.0.0.0:8000"));

        public HeldManagePyTests()
        {
            // No "Apply all migrations" heading: the ledger, which is the repository's sample's here, stays untouched.
            _engine.OnExec = (command, onLine) =>
            {
                if (command.Contains("migrate"))
                {
                    onLine(new ProcessLine(ProcessStream.StandardOutput, "Running migrations:"));
                    onLine(new ProcessLine(ProcessStream.StandardOutput, "  No migrations to apply."));
                }

                return 0;
            };
        }

        [Fact]
        public void The_migrate_starts_held_before_the_build_and_is_released_into_the_migrate_step()
        {
            var (result, output) = Update(upExitCode: 0);

            Assert.True(result.Success, result.Error?.Message);
            var held = _engine.Execs[0];
            Assert.Equal("kxheld-django-1", held.Container);
            Assert.Contains(MigrationLock.HoldVariable + "=1", held.Environment);
            Assert.Contains("migrate", held.Command);
            Assert.Equal(new[] { MigrationLock.ReleaseWord }, _engine.HeldInputs);
            Assert.Single(_engine.Execs, exec => exec.Command.Contains("migrate"));
            var migrate = result.Steps.Single(step => step.Name == "Migrate");
            Assert.EndsWith(", started before the build and released after it", migrate.CommandLines.Single());
            Assert.StartsWith("Started POST /containers/kxheld-django-1/exec (env KX_EXEC_ID, KX_MIGRATION_HOLD): /entrypoint python -c ", output.Verbose.First(line => line.StartsWith("Started ")));
        }

        [Fact]
        public void A_build_that_restarts_django_ends_the_held_migrate_unused_and_migrate_starts_anew()
        {
            var (result, output) = Update(upExitCode: 0, duringUp: () => _engine.Restarted(Project, "django"));

            Assert.True(result.Success, result.Error?.Message);
            Assert.Equal(new string?[] { null }, _engine.HeldInputs);
            var migrates = _engine.Execs.Where(exec => exec.Command.Contains("migrate")).ToList();
            Assert.Equal(2, migrates.Count);
            Assert.DoesNotContain(MigrationLock.HoldVariable + "=1", migrates[1].Environment);
            Assert.DoesNotContain(_engine.Execs, exec => exec.Command.Contains("sh") && exec.Command.Last() == migrates[0].Environment.First(e => e.StartsWith("KX_EXEC_ID=")));
            Assert.Contains(output.Verbose, line => line.StartsWith("The build restarted or replaced django's container: the migrate started before it was ended unused"));
        }

        [Fact]
        public void A_failed_build_ends_the_held_migrate_and_interrupts_it_in_the_container()
        {
            var (result, _) = Update(upExitCode: 1);

            Assert.False(result.Success);
            Assert.Equal(new string?[] { null }, _engine.HeldInputs);
            var marker = _engine.Execs[0].Environment.Single(entry => entry.StartsWith("KX_EXEC_ID="));
            var interrupt = _engine.Execs.Last();
            Assert.Equal(("kxheld-django-1", "sh", marker), (interrupt.Container, interrupt.Command[0], interrupt.Command.Last()));
            Assert.Single(_engine.Execs, exec => exec.Command.Contains("migrate"));
        }

        private (KxUpdateResult Result, RecordingOutput Output) Update(int upExitCode, System.Action? duringUp = null)
        {
            var runner = new FakeProcessRunner
            {
                Otherwise = spec =>
                {
                    if (spec.Arguments.Contains("up"))
                    {
                        duringUp?.Invoke();
                    }

                    return new FakeResponse(upExitCode);
                },
            }.On("docker compose version", 0, "Docker Compose version 2.26.1-4");
            using var project = KxProject.Open(Backend, KxEnvironment.Local,
                new KxProjectOptions { Compose = ComposeFlavor.V2, ProjectName = Project, ProcessRunner = runner, Engine = _engine });
            var output = new RecordingOutput();
            return (project.Update().Invoke(output, CancellationToken.None), output);
        }
    }
}
