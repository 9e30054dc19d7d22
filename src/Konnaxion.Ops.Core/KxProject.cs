using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Threading;
using Konnaxion.Ops.Backups;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Discovery;
using Konnaxion.Ops.Django;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Project;
using Konnaxion.Ops.Runbook;
using Konnaxion.Ops.Stack;
using Konnaxion.Ops.Swarm;

namespace Konnaxion.Ops
{
    /// <summary>
    /// A Django backend under Docker Compose: the entry point of Konnaxion.Ops for scripts and .NET code.
    /// Each operation returns the objects the matching cmdlet emits and reports progress through an <see cref="IKxOutput"/>.
    /// The work is done by a few collaborators over one <see cref="ProjectContext"/>: the stack (Stack/), manage.py runs
    /// and Django's commands (Django/), migrations (Migrations/), backups (Backups/) and the whole runbook (Runbook/).
    /// One caller at a time: a project is not meant to be shared between threads.
    /// </summary>
    public sealed class KxProject : IDisposable
    {
        /// <summary>How long Wait-KxService and Invoke-KxBuild -Wait wait unless told otherwise.</summary>
        public static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromMinutes(2);

        /// <summary>How long applying migrations waits for the migration lock another migrate holds.</summary>
        public static readonly TimeSpan DefaultMigrationLockTimeout = MigrationLock.DefaultTimeout;

        private readonly ServiceStack _stack;
        private readonly DjangoCommands _django;
        private readonly DatabaseBackups _backups;
        private readonly ProjectMigrations _migrations;
        private readonly ProjectUpdate _update;
        private readonly SwarmDeploy _swarm;

        private KxProject(string composeFilePath, KxEnvironment environment, KxProjectOptions options)
        {
            Context = new ProjectContext(composeFilePath, environment, options);
            _stack = new ServiceStack(Context);
            var managePy = new ManagePyRunner(Context, _stack);
            _django = new DjangoCommands(Context, managePy);
            _backups = new DatabaseBackups(Context);
            _migrations = new ProjectMigrations(Context, managePy, _stack, _backups);
            _swarm = new SwarmDeploy(Context, _migrations, _backups);
            _update = new ProjectUpdate(Context, _stack, managePy, _backups, _migrations, _swarm);
        }

        /// <summary>
        /// Opens the backend at or above <paramref name="path"/> (or in its <c>backend/</c> folder) for an environment.
        /// Reads the compose file; starts no process.
        /// </summary>
        public static KxProject Open(string path, KxEnvironment environment = KxEnvironment.Local, KxProjectOptions? options = null)
        {
            options ??= new KxProjectOptions();
            return new KxProject(ProjectLocator.Locate(path, environment, options.ComposeFile), environment, options);
        }

        public KxEnvironment Environment => Context.Environment;

        /// <summary>Compose, or Swarm: what runs the services (<see cref="KxProjectOptions.Orchestrator"/>).</summary>
        public KxOrchestrator Orchestrator => Context.Orchestrator;

        /// <summary>The compose project name, as compose itself would choose it.</summary>
        public string Name => Context.Name;

        public ComposeFile ComposeFile => Context.ComposeFile;

        /// <summary>The folder of the compose file, where compose runs.</summary>
        public string Directory => Context.Directory;

        /// <summary>The service that runs manage.py.</summary>
        public string DjangoService => Context.DjangoService;

        /// <summary>The PostgreSQL service whose cookiecutter-django maintenance scripts (backup, backups) back the database up.</summary>
        public string DatabaseService => Context.DatabaseService;

        /// <summary>What the collaborators share; the tests reach the compose runner and the engine through it.</summary>
        internal ProjectContext Context { get; }

        /// <summary>The compose implementation in use, detected on first use.</summary>
        public ComposeDriver GetComposeDriver(CancellationToken cancellationToken = default) => Context.GetComposeDriver(cancellationToken);

        /// <summary>
        /// With compose, <see cref="ServiceStack.Build"/>: `up -d --build`. On Swarm (<see cref="KxProjectOptions.Orchestrator"/>),
        /// <see cref="SwarmDeploy.Build"/>: build, tag, push and `docker stack deploy` the whole stack (services and noBuild are
        /// compose's), then with <paramref name="waitFor"/> wait until it converges.
        /// </summary>
        public KxOperation<KxBuildResult> Build(IReadOnlyCollection<string>? services = null, bool noBuild = false,
            KxWaitCondition? waitFor = null, TimeSpan? waitTimeout = null) =>
            Orchestrator == KxOrchestrator.Swarm ? SwarmBuild(services, noBuild, waitFor, waitTimeout) : _stack.Build(services, noBuild, waitFor, waitTimeout);

        private KxOperation<KxBuildResult> SwarmBuild(IReadOnlyCollection<string>? services, bool noBuild, KxWaitCondition? waitFor, TimeSpan? waitTimeout)
        {
            if ((services != null && services.Count > 0) || noBuild)
            {
                var parameter = noBuild ? "-NoBuild" : "-Service";
                throw new KxException(KxErrorIds.SwarmParameterUnsupported, KxErrorCategory.InvalidArgument, parameter,
                    $"{parameter} is compose's: on Swarm, Invoke-KxBuild builds and deploys the whole stack, whose services stack deploy updates together.",
                    $"Leave {parameter} out with -Orchestrator Swarm (docker service update --force STACK_SERVICE restarts one service).");
            }

            return _swarm.Build(waitFor, waitTimeout);
        }

        /// <summary>
        /// On Swarm, the status of the stack's services from the Engine API: desired and running tasks, update state, the
        /// last task error, the nodes (the named services, all by default).
        /// </summary>
        public IReadOnlyList<KxSwarmServiceStatus> GetSwarmServiceStatus(IReadOnlyCollection<string>? services = null, CancellationToken cancellationToken = default) =>
            _swarm.GetStatus(services, cancellationToken);

        /// <summary>
        /// On Swarm, waits until every service of the stack converges (see <see cref="SwarmConvergence.Wait"/>): a stack
        /// converges as a whole, so <paramref name="services"/> must be empty (SwarmParameterUnsupported otherwise).
        /// </summary>
        public IReadOnlyList<KxSwarmServiceStatus> WaitForSwarmStack(IReadOnlyCollection<string>? services, TimeSpan timeout, IKxOutput? output = null,
            CancellationToken cancellationToken = default)
        {
            if (services != null && services.Count > 0)
            {
                throw new KxException(KxErrorIds.SwarmParameterUnsupported, KxErrorCategory.InvalidArgument, services.ToArray(),
                    "On Swarm the stack converges as a whole: Wait-KxService waits for every service of it.",
                    "Leave -Service out with -Orchestrator Swarm; Get-KxServiceStatus -Service NAME shows one service.");
            }

            return _swarm.WaitConverged(timeout, output ?? NullOutput.Instance, cancellationToken);
        }

        /// <inheritdoc cref="ServiceStack.BuildFailedError"/>
        public static KxException BuildFailedError(KxBuildResult result, string rerun = "Invoke-KxBuild") => ServiceStack.BuildFailedError(result, rerun);

        /// <inheritdoc cref="ServiceStack.Restart"/>
        public KxOperation<IReadOnlyList<KxServiceStatus>> Restart(IReadOnlyCollection<string>? services = null) => _stack.Restart(services);

        /// <inheritdoc cref="ServiceStack.GetServiceStatus"/>
        public IReadOnlyList<KxServiceStatus> GetServiceStatus(IReadOnlyCollection<string>? services = null, bool includeOneOff = false,
            CancellationToken cancellationToken = default) => _stack.GetServiceStatus(services, includeOneOff, cancellationToken);

        /// <summary>
        /// The status, after removing this machine's leftover one-offs as <see cref="RemoveLeftoverOneOffs"/> does, but
        /// among the containers the status lists anyway: one engine list for both.
        /// </summary>
        /// <param name="output">Gets a warning per leftover removed, or not removable.</param>
        /// <param name="approve">Asked before removing each leftover (ShouldProcess); null removes them all.</param>
        /// <param name="services">The services to report; all when empty.</param>
        /// <param name="includeOneOff">Also report the one-off `run` containers left.</param>
        /// <param name="cancellationToken">Stops waiting for the engine.</param>
        public IReadOnlyList<KxServiceStatus> GetServiceStatusRemovingLeftovers(IKxOutput output, Func<string, bool>? approve,
            IReadOnlyCollection<string>? services = null, bool includeOneOff = false, CancellationToken cancellationToken = default) =>
            _stack.GetServiceStatus(services, includeOneOff, cancellationToken,
                listed => new LeftoverOneOffs(Context).RemoveFrom(listed, output, approve, cancellationToken));

        /// <inheritdoc cref="ServiceStack.WaitForServices"/>
        public IReadOnlyList<KxServiceStatus> WaitForServices(IReadOnlyCollection<string> services, KxWaitCondition condition, TimeSpan timeout,
            IKxOutput? output = null, CancellationToken cancellationToken = default) => _stack.WaitForServices(services, condition, timeout, output, cancellationToken);

        /// <inheritdoc cref="ProjectMigrations.MakeMigrations(KxMakeMigrationsOptions)"/>
        public KxOperation<IReadOnlyList<KxMigrationFile>> MakeMigrations(KxMakeMigrationsOptions? options = null) => _migrations.MakeMigrations(options);

        /// <inheritdoc cref="ProjectMigrations.Migrate"/>
        public KxOperation<IReadOnlyList<KxMigrationStep>> Migrate(KxMigrateOptions? options = null) => _migrations.Migrate(options);

        /// <inheritdoc cref="ProjectMigrations.UnappliedMigrationsError"/>
        public KxException UnappliedMigrationsError(IReadOnlyList<KxMigrationStep> unapplied) => _migrations.UnappliedMigrationsError(unapplied);

        /// <inheritdoc cref="ProjectMigrations.MigrationCheckError"/>
        public static KxException MigrationCheckError(IReadOnlyList<KxMigrationFinding> findings) => ProjectMigrations.MigrationCheckError(findings);

        /// <inheritdoc cref="ProjectMigrations.GetMigrations"/>
        public IReadOnlyList<KxMigrationState> GetMigrations(string? app = null, bool pendingOnly = false, IKxOutput? output = null,
            CancellationToken cancellationToken = default) => _migrations.GetMigrations(app, pendingOnly, output, cancellationToken);

        /// <inheritdoc cref="ProjectMigrations.TestMigrations"/>
        public IReadOnlyList<KxMigrationFinding> TestMigrations(IKxOutput? output = null, CancellationToken cancellationToken = default) =>
            _migrations.TestMigrations(output, cancellationToken);

        /// <inheritdoc cref="DjangoCommands.CreateSuperuser"/>
        public KxOperation<KxSuperuser> CreateSuperuser(string username, string email, SecureString? password = null) =>
            _django.CreateSuperuser(username, email, password);

        /// <inheritdoc cref="DjangoCommands.Manage"/>
        public KxOperation<IReadOnlyList<string>> Manage(IReadOnlyList<string> command) => _django.Manage(command);

        /// <inheritdoc cref="DatabaseBackups.BackupDatabase"/>
        public KxOperation<KxDatabaseBackup> BackupDatabase() => _backups.BackupDatabase();

        /// <inheritdoc cref="DatabaseBackups.GetDatabaseBackups"/>
        public IReadOnlyList<KxDatabaseBackup> GetDatabaseBackups(IKxOutput? output = null, CancellationToken cancellationToken = default) =>
            _backups.GetDatabaseBackups(output, cancellationToken);

        /// <inheritdoc cref="ProjectUpdate.Update"/>
        public KxOperation<KxUpdateResult> Update(KxUpdateOptions? options = null) => _update.Update(options);

        /// <summary>
        /// Removes what processes of this machine killed hard left behind, writing a warning that names each: with
        /// compose, the project's one-off containers (<see cref="LeftoverOneOffs.Remove"/>); on Swarm, the stack's
        /// one-shot jobs (<see cref="SwarmLeftoverJobs"/>). Throws nothing but cancellation.
        /// </summary>
        /// <param name="output">Gets a warning per leftover removed, or not removable.</param>
        /// <param name="approve">Asked with a description of each before removing it (ShouldProcess); null removes them all.</param>
        /// <param name="cancellationToken">Stops waiting for the engine.</param>
        /// <returns>The names of the containers or jobs removed.</returns>
        public IReadOnlyList<string> RemoveLeftoverOneOffs(IKxOutput output, Func<string, bool>? approve = null, CancellationToken cancellationToken = default) =>
            Orchestrator == KxOrchestrator.Swarm
                ? SwarmLeftoverJobs.Remove(Context, output, approve, cancellationToken)
                : new LeftoverOneOffs(Context).Remove(output, approve, cancellationToken);

        /// <inheritdoc cref="ProjectDescriber.Describe"/>
        public KxProjectInfo Describe(IKxOutput? output = null, CancellationToken cancellationToken = default) =>
            new ProjectDescriber(Context).Describe(output, cancellationToken);

        /// <summary>Closes the engine connection this project opened (for ssh, its ssh process).</summary>
        public void Dispose() => Context.Dispose();
    }
}
