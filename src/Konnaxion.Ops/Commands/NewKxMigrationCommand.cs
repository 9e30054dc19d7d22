using System.Management.Automation;
using Konnaxion.Ops.Commands.Completion;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>Makes new migration files on the host (`manage.py makemigrations` in a one-off container). Local only.</summary>
    /// <remarks>
    /// <para>Runs `manage.py makemigrations --noinput` in a one-off container of the local stack. The new files land on the
    /// host through the service's bind mount, and each is emitted with its host Path. Production is refused: its
    /// migrations are the ones built into its image.</para>
    /// <para>When Django needs an answer it can only ask at a prompt (a default for a new non-nullable field, whether a
    /// field was renamed), the cmdlet fails with MakeMigrationsNeedsInput instead of waiting.</para>
    /// </remarks>
    /// <example>Preview the migrations the models need
    /// <code>New-KxMigration -DryRun | Select-Object App, Name, Operations</code>
    /// <para>Writes nothing; shows what Django would create.</para>
    /// </example>
    /// <example>Make a named migration and open it in the editor
    /// <code>New-KxMigration -App ideas -Name vote | ForEach-Object { code $_.Path }</code>
    /// <para>Path is the file on the host, ready to review and commit.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "KxMigration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(KxMigrationFile))]
    public sealed class NewKxMigrationCommand : KxManagePyCmdlet
    {
        /// <summary>The app labels to make migrations for; all apps by default.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppCompleter))]
        public string[]? App { get; set; }

        /// <summary>The migration's name instead of Django's generated one.</summary>
        [Parameter]
        [ValidatePattern("^[\\w]+$")]
        public string? Name { get; set; }

        /// <summary>Makes an empty migration for a data migration (needs -App).</summary>
        [Parameter]
        public SwitchParameter Empty { get; set; }

        /// <summary>Shows what would be made without writing files.</summary>
        [Parameter]
        public SwitchParameter DryRun { get; set; }

        private protected override void Execute(KxProject project) =>
            RunIfApproved(project.MakeMigrations(new KxMakeMigrationsOptions { Apps = App, Name = Name, Empty = Empty.IsPresent, DryRun = DryRun.IsPresent }), WriteEach);
    }
}
