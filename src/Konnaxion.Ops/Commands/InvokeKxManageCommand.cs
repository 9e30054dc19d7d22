using System.Linq;
using System.Management.Automation;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>Runs any manage.py command in a one-off container and emits the lines it prints.</summary>
    /// <remarks>
    /// <para>Runs `python manage.py COMMAND ARGUMENTS` in a one-off container of the django service (`compose run --rm -T`),
    /// so it works whether or not the stack is up. Each line the command prints on stdout is emitted as a string; what it
    /// prints on stderr goes to the information stream. A cancelled command's container is removed.</para>
    /// <para>Use it for the management commands Konnaxion.Ops has no cmdlet for: check, shell --command, collectstatic, or the
    /// project's own commands. Give Django's options by their long names (--command, --deploy): PowerShell reads -c as the start of a parameter of its own.</para>
    /// </remarks>
    /// <example>Run Django's deployment checks and keep the warnings
    /// <code>Invoke-KxManage check --deploy | Select-String 'WARNINGS' -Context 0, 20</code>
    /// <para>The output is plain text lines, so the usual text cmdlets apply.</para>
    /// </example>
    /// <example>Count the ideas with the Django shell
    /// <code>Invoke-KxManage shell --command 'from konnaxion.ideas.models import Idea; print(Idea.objects.count())' | Select-Object -Last 1 | ForEach-Object { [int]$_ }</code>
    /// <para>Turns the printed count into a number. Django's long option names are safe; a short one such as -c is taken for one of the cmdlet's own parameters.</para>
    /// </example>
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
