using System.Management.Automation;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>Restarts service containers (`docker compose restart`) and emits their status afterwards.</summary>
    [Cmdlet(VerbsLifecycle.Restart, "KxService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(KxServiceStatus))]
    public sealed class RestartKxServiceCommand : KxChangingCmdlet
    {
        /// <summary>The services to restart; django by default.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Service { get; set; }

        private protected override void Execute(KxProject project) =>
            RunIfApproved(project.Restart(Service), WriteEach);
    }
}
