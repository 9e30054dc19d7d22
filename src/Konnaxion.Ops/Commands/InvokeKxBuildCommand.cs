using System.Management.Automation;
using Konnaxion.Ops.Commands.Infrastructure;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Commands
{
    /// <summary>Builds the images and starts the services detached (`docker compose up -d --build`).</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "KxBuild", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(KxBuildResult))]
    public sealed class InvokeKxBuildCommand : KxChangingCmdlet
    {
        /// <summary>The services to build and start; all of the compose file's by default.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[]? Service { get; set; }

        /// <summary>Starts the existing images without building.</summary>
        [Parameter]
        public SwitchParameter NoBuild { get; set; }

        private protected override void Execute(KxProject project) =>
            RunIfApproved(project.Build(Service, NoBuild.IsPresent), result =>
            {
                WriteObject(result);
                if (!result.Success)
                {
                    WriteKxError(new KxException(KxErrorIds.ComposeCommandFailed, KxErrorCategory.InvalidOperation, result,
                        result.FailureMessage ?? "compose up failed.", "Read compose's output above; fix the Dockerfile or compose file and run Invoke-KxBuild again."));
                }
            });
    }
}
