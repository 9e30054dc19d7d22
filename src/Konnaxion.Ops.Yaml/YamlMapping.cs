using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Konnaxion.Ops.Yaml
{
    /// <summary>
    /// A YAML mapping, read through <see cref="Entries"/> with its merge keys (<c>&lt;&lt;: *anchor</c>,
    /// <c>&lt;&lt;: [*a, *b]</c>) resolved as YAML defines them.
    /// </summary>
    public sealed class YamlMapping : YamlNode
    {
        private const string MergeKey = "<<";

        private readonly List<DeclaredEntry> _declared = new List<DeclaredEntry>();
        private OrderedEntries? _entries;

        internal YamlMapping(int line, int column)
            : base(line, column)
        {
        }

        /// <summary>
        /// The mapping's own keys in the order written, then the keys merged in that it does not have itself: a key of
        /// the mapping wins over a merged one, and an earlier merge source over a later one. A key that is not a scalar
        /// reads as the empty key.
        /// </summary>
        /// <remarks>
        /// Merge keys are resolved here, when the entries are first read, rather than when the text is: a merge key
        /// whose value is wrong then fails only the reader that gets to it, not one that reads other parts of the text.
        /// </remarks>
        /// <exception cref="YamlMergeKeyException">A merge key's value is not a mapping, nor a list of mappings.</exception>
        public IReadOnlyDictionary<string, YamlNode> Entries => _entries ??= ResolveEntries();

        /// <summary>Filled after construction, so that an alias inside the mapping can refer to it.</summary>
        internal void Add(string key, int keyLine, int keyColumn, YamlNode value) =>
            _declared.Add(new DeclaredEntry(key, keyLine, keyColumn, value));

        private OrderedEntries ResolveEntries()
        {
            var entries = new OrderedEntries();
            foreach (var own in _declared.Where(d => d.Key != MergeKey))
            {
                entries.AddIfAbsent(own.Key, own.Value);
            }

            foreach (var merge in _declared.Where(d => d.Key == MergeKey))
            {
                var sources = merge.Value is YamlSequence sequence ? sequence.Items : new[] { merge.Value };
                foreach (var source in sources)
                {
                    if (!(source is YamlMapping sourceMapping))
                    {
                        throw new YamlMergeKeyException(merge.KeyLine, merge.KeyColumn);
                    }

                    foreach (var merged in sourceMapping.Entries)
                    {
                        entries.AddIfAbsent(merged.Key, merged.Value);
                    }
                }
            }

            return entries;
        }

        /// <summary>An entry as written, merge keys included; the key's position is the one a merge error names.</summary>
        private readonly struct DeclaredEntry
        {
            public DeclaredEntry(string key, int keyLine, int keyColumn, YamlNode value)
            {
                Key = key;
                KeyLine = keyLine;
                KeyColumn = keyColumn;
                Value = value;
            }

            public string Key { get; }
            public int KeyLine { get; }
            public int KeyColumn { get; }
            public YamlNode Value { get; }
        }

        /// <summary>Keeps the first value seen for a key, in insertion order.</summary>
        private sealed class OrderedEntries : IReadOnlyDictionary<string, YamlNode>
        {
            private readonly List<KeyValuePair<string, YamlNode>> _items = new List<KeyValuePair<string, YamlNode>>();
            private readonly Dictionary<string, YamlNode> _index = new Dictionary<string, YamlNode>(StringComparer.Ordinal);

            public void AddIfAbsent(string key, YamlNode value)
            {
                if (!_index.ContainsKey(key))
                {
                    _index.Add(key, value);
                    _items.Add(new KeyValuePair<string, YamlNode>(key, value));
                }
            }

            public YamlNode this[string key] => _index[key];
            public IEnumerable<string> Keys => _items.Select(i => i.Key);
            public IEnumerable<YamlNode> Values => _items.Select(i => i.Value);
            public int Count => _items.Count;
            public bool ContainsKey(string key) => _index.ContainsKey(key);

            public bool TryGetValue(string key, out YamlNode value)
            {
                if (_index.TryGetValue(key, out var found))
                {
                    value = found;
                    return true;
                }

                value = null!;
                return false;
            }

            public IEnumerator<KeyValuePair<string, YamlNode>> GetEnumerator() => _items.GetEnumerator();
            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
