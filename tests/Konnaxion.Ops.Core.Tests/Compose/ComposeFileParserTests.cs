using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Tests.Compose
{
    public sealed class ComposeFileParserTests
    {
        private static readonly string Folder = Path.Combine(Path.GetTempPath(), "konnaxion", "backend");
        private static readonly string FilePath = Path.Combine(Folder, "docker-compose.local.yml");

        /// <summary>The local compose file cookiecutter-django generates, as Konnaxion uses it.</summary>
        private const string CookiecutterLocal = @"version: ""3""

volumes:
  konnaxion_local_postgres_data: {}
  konnaxion_local_postgres_data_backups: {}

services:
  django: &django
    build:
      context: .
      dockerfile: ./compose/local/django/Dockerfile
    image: konnaxion_local_django
    container_name: konnaxion_local_django
    depends_on:
      - postgres
      - redis
      - mailpit
    volumes:
      - .:/app:z
    env_file:
      - ./.envs/.local/.django
      - ./.envs/.local/.postgres
    ports:
      - ""8000:8000""
    command: /start

  postgres:
    build:
      context: .
      dockerfile: ./compose/production/postgres/Dockerfile
    image: konnaxion_production_postgres
    container_name: konnaxion_local_postgres
    volumes:
      - konnaxion_local_postgres_data:/var/lib/postgresql/data
      - konnaxion_local_postgres_data_backups:/backups
    env_file:
      - ./.envs/.local/.postgres

  mailpit:
    image: docker.io/axllent/mailpit:latest
    container_name: konnaxion_local_mailpit
    ports:
      - ""8025:8025""

  redis:
    image: docker.io/redis:6
    container_name: konnaxion_local_redis

  celeryworker:
    <<: *django
    image: konnaxion_local_celeryworker
    container_name: konnaxion_local_celeryworker
    depends_on:
      - redis
      - postgres
      - mailpit
    ports: []
    command: /start-celeryworker

  celerybeat:
    <<: *django
    image: konnaxion_local_celerybeat
    ports: []
    command: /start-celerybeat
";

        private static ComposeFile Parse(string yaml, IDictionary<string, string>? variables = null) =>
            ComposeFileParser.Parse(yaml, FilePath, name => variables != null && variables.TryGetValue(name, out var v) ? v : null);

        private static string Local(params string[] parts) => Path.Combine(new[] { Folder }.Concat(parts).ToArray());

        private static ComposeService Only(ComposeFile file) => Assert.Single(file.Services);

        [Fact]
        public void ReadsTheServicesOfACookiecutterDjangoFileInOrder()
        {
            var file = Parse(CookiecutterLocal);

            Assert.Equal(new[] { "django", "postgres", "mailpit", "redis", "celeryworker", "celerybeat" }, file.Services.Select(s => s.Name));
            Assert.Null(file.Name);
            Assert.Equal(FilePath, file.Path);
            Assert.Equal(Folder, file.Directory);

            var django = file.FindService("django")!;
            Assert.Equal("konnaxion_local_django", django.Image);
            Assert.Equal("konnaxion_local_django", django.ContainerName);
            Assert.True(django.HasBuild);
            Assert.Equal(new[] { "postgres", "redis", "mailpit" }, django.DependsOn);
            Assert.Equal(new[] { Local(".envs", ".local", ".django"), Local(".envs", ".local", ".postgres") }, django.EnvFiles.Select(e => e.Path));
            Assert.All(django.EnvFiles, e => Assert.True(e.Required));

            var mailpit = file.FindService("mailpit")!;
            Assert.False(mailpit.HasBuild);
            Assert.Empty(mailpit.EnvFiles);
            Assert.Empty(mailpit.DependsOn);
            Assert.Empty(mailpit.Volumes);
            Assert.Null(file.FindService("Django"));
        }

        [Fact]
        public void AWorkerMergedFromTheDjangoAnchorKeepsItsOwnKeysAndInheritsTheRest()
        {
            var file = Parse(CookiecutterLocal);

            var worker = file.FindService("celeryworker")!;
            Assert.Equal("konnaxion_local_celeryworker", worker.Image);
            Assert.Equal("konnaxion_local_celeryworker", worker.ContainerName);
            Assert.Equal(new[] { "redis", "postgres", "mailpit" }, worker.DependsOn);
            Assert.True(worker.HasBuild);
            Assert.Equal(new[] { Local(".envs", ".local", ".django"), Local(".envs", ".local", ".postgres") }, worker.EnvFiles.Select(e => e.Path));
            var volume = Assert.Single(worker.Volumes);
            Assert.Equal(Folder, volume.HostPath);
            Assert.Equal("/app", volume.Target);

            var beat = file.FindService("celerybeat")!;
            Assert.Equal("konnaxion_local_celerybeat", beat.Image);
            Assert.Equal("konnaxion_local_django", beat.ContainerName);
            Assert.Equal(new[] { "postgres", "redis", "mailpit" }, beat.DependsOn);

            // Merging does not alter the anchored service.
            Assert.Equal("konnaxion_local_django", file.FindService("django")!.Image);
        }

        [Fact]
        public void AKeyOfTheMappingWinsOverAMergedOneWrittenAfterIt()
        {
            var file = Parse(@"
services:
  base: &base
    image: base-image
    container_name: base-name
    working_dir: /base
  web:
    image: own-image
    working_dir: /own
    <<: *base
");

            var web = file.FindService("web")!;
            Assert.Equal("own-image", web.Image);
            Assert.Equal("/own", web.WorkingDir);
            Assert.Equal("base-name", web.ContainerName);
        }

        [Fact]
        public void InAMergeListTheEarlierSourceWins()
        {
            var file = Parse(@"
x-a: &a
  image: from-a
  working_dir: /a
x-b: &b
  image: from-b
  container_name: from-b
  working_dir: /b
services:
  app:
    <<: [*a, *b]
    working_dir: /own
");

            var app = Only(file);
            Assert.Equal("from-a", app.Image);
            Assert.Equal("from-b", app.ContainerName);
            Assert.Equal("/own", app.WorkingDir);
        }

        [Fact]
        public void MergesNestedMergeKeys()
        {
            var file = Parse(@"
x-root: &root
  image: root-image
  working_dir: /root
x-middle: &middle
  <<: *root
  working_dir: /middle
services:
  app:
    <<: *middle
");

            var app = Only(file);
            Assert.Equal("root-image", app.Image);
            Assert.Equal("/middle", app.WorkingDir);
        }

        [Fact]
        public void AMergeKeyWhoseValueIsNotAMappingIsInvalid()
        {
            var ex = Assert.Throws<KxException>(() => Parse("services:\n  app:\n    image: x\n    <<: just-a-string\n"));

            Assert.Equal(KxErrorIds.ComposeFileInvalid, ex.ErrorId);
            Assert.Contains("line 4", ex.Message);
        }

        [Fact]
        public void ReadsEnvFileAsAString()
        {
            var app = Only(Parse("services:\n  app:\n    image: x\n    env_file: .envs/.local/.django\n"));

            var envFile = Assert.Single(app.EnvFiles);
            Assert.Equal(Local(".envs", ".local", ".django"), envFile.Path);
            Assert.True(envFile.Required);
        }

        [Fact]
        public void ReadsEnvFileInLongFormWithRequired()
        {
            var app = Only(Parse(@"
services:
  app:
    image: x
    env_file:
      - ./.envs/.local/.django
      - path: ./.envs/.local/.optional
        required: false
      - path: ./.envs/.local/.postgres
      - path: ./.envs/.local/.explicit
        required: true
"));

            Assert.Equal(
                new[]
                {
                    (Local(".envs", ".local", ".django"), true),
                    (Local(".envs", ".local", ".optional"), false),
                    (Local(".envs", ".local", ".postgres"), true),
                    (Local(".envs", ".local", ".explicit"), true),
                },
                app.EnvFiles.Select(e => (e.Path, e.Required)));
        }

        [Fact]
        public void ReadsDependsOnAsAMappingWithConditions()
        {
            var app = Parse(@"
services:
  app:
    image: x
    depends_on:
      postgres:
        condition: service_healthy
      redis:
        condition: service_started
        restart: true
  postgres:
    image: postgres:16
  redis:
    image: redis:7
").FindService("app")!;

            Assert.Equal(new[] { "postgres", "redis" }, app.DependsOn);
        }

        [Theory]
        [InlineData("    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U konnaxion\"]\n      interval: 5s\n", true)]
        [InlineData("    healthcheck:\n      test: curl -f http://localhost:8000/ || exit 1\n", true)]
        [InlineData("    healthcheck:\n      disable: true\n", false)]
        [InlineData("    healthcheck:\n      test: [\"NONE\"]\n", false)]
        [InlineData("", false)]
        public void TellsWhetherAHealthCheckIsDeclared(string healthcheck, bool expected)
        {
            var app = Only(Parse("services:\n  postgres:\n    image: postgres:16\n" + healthcheck));

            Assert.Equal(expected, app.HasHealthCheck);
        }

        [Fact]
        public void ReadsShortVolumeSyntax()
        {
            var app = Only(Parse(@"
services:
  app:
    image: x
    volumes:
      - .:/app:z
      - data:/var/lib/postgresql/data
      - C:\src\app:/app
      - /data
      - ./compose/../media:/media:ro
      - /srv/konnaxion/static:/static
      - ~/cache:/cache
"));

            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            Assert.Equal(
                new (string?, string?, string)[]
                {
                    (Folder, null, "/app"),
                    (null, "data", "/var/lib/postgresql/data"),
                    (@"C:\src\app", null, "/app"),
                    (null, null, "/data"),
                    (Local("media"), null, "/media"),
                    (Path.GetFullPath("/srv/konnaxion/static"), null, "/static"),
                    (Path.Combine(home, "cache"), null, "/cache"),
                },
                app.Volumes.Select(v => (v.HostPath, v.VolumeName, v.Target)));
        }

        [Fact]
        public void ReadsLongVolumeSyntax()
        {
            var app = Only(Parse(@"
services:
  app:
    image: x
    volumes:
      - type: bind
        source: ./konnaxion
        target: /app/konnaxion
        read_only: true
      - type: volume
        source: media
        target: /app/media
      - type: tmpfs
        target: /tmp
"));

            Assert.Equal(
                new (string?, string?, string)[]
                {
                    (Local("konnaxion"), null, "/app/konnaxion"),
                    (null, "media", "/app/media"),
                    (null, null, "/tmp"),
                },
                app.Volumes.Select(v => (v.HostPath, v.VolumeName, v.Target)));
        }

        [Fact]
        public void ReadsTheTopLevelName()
        {
            var file = Parse("name: konnaxion\nservices:\n  django:\n    image: x\n");

            Assert.Equal("konnaxion", file.Name);
        }

        [Fact]
        public void InterpolatesImageContainerNameAndEnvFileWithDefaults()
        {
            const string yaml = @"
name: ${PROJECT:-konnaxion}
services:
  django:
    image: ""${REGISTRY:-ghcr.io/konnaxion}/django:${TAG:-latest}""
    container_name: ${PROJECT:-konnaxion}_django
    env_file:
      - ${ENVS:-./.envs}/.local/.django
";

            var defaults = Parse(yaml);
            Assert.Equal("konnaxion", defaults.Name);
            Assert.Equal("ghcr.io/konnaxion/django:latest", defaults.Services[0].Image);
            Assert.Equal("konnaxion_django", defaults.Services[0].ContainerName);
            Assert.Equal(Local(".envs", ".local", ".django"), defaults.Services[0].EnvFiles[0].Path);

            var set = Parse(yaml, new Dictionary<string, string> { ["TAG"] = "1.4.2", ["PROJECT"] = "kx", ["ENVS"] = "./config" });
            Assert.Equal("kx", set.Name);
            Assert.Equal("ghcr.io/konnaxion/django:1.4.2", set.Services[0].Image);
            Assert.Equal("kx_django", set.Services[0].ContainerName);
            Assert.Equal(Local("config", ".local", ".django"), set.Services[0].EnvFiles[0].Path);
        }

        [Fact]
        public void AMissingRequiredVariableIsComposeFileInvalidNamingTheKey()
        {
            var ex = Assert.Throws<KxException>(() => Parse("services:\n  django:\n    image: \"konnaxion:${TAG:?set TAG first}\"\n"));

            Assert.Equal(KxErrorIds.ComposeFileInvalid, ex.ErrorId);
            Assert.Contains("services.django.image (line 3)", ex.Message);
            Assert.Contains("set TAG first", ex.Message);
        }

        [Theory]
        [InlineData("services:\n  django:\n    image: konnaxion: latest\n", "at line 3, column 21")]
        [InlineData("services:\n  django:\n    image: konnaxion\n    image: postgres\n", "at line 4,")]
        [InlineData("services:\n  django:\n    image: konnaxion\n   command: /start\n", "at line 4,")]
        [InlineData("services:\n  django:\n    image: konnaxion\n    command: [/start\n", "at line 5,")]
        [InlineData("services:\n  django:\n    image: konnaxion\n    command: [/start\n  postgres:\n    image: postgres\n", "near line 4,")]
        public void InvalidYamlIsComposeFileInvalidWithTheLine(string yaml, string where)
        {
            var ex = Assert.Throws<KxException>(() => Parse(yaml));

            Assert.Equal(KxErrorIds.ComposeFileInvalid, ex.ErrorId);
            Assert.Equal(KxErrorCategory.InvalidData, ex.Category);
            Assert.Equal(FilePath, ex.TargetObject);
            Assert.Contains(FilePath, ex.Message);
            Assert.Contains("is not valid YAML " + where, ex.Message);
        }

        [Theory]
        [InlineData("version: \"3\"\nvolumes:\n  data: {}\n")]
        [InlineData("services:\n")]
        [InlineData("services: [django, postgres]\n")]
        [InlineData("")]
        [InlineData("- just\n- a list\n")]
        public void AFileWithoutAServicesMappingIsInvalid(string yaml)
        {
            var ex = Assert.Throws<KxException>(() => Parse(yaml));

            Assert.Equal(KxErrorIds.ComposeFileInvalid, ex.ErrorId);
            Assert.Equal(FilePath, ex.TargetObject);
        }

        [Fact]
        public void AServiceThatIsAListIsInvalid()
        {
            var ex = Assert.Throws<KxException>(() => Parse("services:\n  django:\n    - image: konnaxion\n"));

            Assert.Equal(KxErrorIds.ComposeFileInvalid, ex.ErrorId);
            Assert.Contains("'django'", ex.Message);
            Assert.Contains("list", ex.Message);
        }

        [Fact]
        public void AListWhereAValueBelongsIsInvalid()
        {
            var ex = Assert.Throws<KxException>(() => Parse("services:\n  django:\n    image: [a, b]\n"));

            Assert.Equal(KxErrorIds.ComposeFileInvalid, ex.ErrorId);
            Assert.Contains("services.django.image (line 3)", ex.Message);
        }

        [Fact]
        public void KeepsNonAsciiValues()
        {
            var app = Only(Parse("services:\n  django:\n    image: registre.exemple/équipe:été\n    working_dir: /app/données/café ☕\n    container_name: konnaxion_idées\n"));

            Assert.Equal("registre.exemple/équipe:été", app.Image);
            Assert.Equal("/app/données/café ☕", app.WorkingDir);
            Assert.Equal("konnaxion_idées", app.ContainerName);
        }

        [Fact]
        public void LoadReadsAUtf8FileWithABom()
        {
            var folder = Path.Combine(Path.GetTempPath(), "kx-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                var path = Path.Combine(folder, "docker-compose.local.yml");
                File.WriteAllText(path, "services:\n  django:\n    image: konnaxion\n    working_dir: /app/données\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

                var file = ComposeFileParser.Load(path, _ => null);

                Assert.Equal("/app/données", Only(file).WorkingDir);
                Assert.Equal(folder, file.Directory);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void LoadOfAMissingFileIsComposeFileNotFound()
        {
            var path = Path.Combine(Path.GetTempPath(), "kx-tests-" + Guid.NewGuid().ToString("N"), "docker-compose.local.yml");

            var ex = Assert.Throws<KxException>(() => ComposeFileParser.Load(path, _ => null));

            Assert.Equal(KxErrorIds.ComposeFileNotFound, ex.ErrorId);
            Assert.Equal(path, ex.TargetObject);
        }
    }
}
