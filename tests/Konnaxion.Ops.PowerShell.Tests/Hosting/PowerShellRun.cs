using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Konnaxion.Ops.PowerShell.Tests.Hosting
{
    /// <summary>What one command line typed into the session produced, stream by stream.</summary>
    public sealed record PowerShellRun(
        IReadOnlyList<PSObject> Output,
        IReadOnlyList<ErrorRecord> Errors,
        ErrorRecord? Terminating,
        IReadOnlyList<WarningRecord> Warnings,
        IReadOnlyList<VerboseRecord> Verbose,
        IReadOnlyList<InformationRecord> Information,
        IReadOnlyList<ProgressRecord> Progress,
        IReadOnlyList<HostPrompt> Prompts,
        string Shown)
    {
        /// <summary>The error that stopped the command, or the only one it wrote.</summary>
        public ErrorRecord Error => Terminating ?? Errors.Single();

        /// <summary>Every word the run produced in any stream or on the screen, for checks that a secret appears nowhere.</summary>
        public string Everything() => string.Join("\n", new[] { Shown }
            .Concat(Output.Select(o => o.ToString()))
            .Concat(Output.SelectMany(o => o.Properties.Select(p => SafeValue(p))))
            .Concat(Errors.Append(Terminating).Where(e => e != null).SelectMany(e => new[] { e!.ToString(), e.Exception.ToString(), e.ErrorDetails?.RecommendedAction ?? string.Empty, e.TargetObject?.ToString() ?? string.Empty }))
            .Concat(Warnings.Select(w => w.Message))
            .Concat(Verbose.Select(v => v.Message))
            .Concat(Information.Select(i => i.MessageData?.ToString() ?? string.Empty))
            .Concat(Progress.Select(p => p.Activity + " " + p.StatusDescription + " " + p.CurrentOperation)));

        private static string SafeValue(PSPropertyInfo property)
        {
            try
            {
                return property.Value?.ToString() ?? string.Empty;
            }
            catch (GetValueException)
            {
                return string.Empty;
            }
        }
    }
}
