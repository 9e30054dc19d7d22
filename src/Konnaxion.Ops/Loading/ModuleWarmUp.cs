using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Konnaxion.Ops.Commands.Infrastructure;
using Konnaxion.Ops.WarmUp;

namespace Konnaxion.Ops.Commands.Loading
{
    /// <summary>
    /// Compiles (JIT), on a thread-pool thread while the import ends, what the first cmdlet call would otherwise compile
    /// before answering: PowerShell's parameter metadata of the cmdlets, the status path in memory
    /// (<see cref="StatusWarmUp"/>) and PowerShell's adapter of the objects it writes. In the order a first
    /// Get-KxServiceStatus needs them, so that a call made at once after the import finds the start of its path ready
    /// while this goes on. Once per process: the metadata and the compiled code are shared by every runspace.
    /// </summary>
    internal static class ModuleWarmUp
    {
        private static int _started;

        public static void Start()
        {
            if (Interlocked.Exchange(ref _started, 1) == 0)
            {
                ThreadPool.QueueUserWorkItem(_ => Run());
            }
        }

        private static void Run()
        {
            try
            {
                _ = new CommandMetadata(typeof(GetKxServiceStatusCommand));
                foreach (var status in StatusWarmUp.Run())
                {
                    _ = PSObject.AsPSObject(status).Properties.Select(p => p.Value).ToList();
                }

                foreach (var cmdlet in typeof(KxCmdlet).Assembly.GetTypes()
                    .Where(t => t.IsSubclassOf(typeof(KxCmdlet)) && !t.IsAbstract && t != typeof(GetKxServiceStatusCommand)))
                {
                    _ = new CommandMetadata(cmdlet);
                }
            }
            catch (Exception)
            {
                // Only a head start: the first real call meets and reports whatever this met.
            }
        }
    }
}
