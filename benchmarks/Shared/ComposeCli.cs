using System.Linq;

/// <summary>A compose CLI on one project, as a person types it: `docker compose` (v2) or `docker-compose` (v1), with -f and -p.</summary>
internal sealed class ComposeCli
{
    private readonly string _fileName;
    private readonly string[] _prefix;

    private ComposeCli(string flavor, string fileName, string[] prefix)
    {
        Flavor = flavor;
        _fileName = fileName;
        _prefix = prefix;
    }

    /// <summary>V2 or V1, as the cmdlets' -Compose parameter spells it.</summary>
    public string Flavor { get; }

    /// <summary>The command a person types, for the tables: `docker compose` or `docker-compose`.</summary>
    public string Name => string.Join(" ", new[] { _fileName }.Concat(_prefix.TakeWhile(word => word != "-f")));

    public static ComposeCli V2(string composeFile, string projectName) =>
        new ComposeCli("V2", "docker", new[] { "compose", "-f", composeFile, "-p", projectName });

    public static ComposeCli V1(string composeFile, string projectName) =>
        new ComposeCli("V1", "docker-compose", new[] { "-f", composeFile, "-p", projectName });

    /// <summary>Runs a compose command to its end and returns its standard output; fails on a non-zero exit.</summary>
    public string Run(params string[] arguments) => Bench.Run(_fileName, _prefix.Concat(arguments).ToArray());

    /// <summary>The seed's literal runbook: up -d --build, makemigrations and migrate in one-off containers, ps.</summary>
    public void SeedRunbook()
    {
        Run("up", "-d", "--build");
        Run("run", "--rm", "django", "python", "manage.py", "makemigrations");
        Run("run", "--rm", "django", "python", "manage.py", "migrate");
        Run("ps");
    }
}
