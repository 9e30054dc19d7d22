using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Konnaxion.Ops.PowerShell.Tests.Engine;

namespace Konnaxion.Ops.PowerShell.Tests.Runbook
{
    /// <summary>
    /// The seed runbook typed into PowerShell against the real engine, once per compose version. The tests of one version
    /// share its running stack: they leave it running, and whatever they add to the copy they take away again.
    /// </summary>
    public abstract partial class RunbookTests
    {
        protected RunbookTests(SampleBackend backend)
        {
            Backend = backend;
        }

        protected SampleBackend Backend { get; }

        /// <summary>How the compose version's command lines begin.</summary>
        private string ComposeCommand => Backend.Compose == "V1" ? "docker-compose" : "docker compose";

        /// <summary>The start of every compose command line the module runs for the local stack.</summary>
        private string LocalComposeLine => $"{ComposeCommand} -f {Backend.Backend}/docker-compose.local.yml -p {Backend.ProjectName} --ansi never";

        private RunbookSession NewSession() => new RunbookSession(Backend);

        private static object? Property(PSObject item, string name) => item.Properties[name].Value;

        private static IEnumerable<string> Strings(object? value) => ((System.Collections.IEnumerable)value!).Cast<object>().Select(s => s.ToString()!);

        /// <summary>A written or terminating error as the standards want it: its id, category, target and what to do next.</summary>
        private static void AssertError(ErrorRecord error, string errorId, ErrorCategory category, object target)
        {
            Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId);
            Assert.Equal(category, error.CategoryInfo.Category);
            Assert.Equal(target, error.TargetObject);
            Assert.False(string.IsNullOrWhiteSpace(error.ErrorDetails?.RecommendedAction), $"{errorId} says nothing about what to do next.");
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
