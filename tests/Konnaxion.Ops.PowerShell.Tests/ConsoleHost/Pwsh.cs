using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Konnaxion.Ops.PowerShell.Tests.ConsoleHost
{
    /// <summary>What one pwsh process wrote and how it ended.</summary>
    public sealed record PwshExit(int ExitCode, string Output, string Error)
    {
        /// <summary>Both streams, for a failure message.</summary>
        public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    /// <summary>
    /// PowerShell 7.6's console host (.ci/pwsh, built with the tests) started as a child process, as a person starts pwsh:
    /// a process of its own, so that nothing this test process has loaded or set is in it, and no stdin.
    /// </summary>
    public static class Pwsh
    {
        private static readonly Regex Escapes = new Regex(@"\x1B\[[0-?]*[ -/]*[@-~]");

        public static string Executable { get; } = Path.Combine(Path.GetDirectoryName(
            typeof(Pwsh).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "KxConsoleHost").Value!)!,
            OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");

        /// <summary>A PowerShell single-quoted string literal of <paramref name="value"/>.</summary>
        public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

        /// <summary>Runs <c>pwsh -NoProfile -NonInteractive -Command <paramref name="command"/></c> and waits for it to end.</summary>
        /// <param name="environment">Variables to set for the child; a null value removes one.</param>
        public static PwshExit Command(string command, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
        {
            using var pwsh = Start(command, workingDirectory, environment);
            return pwsh.WaitForExit(timeout);
        }

        /// <summary>Starts <c>pwsh -NoProfile -NonInteractive -Command <paramref name="command"/></c>, for a test that ends it its own way.</summary>
        /// <param name="environment">Variables to set for the child; a null value removes one.</param>
        public static RunningPwsh Start(string command, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
        {
            var start = new ProcessStartInfo(Executable)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            foreach (var argument in new[] { "-NoProfile", "-NonInteractive", "-Command", command })
            {
                start.ArgumentList.Add(argument);
            }

            // The hosted sessions of this process set these process-wide (ModuleSession cuts PSModulePath to the test
            // host's own modules; SampleBackend picks a compose version): a console started by a person has neither.
            start.Environment.Remove("PSModulePath");
            start.Environment.Remove("KONNAXION_COMPOSE");
            foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            {
                if (value == null)
                {
                    start.Environment.Remove(name);
                }
                else
                {
                    start.Environment[name] = value;
                }
            }

            return new RunningPwsh(Process.Start(start)!);
        }

        /// <summary>Without colour escapes: what a person reads is the text.</summary>
        internal static string Plain(string text) => Escapes.Replace(text, string.Empty);
    }

    /// <summary>A pwsh child still running: its streams are read as they come, so that it never blocks on a full pipe.</summary>
    public sealed class RunningPwsh : IDisposable
    {
        private readonly System.Threading.Tasks.Task<string> _output;
        private readonly System.Threading.Tasks.Task<string> _error;

        internal RunningPwsh(Process process)
        {
            Process = process;
            process.StandardInput.Close();
            _output = process.StandardOutput.ReadToEndAsync();
            _error = process.StandardError.ReadToEndAsync();
        }

        public Process Process { get; }

        /// <summary>Waits for it to end; kills it, with everything it started, when it does not within <paramref name="timeout"/>.</summary>
        public PwshExit WaitForExit(TimeSpan timeout)
        {
            if (!Process.WaitForExit(timeout))
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
                throw new TimeoutException($"pwsh did not end within {timeout}:\n{Exit()}");
            }

            Process.WaitForExit();
            return Exit();
        }

        /// <summary>Kills what is still running of it, with everything it started.</summary>
        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
            }

            Process.Dispose();
        }

        private PwshExit Exit() => new PwshExit(Process.HasExited ? Process.ExitCode : -1, Pwsh.Plain(_output.Result), Pwsh.Plain(_error.Result));
    }
}
