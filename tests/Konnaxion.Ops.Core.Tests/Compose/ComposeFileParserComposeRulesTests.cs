using System.Collections.Generic;
using System.IO;
using System.Linq;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Tests.Compose
{
    /// <summary>Compose v2's rules the parser follows: profiles, extends, !reset, ports, and what compose refuses.</summary>
    public sealed class ComposeFileParserComposeRulesTests
    {
        private static readonly string FilePath = Path.Combine(Path.GetTempPath(), "konnaxion", "backend", "compose.yaml");

        private static ComposeFile Parse(string yaml, IDictionary<string, string>? variables = null) =>
            ComposeFileParser.Parse(yaml, FilePath, name => variables != null && variables.TryGetValue(name, out var v) ? v : null);

        private const string WithProfiles = "services:\n  django:\n    image: x\n  flower:\n    image: x\n    profiles: [monitoring]\n  docs:\n    image: x\n    profiles: [docs, monitoring]\n";

        [Fact]
        public void ServicesOfAnInactiveProfileAreSetApart()
        {
            var file = Parse(WithProfiles);

            Assert.Equal(new[] { "django" }, file.Services.Select(s => s.Name));
            Assert.Equal(new[] { "flower", "docs" }, file.InactiveServices.Select(s => s.Name));
            Assert.Null(file.FindService("flower"));
        }

        [Fact]
        public void ComposeProfilesActivatesTheirServices()
        {
            var file = Parse(WithProfiles, new Dictionary<string, string> { ["COMPOSE_PROFILES"] = "docs" });

            Assert.Equal(new[] { "django", "docs" }, file.Services.Select(s => s.Name));
            Assert.Equal(new[] { "docs", "monitoring" }, file.FindService("docs")!.Profiles);
        }

        [Fact]
        public void ExtendsInTheSameFileMergesAndResetRemoves()
        {
            var file = Parse("services:\n  base:\n    image: x\n    ports: [\"80:80\"]\n    env_file: [a.env]\n    healthcheck:\n      test: [CMD, true]\n  worker:\n    extends: base\n    ports: !reset []\n    env_file: [a.env, b.env]\n");

            var worker = file.FindService("worker")!;
            Assert.Equal("x", worker.Image);
            Assert.Empty(worker.Ports);
            Assert.Equal(new[] { "a.env", "b.env" }, worker.EnvFiles.Select(f => Path.GetFileName(f.Path)));
            Assert.True(worker.HasHealthCheck);
        }

        [Fact]
        public void PortRangesAreOnePortEach()
        {
            var app = Parse("services:\n  app:\n    image: x\n    ports:\n      - \"127.0.0.1:9000-9001:9000-9001/udp\"\n      - \"5678\"\n      - target: 8000\n        published: 8000\n").Services.Single();

            Assert.Equal(new[] { "127.0.0.1:9000:9000/udp", "127.0.0.1:9001:9001/udp", "5678/tcp", "8000:8000/tcp" }, app.Ports.Select(p => p.ToString()));
        }

        [Theory]
        [InlineData("services:\n  django:\n    image: x\n    ports: \"8000:8000\"\n", "services.django.ports")]
        [InlineData("services:\n  django:\n    image: x\n    depends_on: [postgres]\n", "services.django.depends_on naming 'postgres'")]
        [InlineData("services:\n  django:\n    image: x\n    environment:\n      KEY: \"${KEY:?set KEY}\"\n", "services.django.environment.KEY (line 5)")]
        [InlineData("services:\n  django:\n    command: /start\n", "'django' with neither an image nor a build")]
        [InlineData("services:\n  django:\n    extends: base\n", "services.django.extends naming service 'base'")]
        [InlineData("services:\n  django:\n    image: x\n    depends_on: [flower]\n  flower:\n    image: x\n    profiles: [monitoring]\n", "only in profile monitoring")]
        public void WhatComposeRefusesIsComposeFileInvalidNamingTheField(string yaml, string named)
        {
            var ex = Assert.Throws<KxException>(() => Parse(yaml));

            Assert.Equal(KxErrorIds.ComposeFileInvalid, ex.ErrorId);
            Assert.Contains(FilePath, ex.Message);
            Assert.Contains(named, ex.Message);
        }
    }
}
