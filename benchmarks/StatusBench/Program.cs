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

// Times one status query of a running compose project three ways, interleaved round by round so that machine noise
// hits all of them alike:
//   engine API      KxProject.GetServiceStatus on a project opened once (as a runbook's polling loop runs it)
//   open + status   a fresh KxProject per call (what one Get-KxServiceStatus invocation costs)
//   v2 ps           `docker compose ps --format json` as a process
//   v1 ps           `docker-compose ps` as a process
// Usage: StatusBench BACKEND_DIR PROJECT_NAME ROUNDS
// Exit code 1 when the engine API misses the targets (10x faster than v2 ps, 50x faster than v1 ps).
if (Arguments(args, "StatusBench") is not { } arguments)
{
    return 2;
}

var (backend, projectName, rounds) = arguments;
var options = new KxProjectOptions { ProjectName = projectName, Compose = ComposeFlavor.V2 };
using var project = KxProject.Open(backend, KxEnvironment.Local, options);
var composeFile = project.ComposeFile.Path;
var serviceCount = project.ComposeFile.Services.Count;

Action engineApi = () => Expect(project.GetServiceStatus().Count == serviceCount, "the engine API did not list every service");
Action openAndStatus = () =>
{
    using var fresh = KxProject.Open(backend, KxEnvironment.Local, options);
    Expect(fresh.GetServiceStatus().Count == serviceCount, "the engine API did not list every service");
};
Action v2Ps = () => Expect(Run("docker", "compose", "-f", composeFile, "-p", projectName, "ps", "--format", "json").Contains(projectName),
    "docker compose ps listed none of the project's containers");
Action v1Ps = () => Expect(Run("docker-compose", "-f", composeFile, "-p", projectName, "ps").Contains(projectName),
    "docker-compose ps listed none of the project's containers");
var methods = new (string Name, Action Run)[]
{
    ("engine API (project open)", engineApi),
    ("engine API (open + status)", openAndStatus),
    ("docker compose ps --format json", v2Ps),
    ("docker-compose ps", v1Ps),
};

Console.WriteLine($"project {projectName}, {serviceCount} services, {rounds} rounds after one warm-up round");
Console.WriteLine($"{Run("docker", "compose", "version").Trim()}; {Run("docker-compose", "version", "--short").Trim()}; " +
    $"engine {Run("docker", "version", "--format", "{{.Server.Version}}").Trim()}");

// Warm-up: JIT, the engine connection, the binaries in the page cache.
foreach (var method in methods)
{
    method.Run();
}

var timings = methods.Select(_ => new List<double>()).ToArray();
for (var round = 0; round < rounds; round++)
{
    for (var i = 0; i < methods.Length; i++)
    {
        var clock = Stopwatch.StartNew();
        methods[i].Run();
        timings[i].Add(clock.Elapsed.TotalMilliseconds);
    }
}

var medians = timings.Select(Median).ToArray();
Console.WriteLine();
Console.WriteLine($"{"method",-32} {"median ms",10} {"min ms",10} {"max ms",10} {"vs engine API",14}");
for (var i = 0; i < methods.Length; i++)
{
    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-32} {1,10:0.00} {2,10:0.00} {3,10:0.00} {4,13:0.0}x",
        methods[i].Name, medians[i], timings[i].Min(), timings[i].Max(), medians[i] / medians[0]));
}

var v2Ratio = medians[2] / medians[0];
var v1Ratio = medians[3] / medians[0];
var met = v2Ratio >= 10 && v1Ratio >= 50;
Console.WriteLine();
Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
    "engine API is {0:0.0}x faster than docker compose ps (target 10x) and {1:0.0}x faster than docker-compose ps (target 50x): {2}",
    v2Ratio, v1Ratio, met ? "targets met" : "TARGETS MISSED"));
return met ? 0 : 1;
