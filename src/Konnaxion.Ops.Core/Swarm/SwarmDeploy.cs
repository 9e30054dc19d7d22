using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Backups;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Project;
using Konnaxion.Ops.Runbook;

namespace Konnaxion.Ops.Swarm
{
    /// <summary>
    /// From the compose file to `docker stack deploy`: build the project's images, tag them with the deploy's tag, push
    /// those whose name has a registry, deploy the derived stack file on stdin. The steps print themselves (with the
    /// stack file, secrets masked) for -WhatIf, and are what Invoke-KxBuild and Invoke-KxUpdate run on Swarm.
    /// </summary>
    internal sealed class SwarmDeploy
    {
        private readonly ProjectContext _project;
        private readonly SwarmMigrate _migrate;
        private readonly SwarmBackup _backup;
        private readonly ProjectMigrations _migrations;
        private string? _tag;

        public SwarmDeploy(ProjectContext project, ProjectMigrations migrations, DatabaseBackups backups)
        {
            _project = project;
            _migrations = migrations;
            _migrate = new SwarmMigrate(project, migrations);
            _backup = new SwarmBackup(project, backups);
        }

        /// <summary>The tag of this deploy's images, chosen once (see <see cref="ImageTag.Resolve"/>).</summary>
        public string Tag => _tag ??= ImageTag.Resolve(_project.Options.ImageTag, _project.Directory, _project.Options.ProcessRunner, CancellationToken.None);

        private string Stack => _project.Name;

        /// <summary>The services built from the project's Dockerfiles, whose images this deploy builds, tags and pushes.</summary>
        private IReadOnlyList<ComposeService> Built => _project.ComposeFile.Services.Where(service => service.HasBuild).ToList();

        /// <summary>IMAGE:TAG of a built service; ImageNameRequired without an image name.</summary>
        public string ImageOf(ComposeService service) => ImageName.WithTag(StackFile.RequireImage(service, _project.ComposeFile.Path), Tag);

        /// <summary>
        /// What a first deploy starts before migrating: every service but the project's code, that is django and the
        /// services sharing its build (cookiecutter's celery workers, the sample's worker), which must not start on a
        /// database the new migrations have not reached yet.
        /// </summary>
        public IReadOnlyList<string> DataServices()
        {
            var django = _project.RequireService(_project.DjangoService);
            return _project.ComposeFile.Services.Where(service => service.Name != django.Name && !SameBuild(service, django)).Select(service => service.Name).ToList();
        }

        private static bool SameBuild(ComposeService service, ComposeService django) =>
            service.Build != null && django.Build != null && service.Build.Context == django.Build.Context && service.Build.Dockerfile == django.Build.Dockerfile;

        /// <summary>The stack file of the named services (all when null), as stack deploy reads it, secrets included only where the file writes them inline.</summary>
        public string StackText(IReadOnlyCollection<string>? services = null) => StackFile.Write(_project.ComposeFile, ImageOf, services);

        public IReadOnlyList<ProcessSpec> BuildCommands()
        {
            var commands = new List<ProcessSpec>();
            if (Built.Count == 0)
            {
                return commands;
            }

            commands.Add(_project.Compose.Command(new[] { "build" }.Concat(Built.Select(service => service.Name)),
                _project.GetComposeDriver().IsV2 ? ComposeRunner.SequentialBuild : null));
            // Compose names the image as the file's image: writes it; the deploy's tag is a second name for the same image.
            commands.AddRange(Built.Select(service => _project.Compose.Docker(new[] { "tag", service.Image ?? ImageOf(service), ImageOf(service) })));
            commands.AddRange(Built.Select(ImageOf).Where(ImageName.HasRegistry).Distinct().Select(image => _project.Compose.Docker(new[] { "push", image })));
            return commands;
        }

        /// <summary>
        /// `docker stack deploy` of the stack file on stdin. --prune removes the services the file no longer has;
        /// --resolve-image never: each image is named by a tag no other build gets, and a plain name (a single node's
        /// image) is in no registry to ask for a digest.
        /// </summary>
        public ProcessSpec DeployCommand(string stackText) =>
            _project.Compose.Docker(new[] { "stack", "deploy", "--with-registry-auth", "--prune", "--resolve-image", "never", "-c", "-", Stack }, standardInput: stackText);

        /// <summary>The plan's words for a deploy: the command line, then the stack file it reads with every env-file secret masked.</summary>
        private string DescribeDeploy(ProcessSpec deploy, string what) =>
            $"Deploy {what} on Swarm stack {Stack}: {deploy} with this stack file on stdin:" + System.Environment.NewLine +
            string.Join(System.Environment.NewLine, _project.Redactor.Redact(deploy.StandardInput!).TrimEnd('\n').Split('\n').Select(line => "       " + line));

        /// <summary>
        /// The steps of a Swarm deploy, in order, for <see cref="KxProject.Build"/> (build, deploy, wait when asked) or
        /// <see cref="KxProject.Update"/> (build, back up, first deploy of the data services, migrate, deploy, wait, verify).
        /// </summary>
        public IReadOnlyList<RunbookStep<SwarmRun>> Steps(bool update, bool backUp, TimeSpan? waitTimeout, TimeSpan lockTimeout)
        {
            var build = BuildCommands();
            var deploy = DeployCommand(StackText());
            var steps = new List<RunbookStep<SwarmRun>>
            {
                new RunbookStep<SwarmRun>("Build",
                    Built.Count == 0 ? "Build: no service is built from the project"
                        : $"Build {string.Join(", ", Built.Select(service => service.Name))}, tag the images :{Tag}" +
                          (build.Any(command => command.Arguments[0] == "push") ? " and push those with a registry" : " (no image names a registry: nothing to push)") +
                          ": " + string.Join(" ; ", build),
                    build.Select(command => command.ToString()).ToList(), run => run.RunAll("Built and tagged " + string.Join(", ", Built.Select(ImageOf)), build, this)),
            };
            if (update)
            {
                if (_project.Policy.HasBackupStep)
                {
                    steps.Add(backUp
                        ? new RunbookStep<SwarmRun>("Backup", $"Back up the database of {_project.DatabaseService}, unless the stack does not exist yet: {_backup.Describe()}", new[] { _backup.Describe() }, run => run.BackUp(_backup))
                        : new RunbookStep<SwarmRun>("Backup", "Back up the database: skipped (-SkipBackup)", Array.Empty<string>(), _ => SwarmRun.Skipped("-SkipBackup: migrating without a backup")));
                }

                var data = DataServices();
                var dataDeploy = DeployCommand(StackText(data));
                var migrate = _migrate.PrepareMigrate(ImageOf(_project.RequireService(_project.DjangoService)), lockTimeout);
                steps.Add(new RunbookStep<SwarmRun>("DeployDataServices",
                    $"If Swarm stack {Stack} does not exist yet (a first deploy), start its data services alone and wait until they converge. " + DescribeDeploy(dataDeploy, string.Join(", ", data)),
                    new[] { dataDeploy.ToString() }, run => run.DeployDataServices(this, dataDeploy, data, waitTimeout ?? KxProject.DefaultWaitTimeout)));
                steps.Add(new RunbookStep<SwarmRun>("Migrate",
                    $"Apply the migrations once, as a Swarm job from the new django image under the migration lock, and record them in {MigrationLedger.RelativePath}: {migrate.CommandLine}",
                    new[] { migrate.CommandLine }, run => run.Migrate(_migrations, migrate, lockTimeout)));
            }

            steps.Add(new RunbookStep<SwarmRun>("Deploy", DescribeDeploy(deploy, "every service"), new[] { deploy.ToString() }, run => run.RunAll($"Deployed {_project.ComposeFile.Services.Count} services with the images :{Tag}", new[] { deploy }, this)));
            if (waitTimeout is TimeSpan timeout)
            {
                steps.Add(new RunbookStep<SwarmRun>("Wait",
                    $"Wait up to {EngineErrors.Seconds(timeout)} until every service of Swarm stack {Stack} converges (its running tasks as many as desired, no update under way; a task failing 3 times fails at once)",
                    Array.Empty<string>(), run => run.Converge(timeout)));
            }

            if (update)
            {
                steps.Add(new RunbookStep<SwarmRun>("Verify", $"Verify that every service of Swarm stack {Stack} runs its desired tasks (Docker Engine API) and that no applied migration was edited since (the migration ledger)",
                    Array.Empty<string>(), run => run.Verify(_migrations)));
            }

            return steps;
        }

        /// <summary>Invoke-KxBuild on Swarm: build, tag, push, deploy, and with <paramref name="waitFor"/> wait until the stack converges.</summary>
        public KxOperation<KxBuildResult> Build(KxWaitCondition? waitFor, TimeSpan? waitTimeout)
        {
            var steps = Steps(update: false, backUp: false, waitFor.HasValue ? waitTimeout ?? KxProject.DefaultWaitTimeout : (TimeSpan?)null, KxProject.DefaultMigrationLockTimeout);
            return _project.Operation($"Build, tag :{Tag} and deploy on Swarm stack {Stack}", steps.SelectMany(step => step.CommandLines).ToList(),
                (output, cancellationToken) =>
                {
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var run = Start(output, cancellationToken);
                    foreach (var step in steps)
                    {
                        output.WriteVerbose($"Swarm step {step.Name}.");
                        step.Run(run);
                    }

                    return new KxBuildResult(_project.Name, _project.Environment, _project.ComposeFile.Services.Select(service => service.Name).ToList(),
                        "docker stack deploy", clock.Elapsed, 0);
                },
                steps: steps.Select(step => step.Description).ToList());
        }

        /// <summary>The stack's services (the named ones, all by default), from a swarm manager.</summary>
        public IReadOnlyList<KxSwarmServiceStatus> GetStatus(IReadOnlyCollection<string>? services, CancellationToken cancellationToken)
        {
            var names = _project.ResolveServices(services);
            var engine = Manager(cancellationToken);
            return SwarmStatus.Get(engine, Stack, cancellationToken).Where(status => names.Contains(status.Service)).ToList();
        }

        /// <summary>Waits until the stack converges, from a swarm manager.</summary>
        public IReadOnlyList<KxSwarmServiceStatus> WaitConverged(TimeSpan timeout, IKxOutput output, CancellationToken cancellationToken) =>
            SwarmConvergence.Wait(Manager(cancellationToken), Stack, timeout, _project.Redactor, output, cancellationToken);

        private ISwarmEngine Manager(CancellationToken cancellationToken)
        {
            var engine = _project.GetSwarmEngine();
            SwarmManager.Require(engine, SwarmManager.Describe(engine), cancellationToken);
            return engine;
        }

        /// <summary>A run of the steps, once the engine is known to be a swarm manager.</summary>
        public SwarmRun Start(IKxOutput output, CancellationToken cancellationToken)
        {
            return new SwarmRun(_project, Manager(cancellationToken), output, cancellationToken);
        }

        /// <summary>Runs a docker or compose child of the deploy; ComposeCommandFailed, quoting its error, when it fails.</summary>
        internal void RunChild(ProcessSpec command, IKxOutput output, CancellationToken cancellationToken)
        {
            var run = _project.Compose.Run(command, output, cancellationToken);
            if (!run.Succeeded)
            {
                var what = command.FileName == "docker" ? "docker " + string.Join(" ", command.Arguments.Take(command.Arguments[0] == "stack" ? 2 : 1)) : "compose build";
                throw new KxException(KxErrorIds.ComposeCommandFailed, KxErrorCategory.InvalidOperation, command.ToString(),
                    ComposeRunner.ChildFailureMessage(what, run),
                    "Read the output above, fix the cause (a Dockerfile, the registry's login, the stack file) and run again.");
            }
        }
    }
}
