using System;
using System.IO;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Tests.Integration;

namespace Konnaxion.Ops.Tests
{
    /// <summary>Status through KxProject when the engine cannot be reached: no engine needed.</summary>
    public sealed class KxProjectStatusTests
    {
        private static readonly string Backend = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend");

        [Fact]
        public void Status_against_a_dead_socket_names_the_endpoint_and_says_what_to_do()
        {
            var socket = Path.Combine(Path.GetTempPath(), "kx-nothing-" + Guid.NewGuid().ToString("N") + ".sock");
            using var project = KxProject.Open(Backend, KxEnvironment.Local, new KxProjectOptions { DockerHost = "unix://" + socket });

            var error = Assert.Throws<KxException>(() => project.GetServiceStatus());

            Assert.Equal((KxErrorIds.EngineUnreachable, KxErrorCategory.ConnectionError, (object)("unix://" + socket)),
                (error.ErrorId, error.Category, error.TargetObject));
            Assert.Equal($"Cannot reach the Docker engine at unix://{socket}: the socket file does not exist. Start the engine there, or give another endpoint.",
                error.Message);
            Assert.Equal("Start the engine there, or give another endpoint.", error.RecommendedAction);
        }
    }
}
