using System.Linq;
using Konnaxion.Ops.PowerShell.Tests.Engine;

namespace Konnaxion.Ops.PowerShell.Tests.Runbook
{
    /// <summary>The seed runbook typed into PowerShell against the real engine, once per compose version.</summary>
    public abstract class RunbookTests
    {
        protected RunbookTests(SampleBackend backend)
        {
            Backend = backend;
        }

        protected SampleBackend Backend { get; }

        [EngineFact]
        public void Invoke_KxBuild_Wait_emits_one_successful_result_for_the_whole_stack()
        {
            var result = Assert.Single(Backend.Build.Output);

            Assert.Equal("Konnaxion.Ops.KxBuildResult", result.BaseObject.GetType().FullName);
            Assert.Equal(true, result.Properties["Success"].Value);
            Assert.Equal(Backend.ProjectName, result.Properties["Project"].Value);
            Assert.Equal(new[] { "django", "postgres", "worker" }, ((System.Collections.IEnumerable)result.Properties["Services"].Value).Cast<object>().Select(s => s.ToString()));
        }
    }

    [Collection(ComposeV1Collection.Name)]
    public sealed class RunbookComposeV1Tests : RunbookTests
    {
        public RunbookComposeV1Tests(ComposeV1Backend backend)
            : base(backend)
        {
        }
    }

    [Collection(ComposeV2Collection.Name)]
    public sealed class RunbookComposeV2Tests : RunbookTests
    {
        public RunbookComposeV2Tests(ComposeV2Backend backend)
            : base(backend)
        {
        }
    }
}
