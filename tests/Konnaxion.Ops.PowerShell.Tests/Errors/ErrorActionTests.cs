using System.Linq;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Errors
{
    /// <summary>
    /// The two knobs people turn, on a terminating error (ProjectNotFound from -Path) and on a written one (a piped
    /// folder that is no backend): what -ErrorAction and $ErrorActionPreference do to each, as PowerShell defines it.
    /// </summary>
    public sealed class ErrorActionTests : IClassFixture<BrokenCopies>
    {
        private readonly BrokenCopies _copies;

        public ErrorActionTests(BrokenCopies copies)
        {
            _copies = copies;
        }

        private string Terminating => $"Get-KxServiceStatus -Path '{_copies.NoCompose}'";

        private string Written => $"Get-Item '{_copies.NoCompose}' | Get-KxServiceStatus";

        [Fact]
        public void ErrorAction_SilentlyContinue_does_not_silence_a_terminating_error_and_try_still_catches_it()
        {
            using var session = new ModuleSession(_copies.Good);

            var shown = session.Show($"{Terminating} -ErrorAction SilentlyContinue; \"next statement, `$? = $?\"");
            var caught = session.Invoke($"try {{ {Terminating} -ErrorAction SilentlyContinue; 'rest of the try' }} catch {{ $_.FullyQualifiedErrorId }}");

            Assert.Contains($"No docker-compose.local.yml in '{_copies.NoCompose}'", shown.Shown);
            // A statement-terminating error: the script goes on with its next statement, and $? says the last one failed.
            Assert.Contains("next statement, $? = False", shown.Shown);
            Assert.Equal(new[] { "ProjectNotFound,Konnaxion.Ops.Commands.GetKxServiceStatusCommand" }, caught.Select(o => o.ToString()));
        }

        [Fact]
        public void ErrorActionPreference_SilentlyContinue_does_silence_a_terminating_error_and_the_script_goes_on()
        {
            using var session = new ModuleSession(_copies.Good);

            var run = session.Show($"$ErrorActionPreference = 'SilentlyContinue'; {Terminating}; 'went on'; $Error[0].FullyQualifiedErrorId");

            Assert.DoesNotContain("No docker-compose.local.yml", run.Shown);
            Assert.Contains("went on", run.Shown);
            Assert.Contains("ProjectNotFound,Konnaxion.Ops.Commands.GetKxServiceStatusCommand", run.Shown);
        }

        [Fact]
        public void A_written_error_lets_the_command_go_on_and_ErrorAction_Stop_makes_it_terminate()
        {
            using var session = new ModuleSession(_copies.Good);

            var written = RaisedError.Of(session, $"{Written}; 'the try went on'");
            var stopped = RaisedError.Of(session, $"{Written} -ErrorAction Stop; 'the try went on'");

            written.IsWritten();
            Assert.Equal("the try went on", Assert.Single(written.Run.Output).ToString());
            stopped.Terminates().Is("ProjectNotFound", "Get-KxServiceStatus", System.Management.Automation.ErrorCategory.ObjectNotFound, _copies.NoCompose);
            Assert.Empty(stopped.Run.Output);
        }

        [Fact]
        public void Of_several_piped_folders_each_one_that_is_no_backend_is_written_and_the_others_are_still_read()
        {
            using var session = new ModuleSession(_copies.Good);

            var run = session.Run($"try {{ Get-Item '{_copies.NoCompose}', '{_copies.InvalidCompose}', '{_copies.MissingEnvFile}' | " +
                "Get-KxServiceStatus -DockerHost unix:///nonexistent.sock } catch { $_.FullyQualifiedErrorId }");

            Assert.Equal(new[] { "ProjectNotFound", "ComposeFileInvalid" }, run.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
            // The third folder is a sound project: its error is the engine's, which stops everything.
            Assert.Equal("EngineUnreachable,Konnaxion.Ops.Commands.GetKxServiceStatusCommand", Assert.Single(run.Output).ToString());
        }
    }
}
