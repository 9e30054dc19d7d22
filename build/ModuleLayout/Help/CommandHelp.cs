using System.Collections.Generic;

namespace Konnaxion.Ops.ModuleLayout.Help
{
    public sealed record HelpExample(string Title, string Code, IReadOnlyList<string> Remarks);

    /// <summary>The help of one command, whether read from doc comments or from a MAML file.</summary>
    public sealed record CommandHelp(string Name, string Synopsis, IReadOnlyList<string> Description,
        IReadOnlyDictionary<string, string> ParameterDescriptions, IReadOnlyList<HelpExample> Examples);
}
