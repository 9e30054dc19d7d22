using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using Konnaxion.Ops.Commands.Infrastructure;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Commands.Completion
{
    /// <summary>A value a completer offers, with the tooltip PowerShell shows beside it.</summary>
    internal readonly struct CompletionCandidate
    {
        public CompletionCandidate(string value, string toolTip)
        {
            Value = value;
            ToolTip = toolTip;
        }

        public string Value { get; }
        public string ToolTip { get; }
    }

    /// <summary>
    /// Completes a parameter from the project the command line points at (its -Path, -Environment and -ComposeFile,
    /// else the current location), reading only files: it needs no Docker engine and starts no process.
    /// Where there is no project, it offers nothing rather than an error.
    /// </summary>
    public abstract class ProjectCompleter : IArgumentCompleter
    {
        private static readonly Regex BareWord = new Regex(@"^[\w.\-]+$");

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            try
            {
                using var project = KxProject.Open(ProjectLocation(fakeBoundParameters), Bound(fakeBoundParameters, nameof(KxCmdlet.Environment), KxEnvironment.Local),
                    new KxProjectOptions
                    {
                        ComposeFile = Bound<string?>(fakeBoundParameters, nameof(KxCmdlet.ComposeFile), null),
                        Profiles = Bound<string[]?>(fakeBoundParameters, nameof(KxCmdlet.Profile), null),
                    });
                return Candidates(project, fakeBoundParameters)
                    .Where(c => c.Value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    .Select(c => new CompletionResult(Quote(c.Value), c.Value, CompletionResultType.ParameterValue, c.ToolTip))
                    .ToList();
            }
            catch (Exception ex) when (ex is KxException || ex is IOException || ex is UnauthorizedAccessException || ex is SessionStateException)
            {
                // No project here, an unreadable compose file, or a -Path on a drive that does not exist: the command
                // itself will say so when it runs.
                return Array.Empty<CompletionResult>();
            }
        }

        /// <summary>What the parameter can take in this project, in the order to offer it.</summary>
        private protected abstract IEnumerable<CompletionCandidate> Candidates(KxProject project, IDictionary fakeBoundParameters);

        /// <summary>A parameter already on the command line, converted as PowerShell would bind it, or the fallback.</summary>
        private protected static T Bound<T>(IDictionary fakeBoundParameters, string name, T fallback) =>
            fakeBoundParameters.Contains(name) && LanguagePrimitives.TryConvertTo(fakeBoundParameters[name], out T value) ? value : fallback;

        /// <summary>
        /// The folder -Path names, else the current file-system location, resolved as the cmdlet resolves them
        /// (KxCmdlet), through the session's <c>$ExecutionContext.SessionState.Path</c>. A completer has no cmdlet's
        /// SessionState, the runspace's SessionStateProxy refuses calls while a pipeline (the completion's own) runs,
        /// and commands such as Resolve-Path need a module the session may not have; the variable is read through a
        /// nested pipeline, which completers may run since they run on the pipeline thread.
        /// </summary>
        private static string ProjectLocation(IDictionary fakeBoundParameters)
        {
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            var sessionPath = shell.AddScript("$ExecutionContext.SessionState.Path").Invoke<PathIntrinsics>().Single();
            var path = Bound<string?>(fakeBoundParameters, nameof(KxCmdlet.Path), null);
            return string.IsNullOrEmpty(path)
                ? sessionPath.CurrentFileSystemLocation.ProviderPath
                : sessionPath.GetUnresolvedProviderPathFromPSPath(path);
        }

        private static string Quote(string value) => BareWord.IsMatch(value) ? value : "'" + value.Replace("'", "''") + "'";
    }
}
