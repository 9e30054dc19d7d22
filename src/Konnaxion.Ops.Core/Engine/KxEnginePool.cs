using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Konnaxion.Ops.Engine
{
    /// <summary>
    /// Engine connections kept from one project to the next (from one cmdlet call to the next), so that a call neither
    /// connects nor negotiates the API version again. A connection serves one project at a time: a project rents one for
    /// its endpoint, and another project wanting the same endpoint meanwhile (a parallel runspace) gets one of its own.
    /// Connections idle for <see cref="IdleTimeout"/> are closed (for ssh://, their ssh process ends), since nothing tells
    /// a module that the runspace which used them is gone. Thread-safe: a binary module's statics serve every runspace.
    /// </summary>
    public sealed class KxEnginePool : IDisposable
    {
        private readonly Func<DockerEndpoint, IDockerEngine> _connect;
        private readonly Func<DateTimeOffset> _now;
        private readonly object _gate = new object();
        private readonly List<(DockerEndpoint Endpoint, IDockerEngine Engine, DateTimeOffset IdleSince)> _idle =
            new List<(DockerEndpoint, IDockerEngine, DateTimeOffset)>();
        private readonly Timer _sweeper;
        private bool _disposed;

        /// <param name="idleTimeout">How long an unused connection is kept.</param>
        public KxEnginePool(TimeSpan idleTimeout)
            : this(idleTimeout, endpoint => new DockerEngineClient(endpoint), () => DateTimeOffset.UtcNow)
        {
        }

        internal KxEnginePool(TimeSpan idleTimeout, Func<DockerEndpoint, IDockerEngine> connect, Func<DateTimeOffset> now)
        {
            if (idleTimeout <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(idleTimeout), idleTimeout, "The idle timeout must be positive.");
            }

            IdleTimeout = idleTimeout;
            _connect = connect;
            _now = now;
            _sweeper = new Timer(_ => CloseIdle(), null, idleTimeout, idleTimeout);
        }

        public TimeSpan IdleTimeout { get; }

        /// <summary>How many connections wait for their next project.</summary>
        internal int IdleCount
        {
            get
            {
                lock (_gate)
                {
                    return _idle.Count;
                }
            }
        }

        /// <summary>A connection to <paramref name="endpoint"/> for one project's use, back in the pool when the lease is disposed.</summary>
        internal Lease Rent(DockerEndpoint endpoint)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException(nameof(KxEnginePool));
                }

                var index = _idle.FindLastIndex(entry => entry.Endpoint.Equals(endpoint));
                if (index >= 0)
                {
                    var engine = _idle[index].Engine;
                    _idle.RemoveAt(index);
                    return new Lease(this, endpoint, engine);
                }
            }

            return new Lease(this, endpoint, _connect(endpoint));
        }

        /// <summary>Closes the connections that have waited longer than <see cref="IdleTimeout"/>.</summary>
        internal void CloseIdle()
        {
            List<IDockerEngine> expired;
            lock (_gate)
            {
                var now = _now();
                expired = _idle.Where(entry => now - entry.IdleSince >= IdleTimeout).Select(entry => entry.Engine).ToList();
                _idle.RemoveAll(entry => now - entry.IdleSince >= IdleTimeout);
            }

            Close(expired);
        }

        /// <summary>Closes every idle connection; those rented close when their lease ends.</summary>
        public void Dispose()
        {
            List<IDockerEngine> all;
            lock (_gate)
            {
                _disposed = true;
                all = _idle.Select(entry => entry.Engine).ToList();
                _idle.Clear();
            }

            _sweeper.Dispose();
            Close(all);
        }

        private void Return(DockerEndpoint endpoint, IDockerEngine engine)
        {
            lock (_gate)
            {
                if (!_disposed)
                {
                    _idle.Add((endpoint, engine, _now()));
                    return;
                }
            }

            Close(new[] { engine });
        }

        private static void Close(IEnumerable<IDockerEngine> engines)
        {
            foreach (var engine in engines)
            {
                (engine as IDisposable)?.Dispose();
            }
        }

        /// <summary>One project's use of a pooled connection.</summary>
        internal sealed class Lease : IDisposable
        {
            private readonly KxEnginePool _pool;
            private readonly DockerEndpoint _endpoint;
            private bool _returned;

            public Lease(KxEnginePool pool, DockerEndpoint endpoint, IDockerEngine engine)
            {
                _pool = pool;
                _endpoint = endpoint;
                Engine = engine;
            }

            public IDockerEngine Engine { get; }

            public void Dispose()
            {
                if (!_returned)
                {
                    _returned = true;
                    _pool.Return(_endpoint, Engine);
                }
            }
        }
    }
}
