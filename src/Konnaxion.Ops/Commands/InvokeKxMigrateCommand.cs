using System;
using System.Management.Automation;
using Konnaxion.Ops.Commands.Completion;
using Konnaxion.Ops.Commands.Infrastructure;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Commands
{
    /// <summary>Applies migrations to the database (`manage.py migrate` in a one-off container).</summary>
    /// <remarks>
    /// <para>Runs `manage.py migrate --noinput` in a one-off container and emits one object per migration that Django
    /// applied, unapplied or faked; the default view groups them by app. With -Plan it runs `migrate --plan`: it changes
    /// nothing and asks for no confirmation, against production neither; -WhatIf shows its command line and starts no
    /// container.</para>
    /// <para>While it applies, it holds the database's migration lock (a PostgreSQL advisory lock), so that two runbooks
    /// migrating one database at once take turns; -LockTimeout says how long to wait for it.</para>
    /// <para>App binds by property name, so `New-KxMigration | Invoke-KxMigrate` applies what was just made, each app
    /// once however many of its files come down the pipeline.</para>
    /// <para>-App and -Target complete from the source on disk, without Docker: the apps with a migrations package under
    /// the compose file's folder, then the chosen app's migrations, newest first, and zero.</para>
    /// </remarks>
    /// <example>See what would run for one app, then run it
    /// <code>Invoke-KxMigrate -Plan | Where-Object App -eq 'ideas'
    /// Invoke-KxMigrate -App ideas</code>
    /// <para>The plan lists each migration with the operations Django would perform.</para>
    /// </example>
    /// <example>Step an app back to a migration and list what was unapplied
    /// <code>Invoke-KxMigrate -App ideas -Target 0001_initial | Where-Object Action -eq 'Unapply'</code>
    /// <para>The target "zero" unapplies every migration of the app.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Invoke, "KxMigrate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(KxMigrationStep))]
    public sealed class InvokeKxMigrateCommand : KxManagePyCmdlet
    {
        /// <summary>Migrates only this app. Binds by property name: the App of piped migration files, findings or steps.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppCompleter))]
        public string? App { get; set; }

        /// <summary>Migrates the app forwards or backwards to this migration ("zero" unapplies all); needs -App.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MigrationCompleter))]
        public string? Target { get; set; }

        /// <summary>Lists the migrations that would run, changing nothing.</summary>
        [Parameter]
        public SwitchParameter Plan { get; set; }

        /// <summary>Marks migrations as applied without running them.</summary>
        [Parameter]
        public SwitchParameter Fake { get; set; }

        /// <summary>
        /// For CI and pre-deploy gates: lists the unapplied migrations (`migrate --check --plan`), changing nothing,
        /// and fails with MigrationsUnapplied when there are any.
        /// </summary>
        [Parameter]
        public SwitchParameter Check { get; set; }

        /// <summary>Against production, migrates without taking a database backup first.</summary>
        [Parameter]
        public SwitchParameter SkipBackup { get; set; }

        /// <summary>
        /// How many seconds to wait for the migration lock while another migrate of the same database holds it, before
        /// failing with MigrationLocked; 600 by default. -Plan and -Check take no lock.
        /// </summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int LockTimeout { get; set; } = (int)KxProject.DefaultMigrationLockTimeout.TotalSeconds;

        /// <summary>The apps this pipeline migrated already: two piped files of one app migrate it once.</summary>
        private readonly System.Collections.Generic.HashSet<string> _migratedApps = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);

        private protected override void Execute(KxProject project)
        {
            if (MyInvocation.ExpectingInput && !_migratedApps.Add(App ?? string.Empty))
            {
                WriteVerbose($"{App} is migrated already in this pipeline.");
                return;
            }

            var operation = project.Migrate(new KxMigrateOptions
            {
                App = App,
                Target = Target,
                Mode = Check.IsPresent ? KxMigrateMode.Check : Plan.IsPresent ? KxMigrateMode.Plan : KxMigrateMode.Apply,
                Fake = Fake.IsPresent,
                SkipBackup = SkipBackup.IsPresent,
                LockTimeout = TimeSpan.FromSeconds(LockTimeout),
            });
            // A plan or check changes nothing, so it asks nothing more, in production neither (the core's policy); but it
            // runs in a one-off container, which -WhatIf must not start.
            RunIfApproved(operation, steps =>
            {
                WriteEach(steps);
                if (Check.IsPresent && steps.Count > 0)
                {
                    WriteKxError(project.UnappliedMigrationsError(steps));
                }
            });
        }
    }
}
