namespace Konnaxion.Ops
{
    /// <summary>Which compose file of a cookiecutter-django backend to drive.</summary>
    public enum KxEnvironment
    {
        /// <summary>docker-compose.local.yml: code bind-mounted, migrations made on the host.</summary>
        Local,

        /// <summary>docker-compose.production.yml: code and migrations baked into the image.</summary>
        Production,
    }
}
