using System.Management.Automation;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Errors
{
    /// <summary>
    /// The one error a command line raised, and whether it terminated: as PowerShell itself tells them apart, a
    /// terminating error is what try/catch catches, a written one goes to the error stream and the command goes on.
    /// </summary>
    public sealed record RaisedError(ErrorRecord Record, bool Terminated, PowerShellRun Run)
    {
        /// <param name="before">Set-up typed first (an environment variable), outside the try.</param>
        /// <param name="after">Put back in a finally, whatever happened.</param>
        public static RaisedError Of(ModuleSession session, string command, string before = "", string after = "")
        {
            var run = session.Run($"{before}\n$global:kxCaught = $null\ntry {{ {command} }} catch {{ $global:kxCaught = $_ }} finally {{ {after} }}");
            var caught = session.Invoke("$global:kxCaught");
            if (caught.Count == 1 && caught[0]?.BaseObject is ErrorRecord terminating)
            {
                Assert.True(run.Errors.Count == 0, $"'{command}' wrote errors before it terminated: {string.Join("; ", run.Errors)}");
                return new RaisedError(terminating, true, run);
            }

            Assert.True(run.Errors.Count == 1, $"'{command}' wrote {run.Errors.Count} errors and terminated with none: {string.Join("; ", run.Errors)}");
            return new RaisedError(run.Errors[0], false, run);
        }

        /// <summary>Checks the record as a script reads it: ErrorId and command, category, target, recommended action.</summary>
        /// <param name="cmdlet">The command as typed, Verb-Noun.</param>
        /// <param name="target">The target object as text; null to check it separately.</param>
        public RaisedError Is(string errorId, string cmdlet, ErrorCategory category, string? target)
        {
            Assert.Equal($"{errorId},Konnaxion.Ops.Commands.{cmdlet.Replace("-", string.Empty)}Command", Record.FullyQualifiedErrorId);
            Assert.Equal(category, Record.CategoryInfo.Category);
            Assert.Equal("KxException", Record.Exception.GetType().Name);
            if (target != null)
            {
                Assert.Equal(target, Record.TargetObject?.ToString());
            }

            Assert.False(string.IsNullOrWhiteSpace(Record.ErrorDetails?.RecommendedAction), $"{errorId} has no recommended action");
            return this;
        }

        public RaisedError Terminates()
        {
            Assert.True(Terminated, $"{Record.FullyQualifiedErrorId} was written; it should terminate.");
            return this;
        }

        public RaisedError IsWritten()
        {
            Assert.False(Terminated, $"{Record.FullyQualifiedErrorId} terminated; it should be written.");
            return this;
        }
    }
}
