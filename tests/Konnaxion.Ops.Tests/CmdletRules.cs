using System;
using System.Collections.Generic;
using System.Linq;

namespace Konnaxion.Ops.Commands.Tests
{
    /// <summary>What every cmdlet of the module must declare. Each rule lists its violations; none is a pass.</summary>
    public static class CmdletRules
    {
        /// <summary>
        /// Verbs whose cmdlets only read or wait. Every other verb (New, Invoke, Restart, Backup, Update…) changes
        /// something, so its cmdlet must support -WhatIf and -Confirm; so must any cmdlet built on KxChangingCmdlet.
        /// </summary>
        public static readonly IReadOnlySet<string> ReadOnlyVerbs = new HashSet<string>(StringComparer.Ordinal)
        {
            "Get", "Test", "Wait", "Find", "Search", "Resolve", "Measure", "Show", "Compare", "Read", "Watch",
        };

        public const string ChangingBaseType = "Konnaxion.Ops.Commands.Infrastructure.KxChangingCmdlet";

        /// <summary>Parameters that name a service, an app or a migration complete from the project, whichever cmdlet has them.</summary>
        public static readonly IReadOnlyDictionary<string, string> Completers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Service"] = "Konnaxion.Ops.Commands.Completion.ServiceCompleter",
            ["App"] = "Konnaxion.Ops.Commands.Completion.AppCompleter",
            ["Target"] = "Konnaxion.Ops.Commands.Completion.MigrationCompleter",
            ["Profile"] = "Konnaxion.Ops.Commands.Completion.ProfileCompleter",
        };

        public static IReadOnlyList<string> UnapprovedVerbs(IEnumerable<CompiledCmdlet> cmdlets, IReadOnlySet<string> approvedVerbs) =>
            cmdlets.Where(c => !approvedVerbs.Contains(c.Verb))
                .Select(c => $"{c.Name}: '{c.Verb}' is not an approved verb (Get-Verb lists them)")
                .ToList();

        public static IReadOnlyList<string> MissingOutputTypes(IEnumerable<CompiledCmdlet> cmdlets) =>
            cmdlets.SelectMany(c => c.OutputTypes.Count == 0
                    ? new[] { $"{c.Name}: no [OutputType]" }
                    : c.OutputTypes.Where(t => !t.Resolves).Select(t => $"{c.Name}: [OutputType] names '{t.Name}', which does not exist"))
                .ToList();

        public static bool ChangesState(CompiledCmdlet cmdlet) =>
            !ReadOnlyVerbs.Contains(cmdlet.Verb) || cmdlet.BaseTypeNames.Contains(ChangingBaseType);

        public static IReadOnlyList<string> MissingShouldProcess(IEnumerable<CompiledCmdlet> cmdlets) =>
            cmdlets.Where(c => ChangesState(c) && !c.SupportsShouldProcess)
                .Select(c => $"{c.Name}: changes state ({(ReadOnlyVerbs.Contains(c.Verb) ? "derives from KxChangingCmdlet" : "verb " + c.Verb)}) but has no SupportsShouldProcess = true")
                .ToList();

        public static IReadOnlyList<string> MissingCompleters(IEnumerable<CompiledCmdlet> cmdlets) =>
            cmdlets.SelectMany(c => c.Parameters
                    .Where(p => Completers.TryGetValue(p.Name, out var completer) && p.TypeName.StartsWith("String", StringComparison.Ordinal) && p.CompleterTypeName != completer)
                    .Select(p => $"{c.Name} -{p.Name}: needs [ArgumentCompleter(typeof({Completers[p.Name].Split('.').Last()}))]"))
                .ToList();
    }
}
