using Konnaxion.Ops.PowerShell.Tests.Engine;

namespace Konnaxion.Ops.PowerShell.Tests.Views
{
    /// <summary>
    /// The real Get-KxServiceStatus of the running sample stack, shown by Out-Default, has the README status example's
    /// header and dashes: the values differ, the layout does not. Once per compose version.
    /// </summary>
    public abstract class LiveStatusViewTests
    {
        protected LiveStatusViewTests(SampleBackend backend)
        {
            Backend = backend;
        }

        protected SampleBackend Backend { get; }

        [EngineFact]
        public void Get_KxServiceStatus_of_the_sample_stack_has_the_readme_examples_header()
        {
            var example = Assert.Single(ReadmeViewExamples.Read(), e => e.CommandLine == "Get-KxServiceStatus");
            using var session = Backend.NewSession();

            var run = session.Show("Get-KxServiceStatus");

            Assert.True(run.Terminating == null && run.Errors.Count == 0, $"Get-KxServiceStatus failed:\n{run.Shown}");
            Assert.Contains("Project: " + Backend.ProjectName, run.Shown);
            Assert.Equal(ReadmeViewExamples.TableHeader(example.Shown), ReadmeViewExamples.TableHeader(run.Shown));
        }
    }

    [Collection(ComposeV1Collection.Name)]
    public sealed class LiveStatusViewComposeV1Tests : LiveStatusViewTests
    {
        public LiveStatusViewComposeV1Tests(ComposeV1Backend backend)
            : base(backend)
        {
        }
    }

    [Collection(ComposeV2Collection.Name)]
    public sealed class LiveStatusViewComposeV2Tests : LiveStatusViewTests
    {
        public LiveStatusViewComposeV2Tests(ComposeV2Backend backend)
            : base(backend)
        {
        }
    }
}
