using System.Management.Automation;
using Konnaxion.Ops.Commands.Infrastructure;

namespace Konnaxion.Ops.Commands
{
    /// <summary>What the module sees of the project: compose file, project name, services, env files, compose and engine.</summary>
    /// <remarks>
    /// <para>Emits one object that says which compose file the other cmdlets would read, the compose project name and where
    /// it came from (-ProjectName, COMPOSE_PROJECT_NAME in the environment or the .env file, the file's name:, or the
    /// folder), the services, each env file and whether it exists, the compose command and its version, the Docker
    /// engine endpoint and where it came from (-DockerHost, DOCKER_HOST, a docker context, or the platform default),
    /// the engine's version, and the migration ledger's path. It changes nothing and shows no env-file value.</para>
    /// <para>A compose or an engine that does not answer does not stop it: its version is empty, ComposeError or
    /// EngineError says why, and a warning says it too. Run it first when something looks wrong.</para>
    /// </remarks>
    /// <example>List the env files that are missing
    /// <code>Get-KxProject | Select-Object -ExpandProperty EnvFiles | Where-Object { -not $_.Exists }</code>
    /// <para>Each env file says which services read it; compose refuses to start without a required one.</para>
    /// </example>
    /// <example>Check the engine, then the services of the project it found
    /// <code>Get-KxProject -DockerHost npipe:////./pipe/docker_engine | Get-KxServiceStatus</code>
    /// <para>Get-KxServiceStatus takes the project's folder from the Path property of the object.</para>
    /// </example>
    /// <example>Why this project name
    /// <code>Get-KxProject -Environment Production | Format-List ProjectName, ProjectNameSource, ComposeFile</code>
    /// <para>ProjectNameSource is Parameter, EnvironmentVariable, DotEnvFile, ComposeFile or Folder.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "KxProject")]
    [OutputType(typeof(KxProjectInfo))]
    public sealed class GetKxProjectCommand : KxCmdlet
    {
        /// <summary>It changes nothing, leftover one-off containers neither: the next other command removes them.</summary>
        private protected override bool RemovesLeftovers => false;

        private protected override void Execute(KxProject project) => WriteObject(project.Describe(Output, Cancellation));
    }
}
