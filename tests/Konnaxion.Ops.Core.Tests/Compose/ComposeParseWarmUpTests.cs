using System.Linq;
using Konnaxion.Ops.Compose;

namespace Konnaxion.Ops.Tests.Compose
{
    /// <summary>
    /// The warm-up drops whatever its parse meets, so a document the parser came to refuse would silently stop warming
    /// anything: this says it still parses, through the anchor, the merge key and the interpolation it is there to compile.
    /// </summary>
    public sealed class ComposeParseWarmUpTests
    {
        [Fact]
        public void The_warm_up_document_parses_through_every_shape_it_warms()
        {
            var file = ComposeParseWarmUp.Parse();

            Assert.Equal(new[] { "db", "web", "worker" }, file.Services.Select(s => s.Name).OrderBy(n => n));
            Assert.Equal("warm_web", file.FindService("worker")!.Image);
            Assert.Equal("8000", file.FindService("web")!.Ports.Single().Published);
        }
    }
}
