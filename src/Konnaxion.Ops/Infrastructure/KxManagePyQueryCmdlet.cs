using System.Management.Automation;
using Konnaxion.Ops.Commands.Completion;

namespace Konnaxion.Ops.Commands.Infrastructure
{
    /// <summary>
    /// A cmdlet that only reads, by running manage.py: the same -Service and -InRunningContainer as
    /// <see cref="KxManagePyCmdlet"/>, without -WhatIf, -Confirm and -Force.
    /// </summary>
    public abstract class KxManagePyQueryCmdlet : KxCmdlet
    {
        /// <summary>The service that runs manage.py.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ServiceCompleter))]
        public string Service { get; set; } = "django";

        /// <summary>Runs manage.py in the service's running container instead of a one-off container; the service must be running.</summary>
        [Parameter]
        public SwitchParameter InRunningContainer { get; set; }

        private protected override KxProjectOptions CreateOptions() => ManagePyOptions.Apply(base.CreateOptions(), Service, InRunningContainer);
    }
}
