using System;
using System.Management.Automation;
using Konnaxion.Ops.Commands.Completion;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>Waits until services are running, or healthy, and emits their status.</summary>
    /// <remarks>
    /// <para>Polls the Docker Engine API (a few milliseconds a round, four rounds a second) until every container of
    /// the services meets -Condition, then writes one KxServiceStatus per container. Healthy means the container's
    /// healthcheck passes; a container without a healthcheck only has to be running, and -Verbose says which those are.</para>
    /// <para>A service without a container is waited for, since compose may still be creating it. A container that
    /// exits fails the wait at once with ServiceExited, quoting its last log lines (secret env-file values masked); one
    /// whose healthcheck fails its retries fails it with ServiceUnhealthy, and one that its restart policy restarts twice
    /// while waited for (it crashes at every start) with ServiceRestartLoop. After -Timeout seconds the wait fails with
    /// ServiceWaitTimeout, naming each service that is not there yet and its last state. Ctrl+C stops it.</para>
    /// <para>With -Orchestrator Swarm it waits until every service of the stack converges (as many running tasks as
    /// desired, no update under way) and fails early with SwarmTaskFailing when a service's tasks keep failing.</para>
    /// <para>Service binds by property name, so status objects can be piped in: each is waited for in turn, and a
    /// piped service that fails its wait is written as an error while the next one is still waited for.</para>
    /// <para>Running is a moment: a service that crashes a second after it starts is running until then. To know that
    /// it serves, give it a healthcheck in the compose file and wait for Healthy.</para>
    /// </remarks>
    /// <example>
    /// Wait for the database, then migrate
    /// <code>
    /// Wait-KxService postgres -Timeout 60 | Format-Table Service, State, Health, Uptime
    /// Invoke-KxMigrate
    /// </code>
    /// <para>Returns once PostgreSQL's healthcheck passes, or fails after a minute with ServiceWaitTimeout.</para>
    /// </example>
    /// <example>
    /// Wait for every service to run, and list what was published
    /// <code>
    /// Wait-KxService -Condition Running | Where-Object Ports | Select-Object Service, Ports
    /// </code>
    /// <para>Waits for all services of the compose file to be running, healthcheck or not, then shows their published ports.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Wait, "KxService")]
    [OutputType(typeof(KxServiceStatus), typeof(KxSwarmServiceStatus))]
    public sealed class WaitKxServiceCommand : KxCmdlet
    {
        /// <summary>The services to wait for; all of the compose file's by default.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ServiceCompleter))]
        public string[]? Service { get; set; }

        /// <summary>Running: every container runs. Healthy (the default): every healthcheck passes; containers without one only have to run.</summary>
        [Parameter]
        public KxWaitCondition Condition { get; set; } = KxWaitCondition.Healthy;

        /// <summary>How many seconds to wait before failing with ServiceWaitTimeout; 120 by default.</summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = (int)KxProject.DefaultWaitTimeout.TotalSeconds;

        private protected override void Execute(KxProject project) =>
            WriteEach(project.Orchestrator == KxOrchestrator.Swarm
                ? (System.Collections.Generic.IEnumerable<object>)project.WaitForSwarmStack(Service, TimeSpan.FromSeconds(Timeout), Output, Cancellation)
                : project.WaitForServices(Service ?? Array.Empty<string>(), Condition, TimeSpan.FromSeconds(Timeout), Output, Cancellation));
    }
}
