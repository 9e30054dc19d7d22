using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Commands.Infrastructure
{
    /// <summary>
    /// What every Konnaxion.Ops cmdlet shares: the parameters that locate the project, cancellation on Ctrl+C,
    /// the core's output over the cmdlet's streams, and KxException turned into a specific ErrorRecord.
    /// </summary>
    public abstract class KxCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private CmdletOutput? _output;
        private bool _pathOnCommandLine;

        /// <summary>The backend's folder, or any folder inside it. Defaults to the current location.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath")]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Local uses docker-compose.local.yml, Production docker-compose.production.yml.</summary>
        [Parameter]
        public KxEnvironment Environment { get; set; } = KxEnvironment.Local;

        /// <summary>A compose file to use instead of the environment's.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ComposeFile { get; set; }

        /// <summary>Overrides the compose project name.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProjectName { get; set; }

        /// <summary>
        /// The compose profiles to activate, as compose's --profile: their services are started, waited for and shown
        /// like the others. Replaces COMPOSE_PROFILES, which is used when this is not given.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ProfileCompleter))]
        public string[]? Profile { get; set; }

        /// <summary>
        /// Compose (the default) runs the services with docker compose; Swarm, with -Environment Production, as a stack on
        /// the swarm the engine manages (docker stack deploy of a stack file derived from the compose file).
        /// </summary>
        [Parameter]
        public KxOrchestrator Orchestrator { get; set; }

        /// <summary>Compose v1 (docker-compose), v2 (docker compose), or Auto; KONNAXION_COMPOSE sets the default.</summary>
        [Parameter]
        public ComposeFlavor Compose { get; set; }

        /// <summary>The Docker engine to use (as DOCKER_HOST: unix://, npipe://, tcp://, ssh://user@host); defaults to the docker CLI's choice.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DockerHost { get; set; }

        /// <summary>The docker context to use instead of the current one.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Context { get; set; }

        internal CancellationToken Cancellation => _stopping.Token;

        internal CmdletOutput Output => _output ??= new CmdletOutput(this);

        protected override void StopProcessing() => _stopping.Cancel();

        protected override void BeginProcessing() => _pathOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Path));

        protected override void ProcessRecord()
        {
            try
            {
                using var project = OpenProject();
                if (RemovesLeftovers)
                {
                    project.RemoveLeftoverOneOffs(Output, ApproveLeftoverRemoval, Cancellation);
                }

                Execute(project);
            }
            catch (KxException ex) when (MyInvocation.ExpectingInput && ErrorPolicy.ConcernsOnePipedObject(ex.ErrorId, pathPiped: Path != null && !_pathOnCommandLine))
            {
                WriteError(ToErrorRecord(ex));
            }
            catch (KxException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex));
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>
        /// Whether the cmdlet first removes this machine's one-off containers whose owner process has ended (see
        /// KxProject.RemoveLeftoverOneOffs); false for one that promises to change nothing.
        /// </summary>
        private protected virtual bool RemovesLeftovers => true;

        /// <summary>Asks before removing a leftover one-off container (-WhatIf shows it and removes nothing).</summary>
        private protected bool ApproveLeftoverRemoval(string leftover) => ShouldProcess(leftover, "Remove the leftover one-off container");

        /// <summary>The cmdlet's one call into the core.</summary>
        private protected abstract void Execute(KxProject project);

        /// <summary>The project this invocation targets, opened from -Path or the current location.</summary>
        private protected virtual KxProjectOptions CreateOptions() => new KxProjectOptions
        {
            ComposeFile = ComposeFile,
            ProjectName = ProjectName,
            Profiles = Profile,
            Orchestrator = Orchestrator,
            Compose = MyInvocation.BoundParameters.ContainsKey(nameof(Compose)) ? Compose : (ComposeFlavor?)null,
            DockerHost = DockerHost,
            DockerContext = Context,
            EnginePool = ModuleCaches.Pool,
            ComposeFileCache = ModuleCaches.ComposeFiles,
            EntrypointEnvironments = ModuleCaches.EntrypointEnvironments,
        };

        private KxProject OpenProject()
        {
            var path = Path == null
                ? SessionState.Path.CurrentFileSystemLocation.ProviderPath
                : GetUnresolvedProviderPathFromPSPath(Path);
            return KxProject.Open(path, Environment, CreateOptions());
        }

        /// <summary>
        /// ShouldProcess with the exact command lines as the -WhatIf text (for an operation of several steps, its
        /// numbered steps). Production changes, and high-impact ones anywhere (a rollback), ask for confirmation (as
        /// ConfirmImpact High would) unless -Force or -Confirm:$false.
        /// </summary>
        private protected bool ShouldRun<T>(KxOperation<T> operation, bool force)
        {
            var description = operation.Steps.Count > 0
                ? operation.Action + ":" + string.Concat(operation.Steps.Select((step, index) => $"{System.Environment.NewLine}  {index + 1}. {step}"))
                : $"{operation.Action} [{string.Join("; ", operation.CommandLines)}]";
            if (!ShouldProcess(operation.Target, description))
            {
                return false;
            }

            var confirmedByParameter = MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm) && confirm is SwitchParameter;
            return operation.Confirmation == null || force || confirmedByParameter
                || ShouldContinue(operation.Confirmation.Query, operation.Confirmation.Caption);
        }

        /// <summary>Writes a non-terminating error for a failure that does not stop the rest of the pipeline.</summary>
        private protected void WriteKxError(KxException exception) => WriteError(ToErrorRecord(exception));

        internal static ErrorRecord ToErrorRecord(KxException exception)
        {
            var category = Enum.TryParse<ErrorCategory>(exception.Category.ToString(), out var parsed) ? parsed : ErrorCategory.NotSpecified;
            var record = new ErrorRecord(exception, exception.ErrorId, category, exception.TargetObject);
            if (exception.RecommendedAction != null)
            {
                record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = exception.RecommendedAction };
            }

            return record;
        }

        /// <summary>Writes each item of a list to the pipeline, one object at a time.</summary>
        private protected void WriteEach<T>(System.Collections.Generic.IEnumerable<T> items)
        {
            foreach (var item in items.ToList())
            {
                WriteObject(item);
            }
        }
    }
}
