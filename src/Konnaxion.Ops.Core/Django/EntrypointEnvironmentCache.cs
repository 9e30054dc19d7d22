using System;
using System.Collections.Generic;
using System.Linq;

namespace Konnaxion.Ops.Django
{
    /// <summary>
    /// The environments that running containers' entrypoints set up, kept from one manage.py call in a running container
    /// to the next: cookiecutter-django's entrypoint builds DATABASE_URL and waits for PostgreSQL, a Python start that
    /// costs about as much as a quarter of a manage.py call, and gives the same environment every time in a container
    /// that keeps running. Keyed by container ID and start time, so a restarted or recreated container has its
    /// entrypoint run again. In memory only, as its values are secrets. Thread-safe: a binary module's statics serve
    /// every runspace.
    /// </summary>
    public sealed class EntrypointEnvironmentCache
    {
        /// <summary>Enough for the containers one person drives; the oldest goes first.</summary>
        private const int Capacity = 32;

        private readonly object _gate = new object();
        private readonly LinkedList<(string ContainerId, DateTimeOffset StartedAt, IReadOnlyList<string> Environment)> _entries =
            new LinkedList<(string, DateTimeOffset, IReadOnlyList<string>)>();

        /// <summary>The NAME=value entries kept for this start of the container, or null.</summary>
        internal IReadOnlyList<string>? Find(string containerId, DateTimeOffset startedAt)
        {
            lock (_gate)
            {
                var entry = _entries.FirstOrDefault(e => e.ContainerId == containerId && e.StartedAt == startedAt);
                return entry.Environment;
            }
        }

        internal void Keep(string containerId, DateTimeOffset startedAt, IReadOnlyList<string> environment)
        {
            lock (_gate)
            {
                var stale = _entries.Where(e => e.ContainerId == containerId).ToList();
                foreach (var entry in stale)
                {
                    _entries.Remove(entry);
                }

                _entries.AddFirst((containerId, startedAt, environment));
                while (_entries.Count > Capacity)
                {
                    _entries.RemoveLast();
                }
            }
        }
    }
}
