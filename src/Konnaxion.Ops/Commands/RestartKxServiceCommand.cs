using System.Management.Automation;
using Konnaxion.Ops.Commands.Completion;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>Restarts service containers (`docker compose restart`) and emits their status afterwards.</summary>
    /// <remarks>
    /// <para>Runs `compose restart` for the services (django by default), then reads their status from the engine and
    /// emits it: the new uptime shows that the restart took effect. Service binds by property name, so status objects can
    /// be piped in.</para>
    /// </remarks>
    /// <example>Restart the services whose healthcheck fails
    /// <code>Get-KxServiceStatus | Where-Object Health -eq 'unhealthy' | Restart-KxService</code>
    /// <para>Each piped status restarts its own service.</para>
    /// </example>
    /// <example>Restart the web and worker processes and show any that did not come back
    /// <code>Restart-KxService django, worker | Where-Object State -ne 'running'</code>
    /// <para>Emits nothing when both are running again.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Restart, "KxService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(KxServiceStatus))]
    public sealed class RestartKxServiceCommand : KxChangingCmdlet
    {
        /// <summary>The services to restart; django by default.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ServiceCompleter))]
        public string[]? Service { get; set; }

        private protected override void Execute(KxProject project) =>
            RunIfApproved(project.Restart(Service), WriteEach);
    }
}
