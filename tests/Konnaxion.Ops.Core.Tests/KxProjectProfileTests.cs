using System;
using System.Linq;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Tests.Discovery;
using Konnaxion.Ops.Tests.Processes;

namespace Konnaxion.Ops.Tests
{
    /// <summary>What KxProject does with a service of a profile that is not active.</summary>
    public sealed class KxProjectProfileTests : IDisposable
    {
        private const string FlowerPassword = "fl0wer-" + "s3cret-value";

        private readonly TempTree _tree = new TempTree();

        public KxProjectProfileTests()
        {
            _tree.File("backend/docker-compose.local.yml", """
                services:
                  django:
                    image: konnaxion_local_django
                  flower:
                    image: konnaxion_local_flower
                    profiles: [monitoring]
                    env_file: ./.envs/.local/.flower
                """);
            _tree.File("backend/.envs/.local/.flower", $"FLOWER_PASSWORD={FlowerPassword}\n");
        }

        [Fact]
        public void Naming_a_service_of_an_inactive_profile_says_which_profile_to_activate()
        {
            using var project = KxProject.Open(_tree.Root);

            var error = Assert.Throws<KxException>(() => project.GetServiceStatus(new[] { "flower" }));

            Assert.Equal((KxErrorIds.ServiceNotFound, "flower"), (error.ErrorId, error.TargetObject));
            Assert.Contains("in the profile monitoring, which is not active", error.Message);
            Assert.Equal("Activate it for compose and the module alike: -Profile monitoring, or set COMPOSE_PROFILES=monitoring (in the environment or the project's .env).", error.RecommendedAction);
        }

        [Fact]
        public void The_env_file_secrets_of_an_inactive_service_are_masked_too()
        {
            using var project = KxProject.Open(_tree.Root);

            Assert.Equal("login " + Konnaxion.Ops.Output.SecretRedactor.Mask, project.Context.Redactor.Redact("login " + FlowerPassword));
        }

        [Theory]
        [InlineData(ComposeFlavor.V2, "docker compose")]
        [InlineData(ComposeFlavor.V1, "docker-compose")]
        public void Profiles_given_replace_COMPOSE_PROFILES_for_the_module_and_every_compose_command(ComposeFlavor flavor, string compose)
        {
            // The project's .env activates another profile, which the given ones replace, as compose's --profile does.
            _tree.File("backend/.env", "COMPOSE_PROFILES=tools\n");
            var runner = new FakeProcessRunner()
                .On("docker compose version", 0, "Docker Compose version 2.26.1-4")
                .On("docker-compose version", 0, "docker-compose version 1.29.2, build unknown");
            using var project = KxProject.Open(_tree.Root, KxEnvironment.Local, new KxProjectOptions
            {
                Compose = flavor, ProjectName = "kxprofile", ProcessRunner = runner, Profiles = new[] { "monitoring" },
            });

            Assert.Equal(new[] { "django", "flower" }, project.ComposeFile.Services.Select(s => s.Name));
            Assert.Empty(project.ComposeFile.InactiveServices);
            Assert.StartsWith($"{compose} -f {project.ComposeFile.Path} -p kxprofile --ansi never --profile monitoring up -d --build",
                project.Build().CommandLines.Single());
        }

        [Fact]
        public void Without_profiles_given_COMPOSE_PROFILES_of_the_env_file_decides()
        {
            _tree.File("backend/.env", "COMPOSE_PROFILES=monitoring\n");

            using var project = KxProject.Open(_tree.Root);

            Assert.Equal(new[] { "django", "flower" }, project.ComposeFile.Services.Select(s => s.Name));
        }

        public void Dispose() => _tree.Dispose();
    }
}
