using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Konnaxion.Ops.Commands.Tests.Help
{
    /// <summary>The about_Konnaxion.Ops topic: Get-Help's classic text layout, with the sections a newcomer needs.</summary>
    public static class AboutTopic
    {
        public static readonly IReadOnlyList<string> Sections = new[]
        {
            "SHORT DESCRIPTION", "LONG DESCRIPTION", "RUNBOOK", "ENVIRONMENTS", "SAFETY", "DRIFT LEDGER", "SEE ALSO",
        };

        public static IReadOnlyList<string> Violations(string text)
        {
            var violations = new List<string>();
            if (!Regex.IsMatch(text, @"\ATOPIC\r?\n\s+" + Regex.Escape(Maml.AboutTopic) + @"\s*\r?\n"))
            {
                violations.Add($"{Maml.AboutTopic}: must start with TOPIC and the topic's name");
            }

            violations.AddRange(Sections.Where(s => !Regex.IsMatch(text, @"(?m)^" + Regex.Escape(s) + @"\s*$"))
                .Select(s => $"{Maml.AboutTopic}: no {s} section"));
            return violations;
        }
    }
}
