using System;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Konnaxion.Ops.PowerShell.Tests.Hosting;
using static Bench;

/// <summary>
/// One import in a fresh process, the child mode of this program: a session on the hosted tests' host is opened first
/// (PowerShell's own start-up is no module's cost), then Import-Module and the module's first call are timed.
/// </summary>
internal static class ImportChild
{
    public const string Mode = "--import-child";
    public const string Konnaxion = "Konnaxion.Ops";
    public const string Trivial = "trivial";
    public const string TrivialWithManifest = "trivial-manifest";

    private static string TrivialModule { get; } =
        typeof(ImportChild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "KxTrivialModule").Value
        ?? throw new InvalidOperationException("The benchmark has no KxTrivialModule metadata.");

    /// <summary>Runs a child for <paramref name="module"/>; its import and first call in milliseconds.</summary>
    public static (double Import, double FirstCall) InFreshProcess(string module, string backend, string projectName, int services)
    {
        var times = Run(Environment.ProcessPath!, Mode, module, backend, projectName, services.ToString(CultureInfo.InvariantCulture))
            .Split(' ', StringSplitOptions.TrimEntries).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        return (times[0], times[1]);
    }

    /// <summary>The child itself: MODE MODULE BACKEND_DIR PROJECT_NAME SERVICES; prints "IMPORT_MS FIRST_CALL_MS".</summary>
    public static int Measure(string[] args)
    {
        var (module, backend, projectName, services) = (args[1], args[2], args[3], int.Parse(args[4], CultureInfo.InvariantCulture));
        var (path, firstCall, expected) = module switch
        {
            Konnaxion => (ModuleSession.Manifest, $"Get-KxServiceStatus -ProjectName '{projectName}' -Compose V2", services),
            TrivialWithManifest => (System.IO.Path.ChangeExtension(TrivialModule, ".psd1"), "Get-TrivialValue", 1),
            _ => (TrivialModule, "Get-TrivialValue", 1),
        };
        using var session = new ModuleSession(location: backend, import: false);
        var import = Time(() => session.Invoke($"Import-Module '{path}'"));
        var first = Time(() => Expect(session.Invoke(firstCall).Count == expected, $"{firstCall} did not give {expected} object(s)"));
        Console.WriteLine(FormattableString.Invariant($"{import} {first}"));
        return 0;
    }
}
