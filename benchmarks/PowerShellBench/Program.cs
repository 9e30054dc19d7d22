using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Konnaxion.Ops.PowerShell.Tests.Hosting;
using static Bench;

// Times what people run, on a running copy of the sample backend: the cmdlets typed into a hosted PowerShell 7.6
// session (the hosted tests' ModuleSession and RecordingHost, the module imported from out/Konnaxion.Ops) against
// the compose CLIs as processes. Every measure runs one warm-up round first.
//   import       Import-Module of Konnaxion.Ops and of a trivial one-cmdlet binary module (its DLL, and the same with
//                the smallest manifest, for what any manifest costs), each in a fresh process (this program's child
//                mode), and there the first Get-KxServiceStatus after the import
//   status       later Get-KxServiceStatus calls in one session (-Compose V2 and V1) against `docker compose ps
//                --format json` and `docker-compose ps`, and a trivial cmdlet (Get-Module) for what any call costs in
//                the session; interleaved with each other, round by round, after the import's rounds
//   manage.py    showmigrations --plan: Invoke-KxManage -InRunningContainer and without it (run --rm) against
//                `compose run --rm` and `compose exec` through the image's entrypoint, interleaved
//   update       Invoke-KxUpdate against the seed's literal commands, each ending in the same state (checked after
//                every round, outside the timing). Run in blocks, not interleaved: the seed's `up --build` builds
//                django and worker in parallel, which leaves their tags on one of two image IDs at random, and the
//                runbook after it would recreate their containers for nothing. v2 runs before v1, which names
//                containers differently: v1's update recreates them, so v1's manage.py step comes after it.
// Usage: PowerShellBench BACKEND_DIR PROJECT_NAME ROUNDS (the seconds-long measures run ROUNDS/4 rounds, at least 1)
// Exit code 1 when a compose v2 target is missed (medians); the v1 targets are printed, met or missed.
if (args.Length > 0 && args[0] == ImportChild.Mode)
{
    return ImportChild.Measure(args);
}

if (Arguments(args, "PowerShellBench") is not { } arguments)
{
    return 2;
}

var (backend, projectName, rounds) = arguments;
var slowRounds = Math.Max(1, rounds / 4);
var composeFile = Path.Combine(backend, "docker-compose.local.yml");
var v2 = ComposeCli.V2(composeFile, projectName);
var v1 = ComposeCli.V1(composeFile, projectName);
var services = v2.Run("config", "--services").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
Console.WriteLine($"project {projectName}, {services} services; {rounds} rounds (import, status), {slowRounds} (manage.py, update), after one warm-up round");
Console.WriteLine($"{v2.Run("version").Trim()}; docker-compose {v1.Run("version", "--short").Trim()}; " +
    $"engine {Run("docker", "version", "--format", "{{.Server.Version}}").Trim()}; {Environment.ProcessorCount} CPUs; " +
    $"load average {LoadAverage()} at start");

using var session = new ModuleSession(location: backend);
IReadOnlyList<PSObject> Cmdlet(ComposeCli compose, string cmdlet, string arguments = "") =>
    session.Invoke($"{cmdlet} -ProjectName '{projectName}' -Compose {compose.Flavor} {arguments}");
bool IsTrue(PSObject result, string property) => (bool)result.Properties[property].Value;
Sample Timed(Table table, int method, Action run) => () => new[] { (table, method, Time(run)) };

var tables = new List<Table>();

var import = new Table("import into a fresh process (Import-Module alone, after the session is open)",
    "Import-Module trivial one-cmdlet binary module", "Import-Module Konnaxion.Ops", "Import-Module trivial module with a minimal manifest");
var status = new Table($"status per invocation ({services} services)",
    "Get-KxServiceStatus -Compose V2, later call", "Get-KxServiceStatus -Compose V1, later call", "Get-KxServiceStatus, first call after import",
    "docker compose ps --format json", "docker-compose ps", "Get-Module -Name Konnaxion.Ops (a trivial cmdlet)");
Sample Child(string module, int importMethod) => () =>
{
    var (importTime, firstCall) = ImportChild.InFreshProcess(module, backend, projectName, services);
    return module == ImportChild.Konnaxion
        ? new[] { (import, importMethod, importTime), (status, 2, firstCall) }
        : new[] { (import, importMethod, importTime) };
};
Action StatusOf(ComposeCli compose) => () => Expect(Cmdlet(compose, "Get-KxServiceStatus").Count == services, $"Get-KxServiceStatus -Compose {compose.Flavor} did not list every service");
Interleave(rounds, null, Child(ImportChild.Trivial, 0), Child(ImportChild.Konnaxion, 1), Child(ImportChild.TrivialWithManifest, 2));
// Apart from the children: a fresh .NET process just before a call leaves it to start on cold caches, a cost of the
// benchmark's, not of the call.
Interleave(rounds, null,
    Timed(status, 0, StatusOf(v2)),
    Timed(status, 1, StatusOf(v1)),
    Timed(status, 3, () => Expect(v2.Run("ps", "--format", "json").Contains(projectName, StringComparison.Ordinal), "docker compose ps listed none of the project's containers")),
    Timed(status, 4, () => Expect(v1.Run("ps").Contains(projectName, StringComparison.Ordinal), "docker-compose ps listed none of the project's containers")),
    Timed(status, 5, () => Expect(session.Invoke("Get-Module -Name Konnaxion.Ops").Count == 1, "Get-Module did not find Konnaxion.Ops")));
import.AtMostMore(1, 0, 40, gating: true);
import.AtMostMore(1, 2, 40, gating: false);
status.AtMostTimes(2, 0, 2, gating: true);
status.FasterBy(0, 3, 30, gating: true);
status.FasterBy(1, 4, 100, gating: false);
tables.AddRange(new[] { import, status });

// The manage.py step, showmigrations --plan: needs the database, so `exec` goes through the entrypoint that sets DATABASE_URL.
Table ManageStep(ComposeCli compose)
{
    var step = new Table($"manage.py showmigrations --plan, compose {compose.Flavor}",
        "Invoke-KxManage -InRunningContainer", "Invoke-KxManage (one-off container)",
        $"{compose.Name} run --rm django python manage.py ...", $"{compose.Name} exec -T django /entrypoint python manage.py ...");
    Action Listed(Func<IEnumerable<string>> run, string what) => () => Expect(run().Any(line => line.Contains("[X]", StringComparison.Ordinal)), $"{what} listed no applied migration");
    Interleave(slowRounds, null,
        Timed(step, 0, Listed(() => Cmdlet(compose, "Invoke-KxManage", "-InRunningContainer showmigrations --plan").Select(o => o.ToString()), "Invoke-KxManage -InRunningContainer")),
        Timed(step, 1, Listed(() => Cmdlet(compose, "Invoke-KxManage", "showmigrations --plan").Select(o => o.ToString()), "Invoke-KxManage")),
        Timed(step, 2, Listed(() => compose.Run("run", "--rm", "django", "python", "manage.py", "showmigrations", "--plan").Split('\n'), "compose run --rm")),
        Timed(step, 3, Listed(() => compose.Run("exec", "-T", "django", "/entrypoint", "python", "manage.py", "showmigrations", "--plan").Split('\n'), "compose exec")));
    step.FasterBy(0, 2, 2, gating: compose == v2);
    return step;
}

Table Update(ComposeCli compose)
{
    var update = new Table($"update, nothing changed, compose {compose.Flavor}; the seed: up -d --build, run --rm django python manage.py makemigrations, ... migrate, ps",
        "Invoke-KxUpdate", "seed runbook (4 commands)");
    Action sameEndState = () =>
    {
        Expect(Cmdlet(compose, "Get-KxServiceStatus").All(s => IsTrue(s, "IsRunning")), "a service is not running");
        Expect(Cmdlet(compose, "Get-KxMigration", "-Pending -InRunningContainer").Count == 0, "a migration is not applied");
        Expect(Cmdlet(compose, "Test-KxMigration", "-InRunningContainer").Count == 0, "Test-KxMigration found something");
    };
    Interleave(slowRounds, sameEndState, Timed(update, 0, () => Expect(IsTrue(Cmdlet(compose, "Invoke-KxUpdate").Single(), "Success"), "Invoke-KxUpdate failed")));
    Interleave(slowRounds, sameEndState, Timed(update, 1, compose.SeedRunbook));
    update.FasterBy(0, 1, 3, gating: compose == v2);
    return update;
}

tables.Add(ManageStep(v2));
tables.Add(Update(v2));
tables.Add(Update(v1));
tables.Add(ManageStep(v1));

foreach (var table in tables)
{
    table.Print();
}

var met = tables.All(t => t.GatingTargetsMet);
Console.WriteLine();
Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "load average {0} at the end; {1}",
    LoadAverage(), met ? "every compose v2 target met" : "A COMPOSE V2 TARGET WAS MISSED"));
return met ? 0 : 1;

// The machine's one-minute load average, printed beside the figures: other work on it slows every method alike.
static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

// Runs every method once to warm up, then ROUNDS rounds of every method in turn, checking the state after each run
// (outside the timing) when a check is given.
static void Interleave(int rounds, Action? check, params Sample[] methods)
{
    Console.Error.WriteLine($"timing {methods.Length} method(s), {rounds} round(s)...");
    for (var round = -1; round < rounds; round++)
    {
        foreach (var method in methods)
        {
            var samples = method();
            check?.Invoke();
            if (round >= 0)
            {
                foreach (var (table, index, milliseconds) in samples)
                {
                    table.Add(index, milliseconds);
                }
            }
        }
    }
}

/// <summary>One run of a method: the times it gave, each for a method of a table (a fresh process gives its import and its first call).</summary>
internal delegate (Table Table, int Method, double Milliseconds)[] Sample();
