using System.Management.Automation;
using Konnaxion.Ops.Commands.Completion;

namespace Konnaxion.Ops.Commands.Infrastructure
{
    /// <summary>A cmdlet that changes something by running manage.py in a one-off container of a service, or in its running container.</summary>
    public abstract class KxManagePyCmdlet : KxChangingCmdlet
    {
        /// <summary>The service that runs manage.py.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ServiceCompleter))]
        public string Service { get; set; } = "django";

        /// <summary>
        /// Runs manage.py in the service's running container (an exec through the Engine API and the image's
        /// entrypoint) instead of a one-off container: about twice as fast; the service must be running.
        /// </summary>
        [Parameter]
        public SwitchParameter InRunningContainer { get; set; }

        private protected override KxProjectOptions CreateOptions() => ManagePyOptions.Apply(base.CreateOptions(), Service, InRunningContainer);
    }

    /// <summary>What both kinds of manage.py cmdlet set in the project's options.</summary>
    internal static class ManagePyOptions
    {
        public static KxProjectOptions Apply(KxProjectOptions options, string service, SwitchParameter inRunningContainer)
        {
            options.DjangoService = service;
            options.InRunningContainer = inRunningContainer.IsPresent;
            return options;
        }
    }
}
