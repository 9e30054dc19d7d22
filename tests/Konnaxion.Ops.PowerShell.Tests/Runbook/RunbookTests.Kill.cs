using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.PowerShell.Tests.ConsoleHost;
using Konnaxion.Ops.PowerShell.Tests.Engine;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Runbook
{
    /// <summary>
    /// A console killed hard during a long manage.py command (SIGKILL to pwsh and to compose, as a cancelled CI job's
    /// are): its one-off container outlives it, and the next command removes it, saying so (-WhatIf only shows that). While its
    /// owner lives, it stays.
    /// </summary>
    public abstract partial class RunbookTests
    {
        [EngineFact]
        public void A_one_off_container_left_by_a_killed_console_is_removed_by_the_next_command_with_a_warning_naming_it()
        {
            Assert.Empty(Containers.OneOff(Backend.ProjectName));
            using var console = Pwsh.Start($"Import-Module {Pwsh.Quote(ModuleSession.Manifest)}; Invoke-KxManage shell --command 'import time; time.sleep(600)'",
                Backend.Root, new Dictionary<string, string?> { ["KONNAXION_COMPOSE"] = Backend.Compose });
            var ownerPid = console.Process.Id.ToString(CultureInfo.InvariantCulture);
            var name = WaitForRunningOneOff(console);
            using var session = NewSession();

            // Its owner still runs: the next command leaves it, and the status names the owner.
            var whileAlive = session.Run("Get-KxServiceStatus django -IncludeOneOff");
            Assert.Empty(whileAlive.Warnings);
            var oneOff = Assert.Single(whileAlive.Output, status => (bool)Property(status, "OneOff")!);
            Assert.Equal((name, $"{Environment.MachineName} pid {ownerPid}"), ((string)Property(oneOff, "ContainerName")!, (string)Property(oneOff, "Owner")!));

            console.Process.Kill(entireProcessTree: true);
            console.Process.WaitForExit();
            Assert.Equal(new[] { name }, Containers.OneOff(Backend.ProjectName));

            // -WhatIf shows the removal and leaves the container.
            var whatIf = session.Run("Invoke-KxManage check -WhatIf");
            Assert.Empty(whatIf.Warnings);
            Assert.Contains($"What if: Performing the operation \"Remove the leftover one-off container\" on target \"{name}, started by pid {ownerPid}, which ended without removing it (it ran: ",
                whatIf.Shown, StringComparison.Ordinal);
            Assert.Equal(new[] { name }, Containers.OneOff(Backend.ProjectName));

            var next = session.Run("Get-KxServiceStatus -IncludeOneOff");

            RunbookSession.AssertSucceeded(next);
            var warning = Assert.Single(next.Warnings).Message;
            Assert.StartsWith($"Removed the one-off container {name}, started by pid {ownerPid}, which ended without removing it (it ran: ", warning);
            Assert.Contains("python manage.py shell --command", warning, StringComparison.Ordinal);
            Assert.Empty(Containers.OneOff(Backend.ProjectName));
            Assert.DoesNotContain(next.Output, status => (bool)Property(status, "OneOff")!);
            Assert.Contains(next.Output, status => (string)Property(status, "Service")! == "django" && (string)Property(status, "State")! == "running");
        }

        /// <summary>The name of the one-off container the console's command runs in, once it runs.</summary>
        private string WaitForRunningOneOff(RunningPwsh console)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var running = Containers.OneOff(Backend.ProjectName, running: true);
                if (running.Count > 0)
                {
                    return Assert.Single(running);
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90) && !console.Process.HasExited,
                    console.Process.HasExited ? $"The console ended before its one-off container ran: {console.WaitForExit(TimeSpan.Zero)}" : "No one-off container ran within 90 s.");
                Thread.Sleep(200);
            }
        }
    }
}
