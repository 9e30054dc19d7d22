using System;
using System.Management.Automation;
using Konnaxion.Ops.Commands.Completion;
using Konnaxion.Ops.Commands.Infrastructure;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Commands
{
    /// <summary>Builds the images and starts the services detached (`docker compose up -d --build`).</summary>
    /// <remarks>
    /// <para>Runs `docker compose up -d --build` (`docker-compose` with compose v1) in the compose file's folder. Compose's
    /// own output is shown as it runs, and read for progress: one bar for the build, and one per service with its build
    /// step, then its container being created and started. The progress always completes, also when the build fails or
    /// is stopped with Ctrl+C.</para>
    /// <para>A failed build still emits its result (Success false, FailureMessage with compose's last error line) and then
    /// writes a ComposeCommandFailed error. -WhatIf shows the exact compose command line and runs nothing.</para>
    /// <para>With -Orchestrator Swarm (production only) it builds, tags (-Tag, or the git commit) and pushes the images,
    /// then runs `docker stack deploy` with the stack file derived from the compose file; it does not migrate
    /// (Invoke-KxUpdate does).</para>
    /// </remarks>
    /// <example>Build, start and wait until everything is healthy
    /// <code>Invoke-KxBuild -Wait | Select-Object -ExpandProperty ServiceStatus</code>
    /// <para>Shows the status table of the services once their healthchecks pass.</para>
    /// </example>
    /// <example>Start the services that are not running, with their current images
    /// <code>Invoke-KxBuild -Service (Get-KxServiceStatus | Where-Object State -ne 'running').Service -NoBuild</code>
    /// <para>Builds nothing; compose starts or recreates only the named services.</para>
    /// </example>
    /// <example>Keep a log of production builds
    /// <code>Invoke-KxBuild -Environment Production -Confirm:$false | Select-Object Project, Success, Duration | Export-Csv builds.csv -Append</code>
    /// <para>-Confirm:$false answers the production confirmation in a script.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Invoke, "KxBuild", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(KxBuildResult))]
    public sealed class InvokeKxBuildCommand : KxChangingCmdlet
    {
        /// <summary>The services to build and start; all of the compose file's by default.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ServiceCompleter))]
        public string[]? Service { get; set; }

        /// <summary>Starts the existing images without building.</summary>
        [Parameter]
        public SwitchParameter NoBuild { get; set; }

        /// <summary>
        /// After starting, waits until the services are healthy (running, for those without a healthcheck), as
        /// Wait-KxService does; the result's ServiceStatus holds their status.
        /// </summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait, how many seconds to wait before failing with ServiceWaitTimeout; 120 by default.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int WaitTimeout { get; set; } = (int)KxProject.DefaultWaitTimeout.TotalSeconds;

        /// <summary>
        /// With -Orchestrator Swarm, the tag of the images it builds (IMAGE:TAG); by default the project's git commit
        /// (git rev-parse --short=12 HEAD, with -dirty when the tree has changes).
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePattern("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
        public string? Tag { get; set; }

        private protected override KxProjectOptions CreateOptions()
        {
            var options = base.CreateOptions();
            options.ImageTag = Tag;
            return options;
        }

        private protected override void Execute(KxProject project) =>
            RunIfApproved(project.Build(Service, NoBuild.IsPresent, Wait.IsPresent ? KxWaitCondition.Healthy : (KxWaitCondition?)null,
                TimeSpan.FromSeconds(WaitTimeout)), result =>
            {
                WriteObject(result);
                if (!result.Success)
                {
                    WriteKxError(KxProject.BuildFailedError(result));
                }
            });
    }
}
