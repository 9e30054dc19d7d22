using System.Linq;
using System.Management.Automation;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>Runs any manage.py command in a one-off container and emits the lines it prints.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "KxManage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(string))]
    public sealed class InvokeKxManageCommand : KxManagePyCmdlet
    {
        /// <summary>The management command, for example check or shell.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Command { get; set; }

        /// <summary>The command's arguments.</summary>
        [Parameter(Position = 1, ValueFromRemainingArguments = true)]
        public string[]? ArgumentList { get; set; }

        private protected override void Execute(KxProject project) =>
            RunIfApproved(project.Manage(new[] { Command! }.Concat(ArgumentList ?? System.Array.Empty<string>()).ToList()), WriteEach);
    }
}
