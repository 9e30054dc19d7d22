using System;
using System.IO;
using System.Linq;
using Konnaxion.Ops.PowerShell.Tests.Engine;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Profiles
{
    /// <summary>
    /// -Profile against the real engine, on compose v1 and v2: a service of a profile starts only when the profile is
    /// given, and status shows it only then. A two-service project of the offline base image, no build.
    /// </summary>
    public sealed class ProfileEngineTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "kxtest-profile-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        private readonly string _project;

        public ProfileEngineTests()
        {
            _project = Path.GetFileName(_root);
            Directory.CreateDirectory(_root);
            File.WriteAllText(Path.Combine(_root, "docker-compose.local.yml"),
                "services:\n" +
                $"  django:\n    image: {SampleBackend.BaseImage}\n    command: sleep 3600\n" +
                $"  tools:\n    image: {SampleBackend.BaseImage}\n    command: sleep 3600\n    profiles: [tools]\n");
        }

        [EngineTheory]
        [InlineData("V1")]
        [InlineData("V2")]
        public void A_profiles_service_starts_and_shows_only_with_Profile(string compose)
        {
            DockerEngine.Require();
            using var session = new ModuleSession(_root);
            var common = $"-Compose {compose} -ProjectName {_project}";

            var plain = session.Run($"Invoke-KxBuild {common}");
            Assert.True(plain.Terminating == null && plain.Errors.Count == 0, plain.Everything());
            Assert.Empty(DockerCli.Containers(_project, "tools"));
            Assert.Equal(new[] { "django" }, session.Invoke($"Get-KxServiceStatus {common}").Select(s => (string)s.Properties["Service"].Value));

            var withProfile = session.Run($"Invoke-KxBuild {common} -Profile tools");
            Assert.True(withProfile.Terminating == null && withProfile.Errors.Count == 0, withProfile.Everything());
            Assert.Single(DockerCli.Containers(_project, "tools", all: false));
            Assert.Equal(new[] { ("django", "running"), ("tools", "running") },
                session.Invoke($"Get-KxServiceStatus {common} -Profile tools").Select(s => ((string)s.Properties["Service"].Value, (string)s.Properties["State"].Value)));

            var notActive = session.Run($"Restart-KxService {common} -Service tools");
            Assert.Equal("ServiceNotFound,Konnaxion.Ops.Commands.RestartKxServiceCommand", notActive.Error.FullyQualifiedErrorId);
            Assert.Contains("-Profile tools", notActive.Error.ErrorDetails.RecommendedAction);
        }

        public void Dispose()
        {
            DockerCli.RemoveProject(_project);
            Directory.Delete(_root, recursive: true);
        }
    }
}
