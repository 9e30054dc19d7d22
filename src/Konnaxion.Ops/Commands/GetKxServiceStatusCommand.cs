using System.Management.Automation;
using Konnaxion.Ops.Commands.Completion;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>One object per service of the compose file: its container's state, health, ports and image.</summary>
    /// <remarks>
    /// <para>Reads the containers of the compose project from the Docker Engine API by their compose labels: it starts no
    /// compose process, so it is fast enough to call in a loop. A service without a container is reported with State
    /// "missing"; a stopped one with its exit code.</para>
    /// <para>With -Orchestrator Swarm (and -Environment Production) it reads the stack's services and tasks instead, one
    /// KxSwarmServiceStatus per service: desired and running tasks, update state, the last task error and the nodes.</para>
    /// <para>The default view is a table per project: service, state, health, uptime and ports. Every property is on the
    /// object: Format-List * shows the container name, image and start time.</para>
    /// </remarks>
    /// <example>Show the services that are not running or not healthy
    /// <code>Get-KxServiceStatus | Where-Object { -not $_.IsRunning -or $_.Health -eq 'unhealthy' }</code>
    /// <para>Lists the services whose container is missing, stopped or failing its healthcheck.</para>
    /// </example>
    /// <example>Restart the services whose healthcheck fails
    /// <code>Get-KxServiceStatus | Where-Object Health -eq 'unhealthy' | Restart-KxService</code>
    /// <para>Restart-KxService takes each object's Service property from the pipeline.</para>
    /// </example>
    /// <example>Hand the production status to a monitor as JSON
    /// <code>Get-KxServiceStatus -Path ~/konnaxion -Environment Production | Select-Object Service, State, Health, Uptime | ConvertTo-Json</code>
    /// <para>Selects the properties the monitor reads; Uptime is a TimeSpan.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "KxServiceStatus")]
    [OutputType(typeof(KxServiceStatus), typeof(KxSwarmServiceStatus))]
    public sealed class GetKxServiceStatusCommand : KxCmdlet
    {
        /// <summary>The services to report; all by default.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ServiceCompleter))]
        public string[]? Service { get; set; }

        /// <summary>Also lists leftover one-off `run` containers.</summary>
        [Parameter]
        public SwitchParameter IncludeOneOff { get; set; }

        /// <summary>On compose it removes the leftovers among the containers it lists anyway, sparing an engine call.</summary>
        private protected override bool RemovesLeftovers => Orchestrator == KxOrchestrator.Swarm;

        private protected override void Execute(KxProject project)
        {
            if (project.Orchestrator == KxOrchestrator.Swarm)
            {
                WriteEach(project.GetSwarmServiceStatus(Service, Cancellation));
            }
            else
            {
                WriteEach(project.GetServiceStatusRemovingLeftovers(Output, ApproveLeftoverRemoval, Service, IncludeOneOff.IsPresent, Cancellation));
            }
        }
    }
}
