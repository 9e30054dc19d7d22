using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Swarm;
using Konnaxion.Ops.Tests.Discovery;
using Konnaxion.Ops.Tests.Integration;

namespace Konnaxion.Ops.Tests.Swarm
{
    /// <summary>The stack file derived from a compose file: what stays, what goes, what changes, and no env-file value.</summary>
    public sealed class StackFileTests
    {
        private static readonly string Backend = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend");

        internal static string Derive(ComposeFile file, string tag = "t1") =>
            StackFile.Write(file, service => ImageName.WithTag(StackFile.RequireImage(service, file.Path), tag));

        private static ComposeFile Parse(string text, string path, IReadOnlyDictionary<string, string>? variables = null) =>
            ComposeFileParser.Parse(text, path, name => variables != null && variables.TryGetValue(name, out var value) ? value : null);

        [Fact]
        public void The_sample_becomes_tagged_images_without_build_or_depends_on_and_with_absolute_env_files()
        {
            var file = ComposeFileParser.Load(Path.Combine(Backend, "docker-compose.production.yml"), _ => null);

            var text = Derive(file);

            Assert.Equal(
                "services:\n" +
                "  django:\n" +
                "    image: \"konnaxion_production_django:t1\"\n" +
                "    env_file:\n" +
                $"      - \"{Backend}/.envs/.production/.django\"\n" +
                $"      - \"{Backend}/.envs/.production/.postgres\"\n" +
                "    command: /start\n" +
                "  postgres:\n" +
                "    image: \"konnaxion_production_postgres:t1\"\n" +
                "    volumes:\n" +
                "      - \"production_postgres_data:/var/lib/postgresql/data\"\n" +
                "      - \"production_postgres_data_backups:/backups\"\n" +
                "    env_file:\n" +
                $"      - \"{Backend}/.envs/.production/.postgres\"\n" +
                "    healthcheck:\n" +
                "      test:\n" +
                "        - \"CMD-SHELL\"\n" +
                "        - \"pg_isready -U $$POSTGRES_USER -d $$POSTGRES_DB\"\n" +
                "      interval: 2s\n" +
                "      timeout: 5s\n" +
                "      retries: 30\n" +
                "  worker:\n" +
                "    image: \"konnaxion_production_worker:t1\"\n" +
                "    command: \"python manage.py worker\"\n" +
                "    env_file:\n" +
                $"      - \"{Backend}/.envs/.production/.django\"\n" +
                $"      - \"{Backend}/.envs/.production/.postgres\"\n" +
                "volumes:\n" +
                "  production_postgres_data: {}\n" +
                "  production_postgres_data_backups: {}\n",
                text);
        }

        [Fact]
        public void No_env_file_value_is_in_the_text()
        {
            var file = ComposeFileParser.Load(Path.Combine(Backend, "docker-compose.production.yml"), _ => null);
            var text = Derive(file);

            var values = file.Services.SelectMany(s => s.EnvFiles).Select(f => f.Path).Distinct()
                .SelectMany(path => DotEnvFile.Read(path))
                .Where(variable => new[] { "PASSWORD", "SECRET", "KEY", "URL" }.Any(variable.Key.Contains))
                .Select(variable => variable.Value).ToList();

            Assert.NotEmpty(values);
            Assert.All(values, value => Assert.DoesNotContain(value, text));
        }

        [Fact]
        public void Merge_keys_are_resolved_and_the_service_own_keys_win()
        {
            using var tree = new TempTree();
            var path = tree.File("docker-compose.production.yml",
                "x-common: &common\n  restart: unless-stopped\n  environment:\n    MODE: base\n  deploy:\n    replicas: 2\n" +
                "services:\n  web:\n    <<: *common\n    image: nginx:1.27\n    environment:\n      MODE: web\n");

            var text = Derive(ComposeFileParser.Load(path, _ => null));

            Assert.Equal(
                "services:\n  web:\n    image: \"nginx:1.27\"\n    environment:\n      MODE: web\n    restart: unless-stopped\n    deploy:\n      replicas: 2\n",
                text);
        }

        [Fact]
        public void Env_file_long_syntax_becomes_the_short_one_with_a_missing_optional_file_left_out()
        {
            using var tree = new TempTree();
            tree.File(".envs/.app", "SECRET=value-of-the-app\n");
            var path = tree.File("docker-compose.production.yml",
                "services:\n  app:\n    image: busybox\n    env_file:\n      - path: ./.envs/.app\n        required: true\n      - path: ./.envs/.optional\n        required: false\n");

            var text = Derive(ComposeFileParser.Load(path, _ => null));

            Assert.Equal($"services:\n  app:\n    image: \"busybox\"\n    env_file:\n      - \"{tree.PathOf(".envs/.app")}\"\n", text);
        }

        [Fact]
        public void Values_are_interpolated_from_the_dot_env_and_each_dollar_is_escaped_for_stack_deploy()
        {
            using var tree = new TempTree();
            var path = tree.File("docker-compose.production.yml",
                "services:\n  app:\n    image: ${REGISTRY}/app\n    build: .\n    ports:\n      - \"${PORT:-8000}:5000\"\n    environment:\n      PRICE: \"$$5\"\n      WORKERS: ${WORKERS}\n" +
                "    volumes:\n      - ./media:/app/media:ro\n      - type: bind\n        source: ./static\n        target: /app/static\n");

            var text = Derive(Parse(File.ReadAllText(path), path, new Dictionary<string, string> { ["REGISTRY"] = "localhost:5000", ["WORKERS"] = "4" }), "abc");

            Assert.Equal(
                "services:\n  app:\n    image: \"localhost:5000/app:abc\"\n    ports:\n      - \"8000:5000\"\n    environment:\n      PRICE: \"$$5\"\n      WORKERS: 4\n" +
                $"    volumes:\n      - \"{tree.PathOf("media")}:/app/media:ro\"\n      -\n        type: bind\n        source: \"{tree.PathOf("static")}\"\n        target: /app/static\n",
                text);
        }

        [Fact]
        public void A_built_service_without_an_image_name_is_refused_with_what_to_write()
        {
            using var tree = new TempTree();
            var path = tree.File("docker-compose.production.yml", "services:\n  django:\n    build: .\n");

            var error = Assert.Throws<KxException>(() => Derive(ComposeFileParser.Load(path, _ => null)));

            Assert.Equal(KxErrorIds.ImageNameRequired, error.ErrorId);
            Assert.Equal(KxErrorCategory.InvalidData, error.Category);
            Assert.Equal("django", error.TargetObject);
            Assert.Contains("image:", error.RecommendedAction);
        }

        [Fact]
        public void A_service_made_with_extends_is_refused_rather_than_half_derived()
        {
            using var tree = new TempTree();
            var path = tree.File("docker-compose.production.yml",
                "services:\n  base:\n    image: busybox\n    command: sleep 1\n  app:\n    extends: base\n");

            var error = Assert.Throws<KxException>(() => Derive(ComposeFileParser.Load(path, _ => null)));

            Assert.Equal(KxErrorIds.StackFileUnsupported, error.ErrorId);
            Assert.Equal("app", error.TargetObject);
        }
    }
}
