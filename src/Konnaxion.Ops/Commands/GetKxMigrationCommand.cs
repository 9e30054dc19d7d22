using System.Management.Automation;
using Konnaxion.Ops.Commands.Completion;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>The migrations in the order migrate applies them, and whether each is applied (`manage.py showmigrations --plan`).</summary>
    /// <remarks>
    /// <para>Runs `manage.py showmigrations --plan` and emits one object per migration, in the order migrate applies them,
    /// with whether it is applied; the default view groups them by app. With -App it runs `showmigrations APP --list
    /// --verbosity 2`, which lists that app's migrations in the same order and also says when each was applied. It
    /// changes nothing, and -App completes from the apps with a migrations package in the source.</para>
    /// </remarks>
    /// <example>List what is not applied yet
    /// <code>Get-KxMigration -Pending | Format-Table App, Name</code>
    /// <para>Empty when the database is up to date.</para>
    /// </example>
    /// <example>Count the applied migrations of each app
    /// <code>Get-KxMigration | Where-Object Applied | Group-Object App | Select-Object Name, Count</code>
    /// <para>Group-Object works on the App property of each migration.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "KxMigration")]
    [OutputType(typeof(KxMigrationState))]
    public sealed class GetKxMigrationCommand : KxManagePyQueryCmdlet
    {
        /// <summary>Only this app's migrations.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppCompleter))]
        public string? App { get; set; }

        /// <summary>Only the migrations not applied yet.</summary>
        [Parameter]
        public SwitchParameter Pending { get; set; }

        private protected override void Execute(KxProject project) =>
            WriteEach(project.GetMigrations(App, Pending.IsPresent, Output, Cancellation));
    }
}
