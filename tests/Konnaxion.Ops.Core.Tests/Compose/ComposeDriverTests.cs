using System;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Tests.Processes;

namespace Konnaxion.Ops.Tests.Compose
{
    public sealed class ComposeDriverTests
    {
        private const string Plugin = "docker compose version";
        private const string Standalone = "docker-compose version";

        private static readonly string[] V1Output =
        {
            "docker-compose version 1.29.2, build unknown",
            "docker-py version: 5.0.3",
            "CPython version: 3.11.2",
            "OpenSSL version: OpenSSL 3.0.15 3 Sep 2024",
        };

        [Theory]
        [InlineData("Docker Compose version v2.26.1", 2, 26, 1)]
        [InlineData("Docker Compose version 2.26.1+ds1-0+deb13u1", 2, 26, 1)]
        [InlineData("Docker Compose version 2.26.1-4", 2, 26, 1)]
        [InlineData("Docker Compose version v2.20.2", 2, 20, 2)]
        [InlineData("Docker Compose version v2.29.1-desktop.1", 2, 29, 1)]
        [InlineData("docker-compose version 1.29.2, build unknown\ndocker-py version: 5.0.3\nCPython version: 3.11.2\nOpenSSL version: OpenSSL 3.0.15 3 Sep 2024", 1, 29, 2)]
        [InlineData("docker-compose version 1.27.4, build 40524192\r\n", 1, 27, 4)]
        public void ParsesTheVersionOfRealOutputs(string output, int major, int minor, int build) =>
            Assert.Equal(new Version(major, minor, build), ComposeDriver.ParseVersion(output));

        [Theory]
        [InlineData("")]
        [InlineData("docker: 'compose' is not a docker command.\nSee 'docker --help'")]
        [InlineData("Docker Compose version dev")]
        [InlineData("Docker Compose 2.26.1")]
        [InlineData("version 2.26")]
        public void ParsesGarbageAsNull(string output) => Assert.Null(ComposeDriver.ParseVersion(output));

        [Fact]
        public void AutoPrefersThePlugin()
        {
            var runner = new FakeProcessRunner()
                .On(Plugin, 0, "Docker Compose version v2.26.1")
                .On(Standalone, 0, V1Output);

            var driver = ComposeDriver.Detect(ComposeFlavor.Auto, runner, CancellationToken.None);

            Assert.Equal("docker", driver.Executable);
            Assert.Equal(new[] { "compose" }, driver.PrefixArguments);
            Assert.Equal(new Version(2, 26, 1), driver.Version);
            Assert.True(driver.IsV2);
            Assert.Equal("docker compose 2.26.1", driver.ToString());
            Assert.Equal(new[] { Plugin }, runner.CommandLines);
        }

        [Fact]
        public void AutoFallsBackToV1WhenThePluginFails()
        {
            var runner = new FakeProcessRunner()
                .OnStdErr(Plugin, 1, "docker: 'compose' is not a docker command.", "See 'docker --help'")
                .On(Standalone, 0, V1Output);

            var driver = ComposeDriver.Detect(ComposeFlavor.Auto, runner, CancellationToken.None);

            Assert.Equal("docker-compose", driver.Executable);
            Assert.Empty(driver.PrefixArguments);
            Assert.Equal(new Version(1, 29, 2), driver.Version);
            Assert.False(driver.IsV2);
            Assert.Equal("docker-compose 1.29.2", driver.ToString());
            Assert.Equal(new[] { Plugin, Standalone }, runner.CommandLines);
        }

        [Fact]
        public void AutoFallsBackWhenDockerItselfIsMissing()
        {
            var runner = new FakeProcessRunner().Missing("docker").On(Standalone, 0, "Docker Compose version v2.20.2");

            var driver = ComposeDriver.Detect(ComposeFlavor.Auto, runner, CancellationToken.None);

            Assert.Equal("docker-compose 2.20.2", driver.ToString());
        }

        [Fact]
        public void AnswerWithoutAVersionCountsAsNoAnswer()
        {
            var runner = new FakeProcessRunner()
                .On(Plugin, 0, "Usage:  docker [OPTIONS] COMMAND")
                .On(Standalone, 0, V1Output);

            Assert.Equal("docker-compose 1.29.2", ComposeDriver.Detect(ComposeFlavor.Auto, runner, CancellationToken.None).ToString());
        }

        [Fact]
        public void V1RequestedWhileDockerComposeIsAStandaloneV2IsNotInstalled()
        {
            var runner = new FakeProcessRunner()
                .On(Plugin, 0, "Docker Compose version v2.26.1")
                .On(Standalone, 0, "Docker Compose version v2.20.2");

            var ex = Assert.Throws<KxException>(() => ComposeDriver.Detect(ComposeFlavor.V1, runner, CancellationToken.None));

            Assert.Equal(KxErrorIds.ComposeNotInstalled, ex.ErrorId);
            Assert.Equal(KxErrorCategory.NotInstalled, ex.Category);
            Assert.Equal(ComposeFlavor.V1, ex.TargetObject);
            Assert.Equal("Docker Compose v1 was not found: 'docker compose' is 2.26.1; 'docker-compose' is 2.20.2.", ex.Message);
        }

        [Fact]
        public void V1RequestedUsesDockerComposeV1EvenWithThePluginInstalled()
        {
            var runner = new FakeProcessRunner()
                .On(Plugin, 0, "Docker Compose version v2.26.1")
                .On(Standalone, 0, V1Output);

            Assert.Equal("docker-compose 1.29.2", ComposeDriver.Detect(ComposeFlavor.V1, runner, CancellationToken.None).ToString());
        }

        [Fact]
        public void V2RequestedWithOnlyAStandaloneV2UsesIt()
        {
            var runner = new FakeProcessRunner()
                .OnStdErr(Plugin, 1, "docker: 'compose' is not a docker command.")
                .On(Standalone, 0, "Docker Compose version v2.20.2");

            var driver = ComposeDriver.Detect(ComposeFlavor.V2, runner, CancellationToken.None);

            Assert.Equal("docker-compose", driver.Executable);
            Assert.Empty(driver.PrefixArguments);
            Assert.Equal(new Version(2, 20, 2), driver.Version);
            Assert.True(driver.IsV2);
        }

        [Fact]
        public void V2RequestedWithOnlyV1IsNotInstalled()
        {
            var runner = new FakeProcessRunner()
                .OnStdErr(Plugin, 1, "docker: 'compose' is not a docker command.")
                .On(Standalone, 0, V1Output);

            var ex = Assert.Throws<KxException>(() => ComposeDriver.Detect(ComposeFlavor.V2, runner, CancellationToken.None));

            Assert.Equal(KxErrorIds.ComposeNotInstalled, ex.ErrorId);
            Assert.Equal("Docker Compose v2 was not found: 'docker compose' did not answer; 'docker-compose' is 1.29.2.", ex.Message);
        }

        [Fact]
        public void NothingInstalledIsNotInstalledListingWhatWasTried()
        {
            var runner = new FakeProcessRunner().Missing("docker").Missing("docker-compose");

            var ex = Assert.Throws<KxException>(() => ComposeDriver.Detect(ComposeFlavor.Auto, runner, CancellationToken.None));

            Assert.Equal(KxErrorIds.ComposeNotInstalled, ex.ErrorId);
            Assert.Equal(KxErrorCategory.NotInstalled, ex.Category);
            Assert.Equal(ComposeFlavor.Auto, ex.TargetObject);
            Assert.Equal("Docker Compose was not found: 'docker compose' did not answer; 'docker-compose' did not answer.", ex.Message);
            Assert.Contains(ComposeDriver.EnvironmentVariable, ex.RecommendedAction);
            Assert.Equal(new[] { Plugin, Standalone }, runner.CommandLines);
        }

        [Fact]
        public void V1OlderThan128IsUnsupported()
        {
            var runner = new FakeProcessRunner()
                .Missing("docker")
                .On(Standalone, 0, "docker-compose version 1.27.4, build 40524192");

            var ex = Assert.Throws<KxException>(() => ComposeDriver.Detect(ComposeFlavor.Auto, runner, CancellationToken.None));

            Assert.Equal(KxErrorIds.ComposeVersionUnsupported, ex.ErrorId);
            Assert.Equal(KxErrorCategory.NotInstalled, ex.Category);
            Assert.Equal("docker-compose", ex.TargetObject);
            Assert.Contains("1.27.4", ex.Message);
            Assert.Contains("1.28", ex.Message);
        }

        [Fact]
        public void V1128IsTheOldestSupported()
        {
            var runner = new FakeProcessRunner().Missing("docker").On(Standalone, 0, "docker-compose version 1.28.0, build d02a7b1a");

            Assert.Equal(new Version(1, 28, 0), ComposeDriver.Detect(ComposeFlavor.V1, runner, CancellationToken.None).Version);
        }

        [Fact]
        public void DetectsOncePerRunnerAndFlavor()
        {
            var runner = new FakeProcessRunner()
                .On(Plugin, 0, "Docker Compose version v2.26.1")
                .On(Standalone, 0, V1Output);

            var first = ComposeDriver.Detect(ComposeFlavor.Auto, runner, CancellationToken.None);
            var second = ComposeDriver.Detect(ComposeFlavor.Auto, runner, CancellationToken.None);
            var v1 = ComposeDriver.Detect(ComposeFlavor.V1, runner, CancellationToken.None);

            Assert.Same(first, second);
            Assert.Equal("docker-compose 1.29.2", v1.ToString());
            Assert.Equal(new[] { Plugin, Plugin, Standalone }, runner.CommandLines);
        }

        [Fact]
        public void AnotherRunnerDetectsAfresh()
        {
            var pluginOnly = new FakeProcessRunner().On(Plugin, 0, "Docker Compose version v2.26.1");
            var v1Only = new FakeProcessRunner().Missing("docker").On(Standalone, 0, V1Output);

            Assert.Equal("docker compose 2.26.1", ComposeDriver.Detect(ComposeFlavor.Auto, pluginOnly, CancellationToken.None).ToString());
            Assert.Equal("docker-compose 1.29.2", ComposeDriver.Detect(ComposeFlavor.Auto, v1Only, CancellationToken.None).ToString());
        }

        [Fact]
        public void DetectionHonoursCancellation()
        {
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            var runner = new FakeProcessRunner().On(Plugin, 0, "Docker Compose version v2.26.1");

            Assert.ThrowsAny<OperationCanceledException>(() => ComposeDriver.Detect(ComposeFlavor.Auto, runner, cancelled.Token));
        }

        [Theory]
        [InlineData(ComposeFlavor.V1, "v2", ComposeFlavor.V1)]
        [InlineData(ComposeFlavor.Auto, "v1", ComposeFlavor.Auto)]
        [InlineData(ComposeFlavor.V2, "bogus", ComposeFlavor.V2)]
        [InlineData(null, "v1", ComposeFlavor.V1)]
        [InlineData(null, "V2", ComposeFlavor.V2)]
        [InlineData(null, " v2 ", ComposeFlavor.V2)]
        [InlineData(null, "auto", ComposeFlavor.Auto)]
        [InlineData(null, "AUTO", ComposeFlavor.Auto)]
        [InlineData(null, null, ComposeFlavor.Auto)]
        [InlineData(null, "", ComposeFlavor.Auto)]
        [InlineData(null, "   ", ComposeFlavor.Auto)]
        public void ChoosesTheFlavorFromTheParameterThenTheEnvironment(ComposeFlavor? parameter, string? environment, ComposeFlavor expected) =>
            Assert.Equal(expected, ComposeDriver.ChooseFlavor(parameter, environment));

        [Theory]
        [InlineData("bogus")]
        [InlineData("v3")]
        [InlineData("compose")]
        [InlineData("7")]
        public void AnUnknownFlavorInTheEnvironmentIsUnsupported(string value)
        {
            var ex = Assert.Throws<KxException>(() => ComposeDriver.ChooseFlavor(null, value));

            Assert.Equal(KxErrorIds.ComposeVersionUnsupported, ex.ErrorId);
            Assert.Equal(KxErrorCategory.InvalidArgument, ex.Category);
            Assert.Equal(value, ex.TargetObject);
            Assert.Contains($"{ComposeDriver.EnvironmentVariable}='{value}'", ex.Message);
        }
    }
}
