using System;

namespace Konnaxion.Ops.Yaml
{
    /// <summary>
    /// A merge key (<c>&lt;&lt;</c>) whose value is not a mapping, nor a list of mappings: the text is YAML, but its
    /// merge cannot be made. Thrown by <see cref="YamlMapping.Entries"/>, where merges are resolved.
    /// </summary>
    public sealed class YamlMergeKeyException : Exception
    {
        internal YamlMergeKeyException(int line, int column)
            : base($"The merge key at line {line}, column {column} has a value that is not a mapping, nor a list of mappings.")
        {
            Line = line;
            Column = column;
        }

        /// <summary>The line of the merge key, from 1.</summary>
        public int Line { get; }

        /// <summary>The column of the merge key, from 1.</summary>
        public int Column { get; }
    }
}
