using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using YamlDotNet.Core;
using Source = YamlDotNet.RepresentationModel;

namespace Konnaxion.Ops.Yaml
{
    /// <summary>Reads YAML text, with YamlDotNet, into this assembly's own <see cref="YamlNode"/> tree.</summary>
    public static class YamlReader
    {
        /// <summary>
        /// The root node of the text's first document, or null when the text holds none. Every document is parsed,
        /// so invalid YAML anywhere in the text fails.
        /// </summary>
        /// <exception cref="YamlSyntaxException">The text is not valid YAML.</exception>
        public static YamlNode? ReadFirstDocument(string text)
        {
            var stream = new Source.YamlStream();
            var parser = new Parser(new StringReader(text));
            try
            {
                stream.Load(parser);
            }
            catch (YamlException ex)
            {
                var (line, column) = Position(ex.Start);
                throw new YamlSyntaxException(ex.InnerException?.Message ?? ex.Message, line, column, isApproximate: false, ex);
            }
            catch (InvalidOperationException ex)
            {
                // YamlDotNet fails this way on some malformed input (an unclosed '[' followed by more lines):
                // the last event it parsed is where the text stops making sense.
                var last = parser.Current;
                var (line, column) = last == null ? ((int?)null, (int?)null) : Position(last.Start);
                throw new YamlSyntaxException("The YAML parser failed without saying where.", line, column, isApproximate: true, ex);
            }

            return stream.Documents.Count == 0 ? null : new TreeBuilder().Build(stream.Documents[0].RootNode);
        }

        /// <summary>A mark's line and column, from 1. YamlDotNet counts in longs; those of a string fit an int.</summary>
        private static (int Line, int Column) Position(Mark mark) => (checked((int)mark.Line), checked((int)mark.Column));

        /// <summary>
        /// Copies YamlDotNet's nodes into ours. An alias is the anchored node itself in YamlDotNet's tree, and so is
        /// its copy here: a node is copied once, which keeps an anchor that refers to itself finite and one aliased
        /// many times small.
        /// </summary>
        private sealed class TreeBuilder
        {
            private readonly Dictionary<Source.YamlNode, YamlNode> _built = new Dictionary<Source.YamlNode, YamlNode>(ByReference.Instance);

            public YamlNode Build(Source.YamlNode node)
            {
                if (_built.TryGetValue(node, out var built))
                {
                    return built;
                }

                var (line, column) = Position(node.Start);
                switch (node)
                {
                    case Source.YamlMappingNode mapping:
                        var mappingCopy = new YamlMapping(line, column);
                        _built.Add(node, mappingCopy);
                        foreach (var entry in mapping.Children)
                        {
                            var key = (entry.Key as Source.YamlScalarNode)?.Value ?? string.Empty;
                            var (keyLine, keyColumn) = Position(entry.Key.Start);
                            mappingCopy.Add(key, keyLine, keyColumn, Build(entry.Value));
                        }

                        return mappingCopy;

                    case Source.YamlSequenceNode sequence:
                        var sequenceCopy = new YamlSequence(line, column);
                        _built.Add(node, sequenceCopy);
                        foreach (var item in sequence.Children)
                        {
                            sequenceCopy.Add(Build(item));
                        }

                        return sequenceCopy;

                    default:
                        // A loaded stream has resolved its aliases: what is neither a mapping nor a sequence is a scalar.
                        var scalar = (Source.YamlScalarNode)node;
                        var isNull = scalar.Style == ScalarStyle.Plain && (scalar.Value == "~" || scalar.Value == "null");
                        var scalarCopy = new YamlScalar(line, column, scalar.Value ?? string.Empty, isNull, scalar.Style == ScalarStyle.Plain);
                        _built.Add(node, scalarCopy);
                        return scalarCopy;
                }
            }
        }

        /// <summary>YamlDotNet's nodes compare by content; the copy must follow identity, which is what aliases share.</summary>
        private sealed class ByReference : IEqualityComparer<Source.YamlNode>
        {
            public static readonly ByReference Instance = new ByReference();

            public bool Equals(Source.YamlNode? x, Source.YamlNode? y) => ReferenceEquals(x, y);

            public int GetHashCode(Source.YamlNode node) => RuntimeHelpers.GetHashCode(node);
        }
    }
}
