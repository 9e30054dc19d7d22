using System.Collections.Generic;

namespace Konnaxion.Ops.Commands.Tests
{
    internal static class Violations
    {
        /// <summary>Passes when a rule found nothing; otherwise fails listing every violation, one per line.</summary>
        public static void AssertNone(IReadOnlyList<string> violations) =>
            Assert.True(violations.Count == 0, $"{violations.Count} violation(s):\n  " + string.Join("\n  ", violations));
    }
}
