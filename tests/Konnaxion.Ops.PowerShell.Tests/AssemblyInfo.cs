// One runspace at a time: environment variables (PSModulePath, DOCKER_HOST, KONNAXION_COMPOSE) and the module's
// once-per-process loader are shared by every runspace of the process.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
