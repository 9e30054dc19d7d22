using System.Collections.Generic;

namespace Konnaxion.Ops.Django
{
    /// <summary>For management commands without a listing of their own: keeps stdout as it is, and stderr's error.</summary>
    internal sealed class ManageOutputParser : DjangoOutputParser
    {
        private readonly List<string> _lines = new List<string>();

        /// <summary>What the command printed on stdout, colours removed.</summary>
        public IReadOnlyList<string> Lines => _lines;

        protected override void AddOutput(string line) => _lines.Add(line);
    }
}
