using System;
using System.Collections.Generic;
using System.Linq;

namespace Konnaxion.Ops.Compose
{
    /// <summary>
    /// Parsed compose files kept from one project to the next (from one cmdlet call to the next): parsing costs about 2 ms,
    /// reading the file again almost nothing. Each load reads the file anew and reuses the parse only when its text and
    /// the value of every variable the parse looked up (COMPOSE_PROFILES among them) are what they were, so an edit made
    /// a moment before is seen whatever file times say. A file that includes or extends from others is parsed every time.
    /// Thread-safe: a binary module's statics serve every runspace.
    /// </summary>
    public sealed class ComposeFileCache
    {
        /// <summary>Enough for the projects one person drives; the oldest goes first.</summary>
        private const int Capacity = 16;

        private readonly object _gate = new object();
        private readonly LinkedList<Entry> _entries = new LinkedList<Entry>();

        internal ComposeFile Load(string path, Func<string, string?> lookup)
        {
            var text = ComposeFileParser.ReadText(path);
            lock (_gate)
            {
                var known = _entries.FirstOrDefault(entry => entry.Path == path && entry.Text == text
                    && entry.Variables.All(variable => lookup(variable.Key) == variable.Value));
                if (known != null)
                {
                    return known.File;
                }
            }

            var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
            string? Recorded(string name) => variables[name] = lookup(name);
            var file = ComposeFileParser.Parse(text, path, Recorded, out var readOtherFiles);
            if (!readOtherFiles)
            {
                lock (_gate)
                {
                    _entries.AddFirst(new Entry(path, text, variables, file));
                    while (_entries.Count > Capacity)
                    {
                        _entries.RemoveLast();
                    }
                }
            }

            return file;
        }

        private sealed class Entry
        {
            public Entry(string path, string text, IReadOnlyDictionary<string, string?> variables, ComposeFile file)
            {
                Path = path;
                Text = text;
                Variables = variables;
                File = file;
            }

            public string Path { get; }
            public string Text { get; }
            public IReadOnlyDictionary<string, string?> Variables { get; }
            public ComposeFile File { get; }
        }
    }
}
