using System.Management.Automation;

namespace Konnaxion.Ops.Commands.Infrastructure
{
    /// <summary>A cmdlet that runs manage.py in a one-off container of a service.</summary>
    public abstract class KxManagePyCmdlet : KxChangingCmdlet
    {
        /// <summary>The service that runs manage.py.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Service { get; set; } = "django";

        private protected override KxProjectOptions CreateOptions()
        {
            var options = base.CreateOptions();
            options.DjangoService = Service;
            return options;
        }
    }
}
