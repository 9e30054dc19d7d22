using System.Collections.Generic;

namespace Konnaxion.Ops.Yaml
{
    /// <summary>
    /// A node of a YAML document, in types of this assembly rather than YamlDotNet's, so that code reading YAML can
    /// load normally while YamlDotNet stays in a load context of its own (see ModuleDependencies).
    /// </summary>
    public abstract class YamlNode
    {
        private protected YamlNode(int line, int column)
        {
            Line = line;
            Column = column;
        }

        /// <summary>The line where the node starts, from 1; for an alias, that of the anchored node.</summary>
        public int Line { get; }

        /// <summary>The column where the node starts, from 1.</summary>
        public int Column { get; }
    }

    public sealed class YamlScalar : YamlNode
    {
        internal YamlScalar(int line, int column, string value, bool isNull, bool isPlain)
            : base(line, column)
        {
            Value = value;
            IsNull = isNull;
            IsPlain = isPlain;
        }

        /// <summary>The scalar's text, without its quotes and with its escapes resolved.</summary>
        public string Value { get; }

        /// <summary>
        /// Whether the scalar is a plain (unquoted) <c>~</c> or <c>null</c>. An empty value, which YAML's core schema
        /// also takes for null, is not counted: it reads as the empty string, as compose files have always been read here.
        /// </summary>
        public bool IsNull { get; }

        /// <summary>
        /// Whether the scalar is written without quotes (nor as a block): YAML then resolves 5 to a number and true to a
        /// boolean, where "5" stays a string. What writes YAML back keeps that difference.
        /// </summary>
        public bool IsPlain { get; }
    }

    public sealed class YamlSequence : YamlNode
    {
        private readonly List<YamlNode> _items = new List<YamlNode>();

        internal YamlSequence(int line, int column)
            : base(line, column)
        {
        }

        public IReadOnlyList<YamlNode> Items => _items;

        /// <summary>Filled after construction, so that an alias inside the sequence can refer to it.</summary>
        internal void Add(YamlNode item) => _items.Add(item);
    }
}
