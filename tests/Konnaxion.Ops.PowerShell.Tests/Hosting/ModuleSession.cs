using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace Konnaxion.Ops.PowerShell.Tests.Hosting
{
    /// <summary>
    /// One PowerShell 7.6 session as a person has it: a runspace on a <see cref="RecordingHost"/>, plain-text rendering,
    /// and Konnaxion.Ops imported from the laid-out folder with the same line the README gives. Module paths are cut to
    /// PowerShell's own, so nothing installed on the machine leaks in. Environment variables are process-wide, which is why
    /// the assembly's tests run one at a time.
    /// </summary>
    public sealed class ModuleSession : IDisposable
    {
        public static string RepositoryRoot { get; } = Metadata("KxRepositoryRoot");

        public static string NuGetPackageRoot { get; } = Metadata("KxNuGetPackageRoot");

        /// <summary>The module as build/ModuleLayout lays it out after every build.</summary>
        public static string ModuleFolder { get; } = Path.Combine(RepositoryRoot, "out", "Konnaxion.Ops");

        public static string Manifest { get; } = Path.Combine(ModuleFolder, "Konnaxion.Ops.psd1");

        public ModuleSession(string? location = null, bool import = true, int bufferWidth = 120)
        {
            Host = new RecordingHost(bufferWidth);
            var state = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows())
            {
                // Setting it throws on other platforms, where PowerShell has no execution policy.
                state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.RemoteSigned;
            }

            Runspace = RunspaceFactory.CreateRunspace(Host, state);
            // As pwsh's console host opens its runspace: every command line runs on one pipeline thread, kept between
            // them (the default for a local runspace starts a thread per command line).
            Runspace.ThreadOptions = PSThreadOptions.ReuseThread;
            Runspace.Open();
            Runspace.SessionStateProxy.Path.SetLocation(location ?? RepositoryRoot);
            Invoke("$PSStyle.OutputRendering = 'PlainText'; $env:PSModulePath = [System.IO.Path]::Combine($PSHOME, 'Modules')");
            if (import)
            {
                Invoke($"Import-Module '{Manifest}'");
            }

            Host.Screen.Clear();
        }

        public RecordingHost Host { get; }

        public Runspace Runspace { get; }

        /// <summary>Runs a command line and returns its output; fails the test on any error, terminating or not.</summary>
        public IReadOnlyList<PSObject> Invoke(string script)
        {
            var run = Run(script);
            if (run.Terminating != null || run.Errors.Count > 0)
            {
                throw new InvalidOperationException($"'{script}' failed: {string.Join("; ", run.Errors.Append(run.Terminating).Where(e => e != null).Select(e => $"{e!.FullyQualifiedErrorId}: {e}"))}");
            }

            return run.Output;
        }

        /// <summary>
        /// Runs a command line as the prompt does: its output and errors go through Out-Default to the host, so
        /// <see cref="PowerShellRun.Shown"/> is what a person would read; the records of each stream are kept too.
        /// </summary>
        public PowerShellRun Show(string script) => Execute(script, toHost: true);

        /// <summary>Runs a command line and returns its objects and records, showing nothing but what the cmdlets write to the host.</summary>
        public PowerShellRun Run(string script) => Execute(script, toHost: false);

        /// <summary>Starts a command line and returns at once; <see cref="Running.Stop"/> is Ctrl+C.</summary>
        public Running Start(string script)
        {
            var shell = System.Management.Automation.PowerShell.Create();
            shell.Runspace = Runspace;
            shell.AddScript(script);
            return new Running(shell, shell.BeginInvoke());
        }

        private PowerShellRun Execute(string script, bool toHost)
        {
            Host.Screen.Clear();
            using var shell = System.Management.Automation.PowerShell.Create();
            shell.Runspace = Runspace;
            shell.AddScript(script);
            if (toHost)
            {
                shell.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
                shell.AddCommand("Out-Default");
            }

            var output = new List<PSObject>();
            ErrorRecord? terminating = null;
            try
            {
                output.AddRange(shell.Invoke());
            }
            catch (RuntimeException ex)
            {
                terminating = ex.ErrorRecord;
                if (toHost)
                {
                    Host.Screen.WriteErrorLine(ex.ErrorRecord.ToString());
                }
            }

            var streams = shell.Streams;
            return new PowerShellRun(output, streams.Error.ToList(), terminating, streams.Warning.ToList(), streams.Verbose.ToList(),
                streams.Information.ToList(), streams.Progress.Concat(Host.Screen.Progress).Distinct().ToList(), Host.Screen.Prompts, Host.Screen.Text);
        }

        public void Dispose() => Runspace.Dispose();

        private static string Metadata(string key) =>
            typeof(ModuleSession).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
            ?? throw new InvalidOperationException($"The test assembly has no {key} metadata.");

        /// <summary>A command line under way, for Ctrl+C.</summary>
        public sealed class Running : IDisposable
        {
            private readonly System.Management.Automation.PowerShell _shell;
            private readonly IAsyncResult _result;

            internal Running(System.Management.Automation.PowerShell shell, IAsyncResult result)
            {
                _shell = shell;
                _result = result;
            }

            public PSInvocationState State => _shell.InvocationStateInfo.State;

            /// <summary>What PowerShell does on Ctrl+C: stops the pipeline, and waits until it has stopped.</summary>
            public void Stop() => _shell.Stop();

            /// <summary>Waits for the command to end by itself; false when it was stopped or failed.</summary>
            public bool Wait(TimeSpan timeout) => _result.AsyncWaitHandle.WaitOne(timeout) && _shell.InvocationStateInfo.State == PSInvocationState.Completed;

            public void Dispose() => _shell.Dispose();
        }
    }
}
