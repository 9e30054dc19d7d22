namespace Konnaxion.Ops
{
    /// <summary>A Django superuser that createsuperuser created.</summary>
    public sealed class KxSuperuser
    {
        public KxSuperuser(string project, string username, string? email)
        {
            Project = project;
            Username = username;
            Email = email;
        }

        public string Project { get; }
        public string Username { get; }
        public string? Email { get; }

        public override string ToString() => Username;
    }
}
