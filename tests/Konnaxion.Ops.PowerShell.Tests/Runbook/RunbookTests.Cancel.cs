using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Konnaxion.Ops.PowerShell.Tests.Engine;

namespace Konnaxion.Ops.PowerShell.Tests.Runbook
{
    /// <summary>Ctrl+C on a long manage.py command: its one-off container goes with it.</summary>
    public abstract partial class RunbookTests
    {
        [EngineFact]
        public void Ctrl_C_on_a_long_manage_py_command_removes_its_one_off_container()
        {
            using var session = NewSession();
            Assert.Empty(Containers.OneOff(Backend.ProjectName));

            using var running = session.Start("Invoke-KxManage shell --command 'import time; time.sleep(60)'");
            var clock = Stopwatch.StartNew();
            while (Containers.OneOff(Backend.ProjectName).Count == 0)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60) && running.State == PSInvocationState.Running,
                    $"No one-off container appeared (the command is {running.State}):\n{session.Screen.Text}");
                Thread.Sleep(200);
            }

            running.Stop();

            Assert.Equal(PSInvocationState.Stopped, running.State);
            Assert.Empty(Containers.OneOff(Backend.ProjectName));
            foreach (var activity in session.Screen.Progress.GroupBy(p => p.ActivityId))
            {
                Assert.Equal(ProgressRecordType.Completed, activity.Last().RecordType);
            }

            session.AssertNoSecret(session.Screen.Text);
        }
    }
}
