namespace Konnaxion.Ops.Errors
{
    /// <summary>Every ErrorId the module raises, in one place so the README table and the tests can list them.</summary>
    public static class KxErrorIds
    {
        // Project discovery and the compose file.
        public const string ProjectNotFound = "ProjectNotFound";
        public const string ComposeFileNotFound = "ComposeFileNotFound";
        public const string ComposeFileInvalid = "ComposeFileInvalid";
        public const string EnvFileMissing = "EnvFileMissing";
        public const string ServiceNotFound = "ServiceNotFound";
        public const string InvalidProjectName = "InvalidProjectName";

        // Compose itself.
        public const string ComposeNotInstalled = "ComposeNotInstalled";
        public const string ComposeVersionUnsupported = "ComposeVersionUnsupported";
        public const string ComposeCommandFailed = "ComposeCommandFailed";
        public const string OperationCancelled = "OperationCancelled";

        // Django management commands.
        public const string DjangoCommandFailed = "DjangoCommandFailed";
        public const string MakeMigrationsRefusedInProduction = "MakeMigrationsRefusedInProduction";
        public const string MakeMigrationsNeedsInput = "MakeMigrationsNeedsInput";
        public const string SuperuserExists = "SuperuserExists";
        public const string SuperuserInvalid = "SuperuserInvalid";
        public const string MigrationFailed = "MigrationFailed";

        // The Docker Engine API.
        public const string EngineUnreachable = "EngineUnreachable";
        public const string EngineTimeout = "EngineTimeout";
        public const string EngineProtocolError = "EngineProtocolError";
        public const string EngineApiError = "EngineApiError";
        public const string DockerHostInvalid = "DockerHostInvalid";
        public const string DockerContextNotFound = "DockerContextNotFound";
        public const string SshTransportFailed = "SshTransportFailed";

        // Waiting for services (Wait-KxService, Invoke-KxBuild -Wait).
        public const string ServiceExited = "ServiceExited";
        public const string ServiceUnhealthy = "ServiceUnhealthy";
        public const string ServiceRestartLoop = "ServiceRestartLoop";
        public const string ServiceWaitTimeout = "ServiceWaitTimeout";

        // Migrations you can trust (Test-KxMigration, Invoke-KxMigrate -Check and -InRunningContainer, backups, Invoke-KxUpdate).
        public const string MigrationCheckFailed = "MigrationCheckFailed";
        public const string MigrationsUnapplied = "MigrationsUnapplied";
        public const string MigrationLedgerInvalid = "MigrationLedgerInvalid";
        public const string ServiceNotRunning = "ServiceNotRunning";
        public const string BackupFailed = "BackupFailed";
        public const string UpdateFailed = "UpdateFailed";
        public const string MigrationLocked = "MigrationLocked";

        // The Swarm target (-Orchestrator Swarm).
        public const string SwarmNeedsProduction = "SwarmNeedsProduction";
        public const string SwarmNotManager = "SwarmNotManager";
        public const string SwarmJobFailed = "SwarmJobFailed";
        public const string SwarmTaskFailing = "SwarmTaskFailing";
        public const string ImageTagRequired = "ImageTagRequired";
        public const string ImageNameRequired = "ImageNameRequired";
        public const string StackFileUnsupported = "StackFileUnsupported";
        public const string SwarmParameterUnsupported = "SwarmParameterUnsupported";
    }
}
