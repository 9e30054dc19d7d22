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
                var location = ProjectLocation(fakeBoundParameters);
                if (location == null)
                {
                    return Array.Empty<CompletionResult>();
                }

                using var project = KxProject.Open(location, Bound(fakeBoundParameters, nameof(KxCmdlet.Environment), KxEnvironment.Local),
                    new KxProjectOptions { ComposeFile = Bound<string?>(fakeBoundParameters, nameof(KxCmdlet.ComposeFile), null) });
                return Candidates(project, fakeBoundParameters)
                    .Where(c => c.Value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    .Select(c => new CompletionResult(Quote(c.Value), c.Value, CompletionResultType.ParameterValue, c.ToolTip))
                    .ToList();
            }
            catch (Exception ex) when (ex is KxException || ex is IOException || ex is UnauthorizedAccessException)
            {
                // No project here, or an unreadable compose file: the command itself will say so when it runs.
                return Array.Empty<CompletionResult>();
            }
        }

        /// <summary>What the parameter can take in this project, in the order to offer it.</summary>
        private protected abstract IEnumerable<CompletionCandidate> Candidates(KxProject project, IDictionary fakeBoundParameters);

        /// <summary>A parameter already on the command line, converted as PowerShell would bind it, or the fallback.</summary>
        private protected static T Bound<T>(IDictionary fakeBoundParameters, string name, T fallback) =>
            fakeBoundParameters.Contains(name) && LanguagePrimitives.TryConvertTo(fakeBoundParameters[name], out T value) ? value : fallback;

        /// <summary>
        /// The folder -Path names, else the current file-system location, asked of the session through a nested
        /// pipeline: completers run on the pipeline thread, where that is allowed. Null when -Path does not exist.
        /// </summary>
        private static string? ProjectLocation(IDictionary fakeBoundParameters)
        {
            var path = Bound<string?>(fakeBoundParameters, nameof(KxCmdlet.Path), null);
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            if (string.IsNullOrEmpty(path))
            {
                shell.AddCommand("Microsoft.PowerShell.Management\\Get-Location").AddParameter("PSProvider", "FileSystem");
            }
            else
            {
                shell.AddCommand("Microsoft.PowerShell.Management\\Resolve-Path").AddParameter("LiteralPath", path);
            }

            var resolved = shell.Invoke<PathInfo>();
            return shell.HadErrors || resolved.Count == 0 ? null : resolved[0].ProviderPath;
        }

        private static string Quote(string value) => BareWord.IsMatch(value) ? value : "'" + value.Replace("'", "''") + "'";
    }
}
