using System;
using System.IO;
using System.Linq;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Swarm;

namespace Konnaxion.Ops.Tests.Swarm
{
    /// <summary>The environment a project's Swarm job gets: the service's env files, then its own environment:, as compose gives it.</summary>
    public sealed class ProjectJobTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "kx-job-env-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        public ProjectJobTests()
        {
            Directory.CreateDirectory(_folder);
            File.WriteAllText(Path.Combine(_folder, "first.env"), "POSTGRES_HOST=postgres\nPOSTGRES_PASSWORD=from-first\n");
            File.WriteAllText(Path.Combine(_folder, "second.env"), "POSTGRES_PASSWORD=from-second\nUSE_DOCKER=yes\n");
        }

        [Theory]
        [InlineData("    environment:\n      DJANGO_SETTINGS_MODULE: config.settings.production\n      USE_DOCKER: \"no\"\n      REGION: ${KX_REGION}\n")]
        [InlineData("    environment:\n      - DJANGO_SETTINGS_MODULE=config.settings.production\n      - USE_DOCKER=no\n      - REGION=${KX_REGION}\n")]
        public void The_env_files_in_order_then_the_services_own_environment_which_wins(string environment)
        {
            var django = Parse("services:\n  django:\n    image: konnaxion/django\n    env_file: [first.env, second.env]\n" + environment).Services.Single();

            Assert.Equal(new[]
            {
                "POSTGRES_HOST=postgres", "POSTGRES_PASSWORD=from-second", "USE_DOCKER=no",
                "DJANGO_SETTINGS_MODULE=config.settings.production", "REGION=eu-west",
            }, ProjectJob.Environment(django));
        }

        [Fact]
        public void A_name_without_a_value_takes_this_process_s_and_is_left_out_when_it_has_none()
        {
            var name = "KX_JOB_TEST_" + Guid.NewGuid().ToString("N").Substring(0, 6).ToUpperInvariant();
            System.Environment.SetEnvironmentVariable(name + "_SET", "here");
            try
            {
                var django = Parse($"services:\n  django:\n    image: konnaxion/django\n    environment:\n      - {name}_SET\n      - {name}_UNSET\n").Services.Single();

                Assert.Equal(new[] { name + "_SET=here" }, ProjectJob.Environment(django));
            }
            finally
            {
                System.Environment.SetEnvironmentVariable(name + "_SET", null);
            }
        }

        private ComposeFile Parse(string text) =>
            ComposeFileParser.Parse(text, Path.Combine(_folder, "docker-compose.production.yml"), name => name == "KX_REGION" ? "eu-west" : null);

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
