using System.Management.Automation;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>One object per service of the compose file: its container's state, health, ports and image.</summary>
    [Cmdlet(VerbsCommon.Get, "KxServiceStatus")]
    [OutputType(typeof(KxServiceStatus))]
    public sealed class GetKxServiceStatusCommand : KxCmdlet
    {
        /// <summary>The services to report; all by default.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[]? Service { get; set; }

        /// <summary>Also lists leftover one-off `run` containers.</summary>
        [Parameter]
        public SwitchParameter IncludeOneOff { get; set; }

        private protected override void Execute(KxProject project) =>
            WriteEach(project.GetServiceStatus(Service, IncludeOneOff.IsPresent, Cancellation));
    }
}
