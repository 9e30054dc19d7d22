using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Tests.Engine;

namespace Konnaxion.Ops.Tests.Integration
{
    /// <summary>
    /// Build fails for the reasons people meet, once per compose version, and its message names the reason: v1's last
    /// line ("Encountered errors while bringing up the project.") does not. Each test brings a one-service compose file
    /// of its own in a temporary folder, taken down with its volumes afterwards.
    /// </summary>
    public abstract class ComposeFailureTests
    {
        private readonly ComposeFlavor _flavor;

        protected ComposeFailureTests(ComposeFlavor flavor)
        {
            _flavor = flavor;
        }

        [EngineFact]
        public void A_host_port_already_taken_is_named()
        {
            var listener = new TcpListener(IPAddress.Any, 0);
            listener.Start();
            try
            {
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                var message = FailedBuildMessage($"services:\n  web:\n    image: {EngineTestEnvironment.Image}\n    command: [\"sleep\", \"30\"]\n    ports: [\"{port}:80\"]\n");

                Assert.Matches("address already in use|port is already allocated", message);
                Assert.Contains(port.ToString(), message);
            }
            finally
            {
                listener.Stop();
            }
        }

        [EngineFact]
        public void A_failing_dockerfile_step_is_named_with_its_exit_code()
        {
            var message = FailedBuildMessage("services:\n  web:\n    build: ./web\n",
                ("web/Dockerfile", $"FROM {EngineTestEnvironment.Image}\nRUN exit 3\n"));

            Assert.Matches("exit code: 3|returned a non-zero code: 3", message);
        }

        [EngineFact]
        public void A_missing_image_is_named()
        {
            // v1 ignores pull_policy and asks the registry, which this offline engine cannot reach; v2 asks the engine only.
            var message = FailedBuildMessage("services:\n  web:\n    image: kxtest-missing:none\n    pull_policy: never\n");

            Assert.Contains("kxtest-missing", message);
        }

        /// <summary>Builds <paramref name="composeFile"/> (with <paramref name="files"/> beside it), expects it to fail and returns its message.</summary>
        private string FailedBuildMessage(string composeFile, params (string Path, string Text)[] files)
        {
            var name = $"kxtest-fail-{_flavor.ToString().ToLowerInvariant()}-{Guid.NewGuid().ToString("N").Substring(0, 8)}";
            var folder = Path.Combine(Path.GetTempPath(), name);
            Directory.CreateDirectory(folder);
            try
            {
                File.WriteAllText(Path.Combine(folder, "docker-compose.yml"), composeFile);
                foreach (var file in files)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, file.Path))!);
                    File.WriteAllText(Path.Combine(folder, file.Path), file.Text);
                }

                using var project = KxProject.Open(folder, KxEnvironment.Local,
                    new KxProjectOptions { Compose = _flavor, ProjectName = name, ComposeFile = "docker-compose.yml" });
                try
                {
                    var result = project.Build().Invoke(new RecordingOutput());
                    Assert.False(result.Success, "the build was expected to fail");
                    Assert.StartsWith("compose up failed with exit code ", result.FailureMessage);
                    return result.FailureMessage!;
                }
                finally
                {
                    SampleStack.Compose(project, new[] { "down", "-v", "--remove-orphans", "--timeout", "2" });
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Collection(EngineCollection.Name)]
    public sealed class ComposeFailureV1Tests : ComposeFailureTests
    {
        public ComposeFailureV1Tests()
            : base(ComposeFlavor.V1)
        {
        }
    }

    [Collection(EngineCollection.Name)]
    public sealed class ComposeFailureV2Tests : ComposeFailureTests
    {
        public ComposeFailureV2Tests()
            : base(ComposeFlavor.V2)
        {
        }
    }
}
