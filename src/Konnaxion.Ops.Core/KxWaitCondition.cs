namespace Konnaxion.Ops
{
    /// <summary>What <see cref="KxProject.WaitForServices"/> waits for.</summary>
    public enum KxWaitCondition
    {
        /// <summary>Every container of the services is running.</summary>
        Running,

        /// <summary>Every container is running and healthy; one without a healthcheck only has to be running.</summary>
        Healthy,
    }
}
