using System;
using System.Collections.Generic;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Tests.Engine
{
    /// <summary>The engine connections kept between projects: reused per endpoint, one project at a time, closed when idle.</summary>
    public sealed class KxEnginePoolTests
    {
        private static readonly DockerEndpoint Local = DockerEndpoint.Parse("unix:///var/run/docker.sock");
        private static readonly DockerEndpoint Remote = DockerEndpoint.Parse("tcp://10.0.0.5:2375");

        private readonly List<ClosingEngine> _opened = new List<ClosingEngine>();
        private DateTimeOffset _now = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

        [Fact]
        public void A_returned_connection_serves_the_next_project_of_its_endpoint_only()
        {
            using var pool = Pool();

            var first = pool.Rent(Local);
            first.Dispose();
            var again = pool.Rent(Local);
            var other = pool.Rent(Remote);

            Assert.Same(first.Engine, again.Engine);
            Assert.NotSame(again.Engine, other.Engine);
            Assert.Equal(2, _opened.Count);
        }

        [Fact]
        public void Two_projects_at_once_never_share_a_connection()
        {
            using var pool = Pool();

            var one = pool.Rent(Local);
            var two = pool.Rent(Local);
            one.Dispose();
            one.Dispose();
            two.Dispose();

            Assert.NotSame(one.Engine, two.Engine);
            Assert.Equal(2, pool.IdleCount);
        }

        [Fact]
        public void Connections_idle_for_the_timeout_are_closed_and_busy_ones_are_not()
        {
            using var pool = Pool();
            var idle = pool.Rent(Local);
            var busy = pool.Rent(Local);
            idle.Dispose();

            _now += TimeSpan.FromSeconds(59);
            pool.CloseIdle();
            Assert.False(_opened[0].Closed);
            _now += TimeSpan.FromSeconds(1);
            pool.CloseIdle();

            Assert.True(_opened[0].Closed);
            Assert.False(_opened[1].Closed);
            Assert.Equal(0, pool.IdleCount);
            Assert.NotSame(idle.Engine, pool.Rent(Local).Engine);
            busy.Dispose();
        }

        [Fact]
        public void Disposing_the_pool_closes_the_idle_connections_and_each_rented_one_when_it_comes_back()
        {
            var pool = Pool();
            var idle = pool.Rent(Local);
            var rented = pool.Rent(Local);
            idle.Dispose();

            pool.Dispose();
            Assert.True(_opened[0].Closed);
            Assert.False(_opened[1].Closed);
            rented.Dispose();

            Assert.True(_opened[1].Closed);
            Assert.Throws<ObjectDisposedException>(() => pool.Rent(Local));
        }

        [Fact]
        public void A_project_with_a_pool_rents_its_connection_and_gives_it_back_when_disposed()
        {
            using var pool = Pool();
            var options = new KxProjectOptions { EnginePool = pool, DockerHost = "unix:///var/run/docker.sock", Compose = Konnaxion.Ops.Compose.ComposeFlavor.V2 };
            var backend = System.IO.Path.Combine(Integration.SampleStack.RepositoryRoot, "examples", "konnaxion", "backend");

            IDockerEngine first;
            using (var project = KxProject.Open(backend, KxEnvironment.Local, options))
            {
                first = project.Context.GetEngine();
                Assert.Equal(0, pool.IdleCount);
            }

            using (var project = KxProject.Open(backend, KxEnvironment.Local, options))
            {
                Assert.Same(first, project.Context.GetEngine());
            }

            Assert.Single(_opened);
            Assert.Equal(1, pool.IdleCount);
        }

        private KxEnginePool Pool() => new KxEnginePool(TimeSpan.FromSeconds(60), endpoint =>
        {
            var engine = new ClosingEngine();
            _opened.Add(engine);
            return engine;
        }, () => _now);

        /// <summary>An engine that is never called, only opened and closed.</summary>
        private sealed class ClosingEngine : IDockerEngine, IDisposable
        {
            public bool Closed { get; private set; }

            public void Dispose() => Closed = true;

            public void Ping(CancellationToken cancellationToken) => throw new NotSupportedException();

            public IReadOnlyList<EngineContainer> ListContainers(IReadOnlyDictionary<string, string?> labelFilters, bool includeStopped,
                CancellationToken cancellationToken) => throw new NotSupportedException();

            public EngineContainerState InspectContainer(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

            public IReadOnlyList<EngineContainerState?> InspectContainers(IReadOnlyList<EngineContainer> listed, CancellationToken cancellationToken) =>
                throw new NotSupportedException();

            public IReadOnlyList<string> GetLogTail(string id, int lines, CancellationToken cancellationToken) => throw new NotSupportedException();

            public IReadOnlyList<EngineProcess> ListProcesses(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

            public int Exec(string id, IReadOnlyList<string> command, IReadOnlyList<string> environment, Action<ProcessLine> onLine,
                CancellationToken cancellationToken) => throw new NotSupportedException();

            public AttachedExec StartExec(string id, IReadOnlyList<string> command, IReadOnlyList<string> environment, CancellationToken cancellationToken) =>
                throw new NotSupportedException();

            public void RemoveContainer(string id, bool force, CancellationToken cancellationToken) => throw new NotSupportedException();
        }
    }
}
