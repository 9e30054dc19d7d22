using System.Linq;
using Konnaxion.Ops.WarmUp;

namespace Konnaxion.Ops.Tests.WarmUp
{
    /// <summary>
    /// The warm-up drops whatever it meets, so a document the parser came to refuse, or a canned answer the engine client
    /// came to reject, would silently stop warming anything: these say it still goes all the way through.
    /// </summary>
    public sealed class StatusWarmUpTests
    {
        [Fact]
        public void The_warm_up_document_parses_through_every_shape_it_warms()
        {
            var file = StatusWarmUp.Parse();

            Assert.Equal(new[] { "db", "web", "worker" }, file.Services.Select(s => s.Name).OrderBy(n => n));
            Assert.Equal("warm_web", file.FindService("worker")!.Image);
            Assert.Equal("8000", file.FindService("web")!.Ports.Single().Published);
        }

        [Fact]
        public void The_warm_up_status_reads_every_service_from_the_canned_engine_list_and_inspections()
        {
            var statuses = StatusWarmUp.Statuses();

            Assert.Equal(new[] { "db", "web", "worker" }, statuses.Select(s => s.Service).OrderBy(n => n));
            Assert.All(statuses, s => Assert.Equal(("running", "healthy", "0.0.0.0:8000->8000/tcp"), (s.State, s.Health, s.Ports.Single())));
            Assert.All(statuses, s => Assert.NotNull(s.StartedAt));
            Assert.Equal("kx-warm-up-worker-1", statuses.Single(s => s.Service == "worker").ContainerName);
        }
    }
}
