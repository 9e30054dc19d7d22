using System;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Text;
using System.Threading;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Processes
{
    /// <summary>
    /// Starts a program with an argument list, decodes its output as UTF-8 and hands every line to the
    /// calling thread while the program runs, so a PowerShell pipeline thread can write it straight away.
    /// </summary>
    public sealed class ProcessRunner : IProcessRunner
    {
        public static readonly ProcessRunner Instance = new ProcessRunner();

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        // Process.Kill(bool entireProcessTree) exists from .NET Core 3.0 on but not in netstandard2.0; `docker compose`
        // runs the compose plugin as a child process, which a plain Kill() would leave running.
        private static readonly MethodInfo? KillTree = typeof(Process).GetMethod("Kill", new[] { typeof(bool) });

        public int Run(ProcessSpec spec, Action<ProcessLine> onLine, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var process = new Process { StartInfo = CreateStartInfo(spec) };
            try
            {
                process.Start();
            }
            catch (Win32Exception ex)
            {
                throw new ExecutableNotFoundException(spec.FileName, ex);
            }

            if (spec.Interactive)
            {
                using (cancellationToken.Register(() => Kill(process)))
                {
                    process.WaitForExit();
                }

                cancellationToken.ThrowIfCancellationRequested();
                return process.ExitCode;
            }

            // Nothing we run may wait for input: a prompt must fail fast, not hang a CI job. What the spec gives is
            // written on a thread of its own, so that a child writing much before it reads all of stdin cannot deadlock us.
            var input = StartWriter(process.StandardInput, spec.StandardInput);

            // Not disposed: after a cancellation the reader threads may still add the child's last lines.
            var lines = new BlockingCollection<ProcessLine>();
            var readers = new[]
            {
                StartReader(process.StandardOutput, ProcessStream.StandardOutput, lines),
                StartReader(process.StandardError, ProcessStream.StandardError, lines),
            };
            var finished = new Thread(() =>
            {
                foreach (var reader in readers)
                {
                    reader.Join();
                }

                lines.CompleteAdding();
            }) { IsBackground = true };
            finished.Start();

            try
            {
                foreach (var line in lines.GetConsumingEnumerable(cancellationToken))
                {
                    onLine(line);
                }
            }
            catch
            {
                // Cancelled, or onLine threw (a stopped PowerShell pipeline): the child must not outlive the call.
                Kill(process);
                process.WaitForExit();
                throw;
            }

            process.WaitForExit();
            input.Join();
            return process.ExitCode;
        }

        private static Thread StartWriter(StreamWriter stdin, string? text)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    // netstandard2.0 has no StandardInputEncoding: UTF-8 bytes to the stream itself, whatever the console's code page.
                    if (text != null)
                    {
                        var bytes = Utf8.GetBytes(text);
                        stdin.BaseStream.Write(bytes, 0, bytes.Length);
                    }

                    stdin.Close();
                }
                catch (IOException)
                {
                    // The child exited, or was killed, before reading all of it: its exit code says what happened.
                }
            }) { IsBackground = true, Name = "Konnaxion.Ops stdin" };
            thread.Start();
            return thread;
        }

        private static ProcessStartInfo CreateStartInfo(ProcessSpec spec)
        {
            var info = new ProcessStartInfo(spec.FileName, CommandLine.Join(spec.Arguments))
            {
                UseShellExecute = false,
                CreateNoWindow = !spec.Interactive,
                RedirectStandardInput = !spec.Interactive,
                RedirectStandardOutput = !spec.Interactive,
                RedirectStandardError = !spec.Interactive,
            };
            if (!spec.Interactive)
            {
                info.StandardOutputEncoding = Utf8;
                info.StandardErrorEncoding = Utf8;
            }

            if (spec.WorkingDirectory != null)
            {
                info.WorkingDirectory = spec.WorkingDirectory;
            }

            foreach (var variable in spec.Environment)
            {
                info.Environment[variable.Key] = variable.Value;
            }

            return info;
        }

        private static Thread StartReader(StreamReader reader, ProcessStream stream, BlockingCollection<ProcessLine> lines)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    string? text;
                    while ((text = reader.ReadLine()) != null)
                    {
                        lines.Add(new ProcessLine(stream, text));
                    }
                }
                catch (IOException)
                {
                    // The pipe broke because the child was killed: there is nothing more to read.
                }
            }) { IsBackground = true, Name = "Konnaxion.Ops " + stream };
            thread.Start();
            return thread;
        }

        private static void Kill(Process process)
        {
            try
            {
                if (process.HasExited)
                {
                    return;
                }

                if (KillTree != null)
                {
                    KillTree.Invoke(process, new object[] { true });
                }
                else
                {
                    process.Kill();
                }
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
            catch (TargetInvocationException ex) when (ex.InnerException is InvalidOperationException)
            {
                // Likewise, reported through reflection.
            }
        }
    }
}
