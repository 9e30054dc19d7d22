using System;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Tests.Discovery;

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
            Assert.Equal("Activate it for compose and the module alike: set COMPOSE_PROFILES=monitoring (in the environment or the project's .env).", error.RecommendedAction);
        }

        [Fact]
        public void The_env_file_secrets_of_an_inactive_service_are_masked_too()
        {
            using var project = KxProject.Open(_tree.Root);

            Assert.Equal("login " + Konnaxion.Ops.Output.SecretRedactor.Mask, project.Redactor.Redact("login " + FlowerPassword));
        }

        public void Dispose() => _tree.Dispose();
    }
}
