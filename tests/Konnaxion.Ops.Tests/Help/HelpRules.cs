using System;
using System.Collections.Generic;
using System.Linq;

namespace Konnaxion.Ops.Commands.Tests.Help
{
    /// <summary>What help every cmdlet needs: a synopsis, a description, every parameter described, and two examples that pipe objects.</summary>
    public static class HelpRules
    {
        public const int MinimumExamples = 2;

        public static IReadOnlyList<string> Violations(IEnumerable<CompiledCmdlet> cmdlets, IReadOnlyList<CommandHelp> help)
        {
            var violations = new List<string>();
            foreach (var cmdlet in cmdlets)
            {
                var entry = help.FirstOrDefault(h => string.Equals(h.Name, cmdlet.Name, StringComparison.OrdinalIgnoreCase));
                if (entry == null)
                {
                    violations.Add($"{cmdlet.Name}: no help");
                    continue;
                }

                if (entry.Synopsis.Length == 0)
                {
                    violations.Add($"{cmdlet.Name}: no synopsis (the class's <summary>)");
                }

                if (entry.Description.Count == 0)
                {
                    violations.Add($"{cmdlet.Name}: no description (the class's <remarks>)");
                }

                var expected = cmdlet.Parameters.Select(p => p.Name)
                    .Concat(cmdlet.SupportsShouldProcess ? DocComments.ShouldProcessParameters.Keys : Enumerable.Empty<string>())
                    .ToList();
                violations.AddRange(expected.Where(p => !entry.ParameterDescriptions.TryGetValue(p, out var text) || text.Length == 0)
                    .Select(p => $"{cmdlet.Name}: -{p} is not described (the property's <summary>)"));
                violations.AddRange(entry.ParameterDescriptions.Keys.Where(p => !expected.Contains(p, StringComparer.OrdinalIgnoreCase))
                    .Select(p => $"{cmdlet.Name}: help describes -{p}, which the cmdlet does not have"));
                if (entry.Examples.Count < MinimumExamples)
                {
                    violations.Add($"{cmdlet.Name}: {entry.Examples.Count} example(s), needs at least {MinimumExamples} (<example> in the class's doc comment)");
                }

                violations.AddRange(entry.Examples.Where(e => !e.Code.Contains('|'))
                    .Select(e => $"{cmdlet.Name}: example '{e.Title}' pipes nothing: show objects going through the pipeline"));
                violations.AddRange(entry.Examples.Where(e => e.Title.Length == 0 || e.Remarks.Count == 0)
                    .Select(e => $"{cmdlet.Name}: example '{e.Code}' needs a title and a <para> saying what it does"));
            }

            violations.AddRange(help.Where(h => !cmdlets.Any(c => string.Equals(c.Name, h.Name, StringComparison.OrdinalIgnoreCase)))
                .Select(h => $"{h.Name}: help for a command the module does not have"));
            return violations;
        }
    }
}
