using System;
using System.IO;
using System.Linq;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Swarm;
using Konnaxion.Ops.Tests.Integration;
using Konnaxion.Ops.Tests.Processes;

namespace Konnaxion.Ops.Tests.Swarm
{
    /// <summary>What a Swarm deploy and update plan, against the sample with a fake runner: the tag, every step, the stack file masked.</summary>
    public sealed class SwarmPlanTests
    {
        private const string Project = "kxplan";
        private static readonly string Backend = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend");
        private static readonly string Compose = $"docker compose -f {Backend}/docker-compose.production.yml -p {Project} --ansi never";
        private static readonly string Git = $"git -C {Backend}";

        private readonly FakeProcessRunner _runner = new FakeProcessRunner()
            .On("docker compose version", 0, "Docker Compose version 2.26.1-4");

        private KxProject Open(string? tag = null, KxEnvironment environment = KxEnvironment.Production) =>
            KxProject.Open(Backend, environment, new KxProjectOptions
            {
                Compose = ComposeFlavor.V2, ProjectName = Project, ProcessRunner = _runner, Orchestrator = KxOrchestrator.Swarm, ImageTag = tag,
            });

        [Fact]
        public void Swarm_needs_production_and_says_so()
        {
            var error = Assert.Throws<KxException>(() => Open(environment: KxEnvironment.Local));

            Assert.Equal(KxErrorIds.SwarmNeedsProduction, error.ErrorId);
            Assert.Equal(KxErrorCategory.InvalidArgument, error.Category);
            Assert.Contains("-Environment Production", error.RecommendedAction);
        }

        [Fact]
        public void The_tag_is_the_one_asked_for_without_asking_git()
        {
            using var project = Open("t1");

            Assert.Contains("konnaxion_production_django:t1", project.Build().Steps[0]);
            Assert.DoesNotContain(_runner.CommandLines, line => line.StartsWith("git", StringComparison.Ordinal));
        }

        [Fact]
        public void Without_a_tag_it_is_the_short_commit_and_dirty_when_the_tree_has_changes()
        {
            _runner.On($"{Git} rev-parse --short=12 HEAD", 0, "0123456789ab").On($"{Git} status --porcelain", 0);
            Assert.Equal("0123456789ab", ImageTag.Resolve(null, Backend, _runner, default));

            var dirty = new FakeProcessRunner().On($"{Git} rev-parse --short=12 HEAD", 0, "0123456789ab").On($"{Git} status --porcelain", 0, " M backend/config/settings.py");
            Assert.Equal("0123456789ab-dirty", ImageTag.Resolve(null, Backend, dirty, default));
        }

        [Fact]
        public void Without_a_tag_or_a_git_commit_the_deploy_asks_for_Tag()
        {
            var noGit = new FakeProcessRunner().Missing("git");
            var notARepository = new FakeProcessRunner().OnStdErr($"{Git} rev-parse --short=12 HEAD", 128, "fatal: not a git repository");

            foreach (var runner in new[] { noGit, notARepository })
            {
                var error = Assert.Throws<KxException>(() => ImageTag.Resolve(null, Backend, runner, default));
                Assert.Equal(KxErrorIds.ImageTagRequired, error.ErrorId);
                Assert.Equal(KxErrorCategory.InvalidArgument, error.Category);
                Assert.Contains("-Tag", error.RecommendedAction);
            }
        }

        [Fact]
        public void The_build_plan_builds_tags_and_deploys_the_stack_file_on_stdin_and_pushes_nothing_without_a_registry()
        {
            using var project = Open("t1");

            var build = project.Build(waitFor: KxWaitCondition.Healthy);

            Assert.Equal(new[]
            {
                $"{Compose} build django postgres worker",
                "docker tag konnaxion_production_django konnaxion_production_django:t1",
                "docker tag konnaxion_production_postgres konnaxion_production_postgres:t1",
                "docker tag konnaxion_production_worker konnaxion_production_worker:t1",
                $"docker stack deploy --with-registry-auth --prune --resolve-image never -c - {Project}",
            }, build.CommandLines);
            Assert.Equal(3, build.Steps.Count);
            Assert.StartsWith("Build django, postgres, worker, tag the images :t1 (no image names a registry: nothing to push)", build.Steps[0]);
            Assert.StartsWith($"Deploy every service on Swarm stack {Project}: docker stack deploy", build.Steps[1]);
            Assert.Contains("image: \"konnaxion_production_worker:t1\"", build.Steps[1]);
            Assert.StartsWith($"Wait up to 120 s until every service of Swarm stack {Project} converges", build.Steps[2]);
            Assert.Equal($"{Project} (Production, Swarm stack)", build.Target);
        }

        [Fact]
        public void The_update_plan_lists_every_step_with_the_jobs_and_the_stack_files()
        {
            using var project = Open("t2");

            var update = project.Update();

            Assert.Equal(new[] { "Build", "Backup", "DeployDataServices", "Migrate", "Deploy", "Wait", "Verify" }.Length, update.Steps.Count);
            Assert.Contains("Back up the database of postgres, unless the stack does not exist yet: POST /services/create (Swarm job", update.Steps[1]);
            Assert.StartsWith($"If Swarm stack {Project} does not exist yet (a first deploy), start its data services alone and wait until they converge. Deploy postgres on Swarm stack {Project}", update.Steps[2]);
            Assert.DoesNotContain("django", update.Steps[2].Substring(update.Steps[2].IndexOf("stdin:", StringComparison.Ordinal)));
            Assert.Contains("Swarm job", update.Steps[3]);
            Assert.Contains("konnaxion_production_django:t2", update.Steps[3]);
            Assert.Contains("migrate", update.Steps[3]);
            Assert.StartsWith($"Deploy every service on Swarm stack {Project}", update.Steps[4]);
            Assert.StartsWith("Verify", update.Steps[6]);
        }

        [Fact]
        public void Images_with_a_registry_are_pushed()
        {
            Assert.True(ImageName.HasRegistry("localhost:5000/app"));
            Assert.True(ImageName.HasRegistry("registry.example.com/team/app:1"));
            Assert.True(ImageName.HasRegistry("localhost/app"));
            Assert.False(ImageName.HasRegistry("team/app"));
            Assert.False(ImageName.HasRegistry("konnaxion_production_django"));
            Assert.Equal("localhost:5000/app:t1", ImageName.WithTag("localhost:5000/app:latest", "t1"));
            Assert.Equal("localhost:5000/app:t1", ImageName.WithTag("localhost:5000/app", "t1"));
        }

        [Fact]
        public void No_step_shows_an_env_file_value()
        {
            using var project = Open("t1");
            var secrets = project.ComposeFile.Services.SelectMany(s => s.EnvFiles).Select(f => f.Path).Distinct()
                .SelectMany(path => DotEnvFile.Read(path)).Where(v => v.Key.Contains("PASSWORD") || v.Key.Contains("SECRET")).Select(v => v.Value).ToList();

            var plan = string.Join("\n", project.Update().Steps.Concat(project.Update().CommandLines));

            Assert.NotEmpty(secrets);
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, plan));
        }

        [Fact]
        public void Service_and_NoBuild_are_compose_s_and_refused_on_Swarm()
        {
            using var project = Open("t1");

            Assert.Equal(KxErrorIds.SwarmParameterUnsupported, Assert.Throws<KxException>(() => project.Build(new[] { "django" })).ErrorId);
            Assert.Equal(KxErrorIds.SwarmParameterUnsupported, Assert.Throws<KxException>(() => project.Build(noBuild: true)).ErrorId);
        }
    }
}
