using System;
using System.Management.Automation;
using Konnaxion.Ops.Commands.Infrastructure;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Commands
{
    /// <summary>
    /// The whole runbook in one command: build and start, wait until healthy, back up (production), migrate in the
    /// running container, look for model changes without a migration (local; -MakeMigrations makes them), verify.
    /// Emits one result with every step's outcome and duration; -WhatIf prints the plan step by step.
    /// </summary>
    /// <remarks>
    /// <para>Runs the steps in order and stops at the first failure: Build (`compose up -d --build`, then wait until
    /// healthy), Backup (production, unless -SkipBackup), Migrate (in django's running container, recorded in the
    /// migration ledger), CheckModels and MakeMigrations (local), Verify (every service running, no drift).</para>
    /// <para>Progress shows the current step, and under Build one bar per service. The result lists every step's outcome,
    /// duration and command lines; a failed update also writes the failing step's error. -WhatIf prints the whole plan.</para>
    /// <para>With -Orchestrator Swarm (production only) the steps are those of a stack: build, tag (-Tag) and push the
    /// images, back up as a job on postgres's node, on a first deploy start the data services, migrate once as a
    /// one-shot Swarm job, deploy the stack file derived from the compose file, wait until the stack converges,
    /// verify. -WhatIf prints the stack file, secrets masked.</para>
    /// </remarks>
    /// <example>Update production and show how each step went
    /// <code>Invoke-KxUpdate -Environment Production | Select-Object -ExpandProperty Steps</code>
    /// <para>The steps table shows each step's outcome, duration and what it did.</para>
    /// </example>
    /// <example>Update production on Docker Swarm with images tagged v42
    /// <code>Invoke-KxUpdate -Environment Production -Orchestrator Swarm -Tag v42 | Select-Object -ExpandProperty SwarmServiceStatus</code>
    /// <para>Shows each service of the stack once it has converged: desired and running replicas, the image.</para>
    /// </example>
    /// <example>Update the local stack, making the migrations the models need
    /// <code>Invoke-KxUpdate -MakeMigrations | Select-Object -ExpandProperty MigrationsMade | ForEach-Object Path</code>
    /// <para>Lists the new migration files to review and commit.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Invoke, "KxUpdate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(KxUpdateResult))]
    public sealed class InvokeKxUpdateCommand : KxChangingCmdlet
    {
        /// <summary>Locally, makes the migrations the models need and applies them; without it they are only reported.</summary>
        [Parameter]
        public SwitchParameter MakeMigrations { get; set; }

        /// <summary>Against production, migrates without taking a database backup first.</summary>
        [Parameter]
        public SwitchParameter SkipBackup { get; set; }

        /// <summary>How many seconds to wait for the services to be healthy after starting them; 120 by default.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int WaitTimeout { get; set; } = (int)KxProject.DefaultWaitTimeout.TotalSeconds;

        /// <summary>
        /// How many seconds each migrate waits for the migration lock while another migrate of the same database holds it,
        /// before failing with MigrationLocked; 600 by default.
        /// </summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int LockTimeout { get; set; } = (int)KxProject.DefaultMigrationLockTimeout.TotalSeconds;

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
            RunIfApproved(project.Update(new KxUpdateOptions
            {
                MakeMigrations = MakeMigrations.IsPresent,
                SkipBackup = SkipBackup.IsPresent,
                WaitTimeout = TimeSpan.FromSeconds(WaitTimeout),
                LockTimeout = TimeSpan.FromSeconds(LockTimeout),
            }), result =>
            {
                WriteObject(result);
                if (result.Error != null)
                {
                    WriteKxError(result.Error);
                }
            });
    }
}
