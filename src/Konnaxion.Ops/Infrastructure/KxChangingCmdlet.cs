using System.Management.Automation;

namespace Konnaxion.Ops.Commands.Infrastructure
{
    /// <summary>A cmdlet that changes containers, files or the database: -WhatIf, -Confirm and -Force.</summary>
    public abstract class KxChangingCmdlet : KxCmdlet
    {
        /// <summary>Skips the extra confirmation asked before changing production.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Runs <paramref name="operation"/> when the user agrees, writing what it returns.</summary>
        private protected void RunIfApproved<T>(KxOperation<T> operation, System.Action<T> write)
        {
            if (ShouldRun(operation, Force.IsPresent))
            {
                write(operation.Invoke(Output, Cancellation));
            }
        }
    }
}
