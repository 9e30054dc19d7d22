using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace Konnaxion.Ops.PowerShell.Tests.Runbook
{
    /// <summary>
    /// Samples the argument lists of every process on the machine while a command runs (containers' processes are
    /// processes of this Linux machine too), to show that a secret was on none of them.
    /// </summary>
    public sealed class ProcessArguments : IDisposable
    {
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Thread _sampler;

        public ProcessArguments()
        {
            _sampler = new Thread(Sample) { IsBackground = true };
            _sampler.Start();
        }

        /// <summary>Every distinct argument list seen, its arguments joined by spaces.</summary>
        public IReadOnlyCollection<string> Stop()
        {
            _stop.Cancel();
            _sampler.Join();
            return _seen;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _sampler.Join();
        }

        private void Sample()
        {
            while (!_stop.IsCancellationRequested)
            {
                foreach (var process in Directory.GetDirectories("/proc").Where(d => char.IsDigit(Path.GetFileName(d)[0])))
                {
                    try
                    {
                        var arguments = File.ReadAllText(Path.Combine(process, "cmdline")).Replace('\0', ' ').Trim();
                        if (arguments.Length > 0)
                        {
                            _seen.Add(arguments);
                        }
                    }
                    catch (IOException)
                    {
                        // The process ended between the listing and the read.
                    }
                    catch (UnauthorizedAccessException)
                    {
                    }
                }

                Thread.Sleep(10);
            }
        }
    }
}
