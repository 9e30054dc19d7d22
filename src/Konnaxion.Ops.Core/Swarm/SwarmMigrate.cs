using System;
using System.Collections.Generic;
using System.Threading;
using Konnaxion.Ops.Django;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Project;

namespace Konnaxion.Ops.Swarm
{
    /// <summary>
    /// migrate on Swarm: once, as a one-shot job from the new django image on the stack's network with the django
    /// service's env files, before the new django tasks start; under the migration lock and read by the same parser,
    /// ledger and failure rules as on compose (<see cref="ProjectMigrations.ApplyMigrations"/>), the job being only where it runs.
    /// </summary>
    internal sealed class SwarmMigrate
    {
        private readonly ProjectContext _project;
        private readonly ProjectMigrations _migrations;

        public SwarmMigrate(ProjectContext project, ProjectMigrations migrations)
        {
            _project = project;
            _migrations = migrations;
        }

        /// <summary>
        /// The locked `migrate --noinput` as a job from <paramref name="image"/> (IMAGE:TAG, the django image the stack is
        /// about to run), waiting at most <paramref name="lockTimeout"/> for the lock. Its CommandLine is the plan's line.
        /// </summary>
        public ManagePyCall PrepareMigrate(string image, TimeSpan lockTimeout)
        {
            var django = _project.RequireService(_project.DjangoService);
            var arguments = MigrationLock.Command(ProjectMigrations.MigrateCommand(null, null, plan: false, fake: false, check: false), lockTimeout, MigrationLock.HolderName());
            var spec = ProjectJob.Spec(_project, "migrate", image, new List<string>(ManagePyRunner.ManagePyCommand(arguments)));
            var description = ProjectJob.Describe(_project, spec, django);
            return new ManagePyCall(description, (_, observe, output, cancellationToken) =>
                ProjectJob.Run(_project, spec, django, description, output, cancellationToken, observe).ExitCode);
        }

        /// <summary>Runs a prepared migrate job; its steps, or MigrationFailed/MigrationLocked as on compose, or SwarmJobFailed.</summary>
        public IReadOnlyList<KxMigrationStep> Migrate(ManagePyCall call, TimeSpan lockTimeout, IKxOutput output, CancellationToken cancellationToken) =>
            _migrations.ApplyMigrations(call, lockTimeout, target: null, fake: false, output, cancellationToken, waitForStartup: false).GetSteps();
    }
}
