using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Konnaxion.Ops;
using Konnaxion.Ops.Compose;
using static Bench;

// Times, on a running copy of the sample backend, once per compose version:
//   seed runbook      the seed's literal commands as processes: up -d --build (nothing changed), run --rm django
//                     python manage.py makemigrations, run --rm django python manage.py migrate, ps
//   Invoke-KxUpdate   KxProject.Open + Update().Invoke(), as one Invoke-KxUpdate runs it
//   manage.py steps   each in a one-off container (run --rm, the default) and in the running container
//                     (-InRunningContainer): showmigrations --plan as Get-KxMigration runs it, and migrate with
//                     nothing to apply as Invoke-KxMigrate runs it (which also asks the engine whether django's own
//                     start is still migrating, in both modes)
// Both runbooks end in the same state (every service up, every migration applied, nothing to make), which is checked
// after each round, outside the timing. The two runbooks run in blocks, each after a warm-up round: the seed's `up
// --build` builds django and worker (one shared build) in parallel, which leaves their image tags on one of two image
// IDs at random, so the runbook that follows it would have to recreate their containers for nothing (Invoke-KxUpdate
// builds one service at a time, which keeps the IDs put). The manage.py steps run interleaved, round by round, so that
// machine noise hits both modes alike. v2 runs all its rounds before v1, because the two versions name containers
// differently and each would recreate the other's.
// Usage: MigrationsBench BACKEND_DIR PROJECT_NAME ROUNDS
// Exit code 1 when a target is missed (medians, both compose versions): Invoke-KxUpdate 2x faster than the seed
// runbook; the running container 1.7x faster than run --rm for the showmigrations step. The migrate step's ratio is
// printed too: Django's own start-up (about 0.3 s of imports on this sample) is in both modes, so it is lower.
if (Arguments(args, "MigrationsBench") is not { } arguments)
{
    return 2;
}

var (backend, projectName, rounds) = arguments;
var composeFile = Path.Combine(backend, "docker-compose.local.yml");
Console.WriteLine($"project {projectName}, {rounds} rounds per compose version after one warm-up round");
Console.WriteLine($"{Run("docker", "compose", "version").Trim()}; docker-compose {Run("docker-compose", "version", "--short").Trim()}; " +
    $"engine {Run("docker", "version", "--format", "{{.Server.Version}}").Trim()}; {Environment.ProcessorCount} CPUs");

var allMet = true;
foreach (var flavor in new[] { ComposeFlavor.V2, ComposeFlavor.V1 })
{
    var compose = flavor == ComposeFlavor.V2 ? ComposeCli.V2(composeFile, projectName) : ComposeCli.V1(composeFile, projectName);
    KxProject Open(bool inRunningContainer = false) => KxProject.Open(backend, KxEnvironment.Local,
        new KxProjectOptions { Compose = flavor, ProjectName = projectName, InRunningContainer = inRunningContainer });

    Action seedRunbook = compose.SeedRunbook;
    Action update = () =>
    {
        using var project = Open();
        var result = project.Update().Invoke();
        Expect(result.Success, "Invoke-KxUpdate failed: " + result.Error?.Message);
    };
    Action showOneOff = () =>
    {
        using var project = Open();
        Expect(project.GetMigrations().Count > 0, "showmigrations (run --rm) listed nothing");
    };
    Action showRunning = () =>
    {
        using var project = Open(inRunningContainer: true);
        Expect(project.GetMigrations().Count > 0, "showmigrations (running container) listed nothing");
    };
    Action migrateOneOff = () =>
    {
        using var project = Open();
        Expect(project.Migrate().Invoke().Count == 0, "migrate (run --rm) applied something");
    };
    Action migrateRunning = () =>
    {
        using var project = Open(inRunningContainer: true);
        Expect(project.Migrate().Invoke().Count == 0, "migrate (running container) applied something");
    };
    Action sameEndState = () =>
    {
        using var project = Open(inRunningContainer: true);
        Expect(project.GetServiceStatus().All(s => s.IsRunning), "a service is not running");
        Expect(project.GetMigrations(pendingOnly: true).Count == 0, "a migration is not applied");
        Expect(project.TestMigrations().Count == 0, "Test-KxMigration found something");
    };
    var methods = new (string Name, Action Run)[]
    {
        ("seed runbook (4 commands)", seedRunbook),
        ("Invoke-KxUpdate", update),
        ("showmigrations, run --rm", showOneOff),
        ("showmigrations, running", showRunning),
        ("migrate, run --rm", migrateOneOff),
        ("migrate, running", migrateRunning),
    };

    Console.WriteLine();
    Console.WriteLine($"== compose {flavor} ==");
    var timings = methods.Select(_ => new List<double>()).ToArray();
    const int runbooks = 2;
    for (var i = 0; i < runbooks; i++)
    {
        methods[i].Run();
        sameEndState();
        for (var round = 0; round < rounds; round++)
        {
            timings[i].Add(Time(methods[i].Run));
            sameEndState();
        }
    }

    for (var i = runbooks; i < methods.Length; i++)
    {
        methods[i].Run();
    }

    for (var round = 0; round < rounds; round++)
    {
        for (var i = runbooks; i < methods.Length; i++)
        {
            timings[i].Add(Time(methods[i].Run));
        }
    }

    var medians = timings.Select(Median).ToArray();
    Console.WriteLine($"{"method",-30} {"median ms",10} {"min ms",10} {"max ms",10}");
    for (var i = 0; i < methods.Length; i++)
    {
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-30} {1,10:0} {2,10:0} {3,10:0}",
            methods[i].Name, medians[i], timings[i].Min(), timings[i].Max()));
    }

    var updateRatio = medians[0] / medians[1];
    var showRatio = medians[2] / medians[3];
    var migrateRatio = medians[4] / medians[5];
    var met = updateRatio >= 2 && showRatio >= 1.7;
    allMet &= met;
    Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
        "compose {0}: Invoke-KxUpdate {1:0.00}x faster than the seed runbook (target 2x); running container {2:0.00}x faster than run --rm " +
        "for showmigrations (target 1.7x), {3:0.00}x for migrate: {4}",
        flavor, updateRatio, showRatio, migrateRatio, met ? "targets met" : "TARGETS MISSED"));
}

return allMet ? 0 : 1;
