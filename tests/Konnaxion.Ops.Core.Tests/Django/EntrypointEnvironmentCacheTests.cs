using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Django;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Tests.Engine;
using Konnaxion.Ops.Tests.Integration;
using Konnaxion.Ops.Tests.Processes;

namespace Konnaxion.Ops.Tests.Django
{
    /// <summary>
    /// manage.py in the running container with the environment its entrypoint set up kept from one call to the next,
    /// against a fake engine whose entrypoint prints a line of its own and whose `env -0` prints two variables.
    /// </summary>
    public sealed class EntrypointEnvironmentCacheTests
    {
        private const string Project = "kxentry";
        private const string DatabaseUrl = "DATABASE_URL=postgres://debug:s3cret@postgres:5432/konnaxion";
        private static readonly string Backend = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend");
        private static readonly DateTimeOffset Started = DateTimeOffset.UtcNow.AddMinutes(-5);

        private readonly EntrypointEnvironmentCache _kept = new EntrypointEnvironmentCache();
        private readonly RecordingOutput _output = new RecordingOutput();

        [Fact]
        public void The_first_call_reads_the_entrypoints_environment_once_and_every_call_runs_manage_py_with_it_and_without_the_entrypoint()
        {
            var engine = Engine(Started);
            using var project = Open(engine);

            var first = project.Manage(new[] { "check" });
            first.Invoke(_output);
            var second = project.Manage(new[] { "check" });
            second.Invoke(_output);

            Assert.Equal(3, engine.Execs.Count);
            Assert.Equal(new[] { "/entrypoint", "sh", "-c", "printf '%s\\n' \"$0\" && exec env -0" }, engine.Execs[0].Command.Take(4));
            Assert.Empty(engine.Execs[0].Environment);
            foreach (var run in new[] { engine.Execs[1], engine.Execs[2] })
            {
                Assert.Equal(new[] { "python", "manage.py", "check" }, run.Command);
                Assert.Equal(new[] { DatabaseUrl, "USE_DOCKER=yes" }, run.Environment.Take(2));
                Assert.Matches("^KX_EXEC_ID=[0-9a-f]{12}$", run.Environment[2]);
            }

            Assert.StartsWith("POST /containers/kxentry-django-1/exec: /entrypoint sh -c ", first.CommandLines.Single());
            Assert.EndsWith("(reads the environment its entrypoint sets up, kept for later calls), then " +
                "POST /containers/kxentry-django-1/exec (env <its entrypoint's environment>, KX_EXEC_ID): python manage.py check", first.CommandLines.Single());
            Assert.Equal("POST /containers/kxentry-django-1/exec (env <its entrypoint's environment>, KX_EXEC_ID): python manage.py check", second.CommandLines.Single());
            Assert.DoesNotContain("s3cret", _output.AllText);
        }

        [Fact]
        public void A_restarted_container_has_its_entrypoint_read_again()
        {
            using (var project = Open(Engine(Started)))
            {
                project.Manage(new[] { "check" }).Invoke(_output);
            }

            var restarted = Engine(Started.AddMinutes(4));
            using var again = Open(restarted);
            again.Manage(new[] { "check" }).Invoke(_output);

            Assert.Equal(2, restarted.Execs.Count);
            Assert.Equal("/entrypoint", restarted.Execs[0].Command[0]);
        }

        [Fact]
        public void Without_env_0_in_the_image_manage_py_runs_after_its_entrypoint_and_nothing_is_kept()
        {
            var engine = Engine(Started, envPrintsNothing: true);
            using var project = Open(engine);

            project.Manage(new[] { "check" }).Invoke(_output);
            project.Manage(new[] { "check" }).Invoke(_output);

            Assert.Equal(4, engine.Execs.Count);
            Assert.Equal(new[] { "/entrypoint", "python", "manage.py", "check" }, engine.Execs[1].Command);
            Assert.Matches("^KX_EXEC_ID=", Assert.Single(engine.Execs[1].Environment));
            Assert.Contains(_output.Verbose, line => line.StartsWith("Could not read the environment of kxentry-django-1's entrypoint (exit code 127; `env -0` may be missing)", StringComparison.Ordinal));
        }

        [Fact]
        public void Without_a_cache_manage_py_runs_after_the_entrypoint_every_time()
        {
            var engine = Engine(Started);
            using var project = Open(engine, kept: null);

            project.Manage(new[] { "check" }).Invoke(_output);

            Assert.Equal(new[] { "/entrypoint", "python", "manage.py", "check" }, Assert.Single(engine.Execs).Command);
        }

        /// <summary>A running django whose entrypoint prints a line (with a secret) before what it runs.</summary>
        private static FakeDockerEngine Engine(DateTimeOffset startedAt, bool envPrintsNothing = false)
        {
            var engine = new FakeDockerEngine().Service(Project, "django", entrypoint: new[] { "/entrypoint" }, startedAt: startedAt);
            engine.OnExec = (command, onLine) =>
            {
                if (command.Count < 4 || command[1] != "sh")
                {
                    return 0;
                }

                onLine(new ProcessLine(ProcessStream.StandardOutput, DatabaseUrl.Replace("=", ": ")));
                onLine(new ProcessLine(ProcessStream.StandardError, "PostgreSQL is available"));
                onLine(new ProcessLine(ProcessStream.StandardOutput, command[4]));
                if (envPrintsNothing)
                {
                    onLine(new ProcessLine(ProcessStream.StandardError, "env: invalid option -- '0'"));
                    return 127;
                }

                onLine(new ProcessLine(ProcessStream.StandardOutput, DatabaseUrl + "\0USE_DOCKER=yes\0"));
                return 0;
            };
            return engine;
        }

        private KxProject Open(FakeDockerEngine engine) => Open(engine, _kept);

        private static KxProject Open(FakeDockerEngine engine, EntrypointEnvironmentCache? kept) =>
            KxProject.Open(Backend, KxEnvironment.Local, new KxProjectOptions
            {
                Compose = ComposeFlavor.V2,
                ProjectName = Project,
                ProcessRunner = new FakeProcessRunner(),
                Engine = engine,
                InRunningContainer = true,
                EntrypointEnvironments = kept,
            });
    }
}
