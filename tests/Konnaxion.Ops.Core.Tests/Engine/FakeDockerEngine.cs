using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Tests.Engine
{
    /// <summary>
    /// An <see cref="IDockerEngine"/> for planning tests: containers of compose services, and process lists a container
    /// shows in turn (the last one repeating). Label filters work as the engine's do.
    /// </summary>
    internal sealed class FakeDockerEngine : IDockerEngine
    {
        private readonly List<(EngineContainer Container, EngineContainerState State)> _containers = new List<(EngineContainer, EngineContainerState)>();
        private readonly Queue<IReadOnlyList<EngineProcess>> _processes = new Queue<IReadOnlyList<EngineProcess>>();

        /// <summary>How many times the containers were listed.</summary>
        public int ContainerListings { get; private set; }

        /// <summary>How many times the processes were listed.</summary>
        public int ProcessListings { get; private set; }

        /// <summary>The IDs or names removal was asked for, in order.</summary>
        public List<string> Removed { get; } = new List<string>();

        /// <summary>The execs run, in order: the container, the command and the environment.</summary>
        public List<(string Container, IReadOnlyList<string> Command, IReadOnlyList<string> Environment)> Execs { get; } =
            new List<(string, IReadOnlyList<string>, IReadOnlyList<string>)>();

        /// <summary>What an exec of a command does: it may write lines, and returns the exit code; nothing and 0 unless set.</summary>
        public Func<IReadOnlyList<string>, Action<ProcessLine>, int> OnExec { get; set; } = (_, _) => 0;

        /// <summary>Adds the service's own container, running since <paramref name="startedAt"/> (a minute ago by default).</summary>
        public FakeDockerEngine Service(string project, string service, string state = "running", IReadOnlyList<string>? entrypoint = null,
            DateTimeOffset? startedAt = null)
        {
            var name = $"{project}-{service}-1";
            var labels = new Dictionary<string, string>
            {
                ["com.docker.compose.project"] = project,
                ["com.docker.compose.service"] = service,
                ["com.docker.compose.oneoff"] = "False",
            };
            var id = "id-" + name;
            _containers.Add((
                new EngineContainer(id, new[] { name }, "image-" + service, state, state, labels, Array.Empty<EnginePort>(), DateTimeOffset.UtcNow),
                new EngineContainerState(id, name, state, state == "running", 0, EngineContainerState.NoHealthcheck,
                    startedAt ?? DateTimeOffset.UtcNow.AddMinutes(-1), null, "image-" + service, entrypoint ?? new[] { "/entrypoint" })));
            return this;
        }

        /// <summary>The service's container starts again (as compose recreating or restarting it): a new start time.</summary>
        public FakeDockerEngine Restarted(string project, string service)
        {
            var index = _containers.FindIndex(c => c.Container.Names.Contains($"{project}-{service}-1"));
            var (container, state) = _containers[index];
            _containers[index] = (container, new EngineContainerState(state.Id, state.Name, state.Status, state.Running, state.ExitCode, state.Health,
                (state.StartedAt ?? DateTimeOffset.UtcNow).AddSeconds(30), state.FinishedAt, state.Image, state.Entrypoint));
            return this;
        }

        /// <summary>Adds a running one-off container of the service, with <paramref name="ownerLabels"/> besides compose's.</summary>
        public FakeDockerEngine OneOff(string project, string service, string name, IReadOnlyDictionary<string, string> ownerLabels, string command)
        {
            var labels = new Dictionary<string, string>(ownerLabels)
            {
                ["com.docker.compose.project"] = project,
                ["com.docker.compose.service"] = service,
                ["com.docker.compose.oneoff"] = "True",
            };
            var id = "id-" + name;
            _containers.Add((
                new EngineContainer(id, new[] { name }, "image-" + service, "running", "Up 5 minutes", labels, Array.Empty<EnginePort>(), DateTimeOffset.UtcNow, command),
                new EngineContainerState(id, name, "running", true, 0, EngineContainerState.NoHealthcheck, DateTimeOffset.UtcNow.AddMinutes(-5), null, "image-" + service)));
            return this;
        }

        /// <summary>What the next process listing shows: one (pid, parent pid, command) per process.</summary>
        public FakeDockerEngine ThenProcesses(params (string Pid, string Parent, string Command)[] processes)
        {
            _processes.Enqueue(processes.Select(p => new EngineProcess(p.Pid, p.Parent, p.Command)).ToList());
            return this;
        }

        public void Ping(CancellationToken cancellationToken)
        {
        }

        public IReadOnlyList<EngineContainer> ListContainers(IReadOnlyDictionary<string, string?> labelFilters, bool includeStopped, CancellationToken cancellationToken)
        {
            ContainerListings++;
            return _containers
                .Where(c => includeStopped || c.State.Running)
                .Where(c => labelFilters.All(filter => c.Container.Labels.TryGetValue(filter.Key, out var value) && (filter.Value == null || filter.Value == value)))
                .Select(c => c.Container)
                .ToList();
        }

        public EngineContainerState InspectContainer(string id, CancellationToken cancellationToken) =>
            _containers.Single(c => c.Container.Id == id).State;

        public IReadOnlyList<EngineContainerState?> InspectContainers(IReadOnlyList<EngineContainer> listed, CancellationToken cancellationToken) =>
            listed.Select(l => (EngineContainerState?)_containers.SingleOrDefault(c => c.Container.Id == l.Id).State).ToList();

        public IReadOnlyList<string> GetLogTail(string id, int lines, CancellationToken cancellationToken) => Array.Empty<string>();

        public IReadOnlyList<EngineProcess> ListProcesses(string id, CancellationToken cancellationToken)
        {
            ProcessListings++;
            return _processes.Count > 1 ? _processes.Dequeue() : _processes.Count == 1 ? _processes.Peek() : Array.Empty<EngineProcess>();
        }

        public int Exec(string id, IReadOnlyList<string> command, IReadOnlyList<string> environment, Action<ProcessLine> onLine, CancellationToken cancellationToken)
        {
            Execs.Add((id, command, environment));
            return OnExec(command, onLine);
        }

        /// <summary>
        /// Like the migration lock script held by its variable: waits for a line on the exec's stdin; the release word runs
        /// <see cref="OnExec"/>, anything else or the end of stdin (the exec disposed) runs nothing. Each line read is in
        /// <see cref="HeldInputs"/> (null for the end).
        /// </summary>
        public AttachedExec StartExec(string id, IReadOnlyList<string> command, IReadOnlyList<string> environment, CancellationToken cancellationToken)
        {
            Execs.Add((id, command, environment));
            var exitCode = 0;
            return new AttachedExec((onLine, input, stop) =>
            {
                using var stdin = new LineInput();
                input(stdin);
                var line = stdin.ReadLine(stop);
                lock (HeldInputs)
                {
                    HeldInputs.Add(line);
                }

                if (line == Konnaxion.Ops.Migrations.MigrationLock.ReleaseWord)
                {
                    exitCode = OnExec(command, onLine);
                }
            }, _ => exitCode);
        }

        /// <summary>What each started exec read on its stdin: the line, or null for the end of its stdin.</summary>
        public List<string?> HeldInputs { get; } = new List<string?>();

        /// <summary>Unlike the engine, succeeds for a container it does not have: a planning test need not script one.</summary>
        public void RemoveContainer(string id, bool force, CancellationToken cancellationToken)
        {
            Removed.Add(id);
            _containers.RemoveAll(c => c.Container.Id == id || c.Container.Names.Contains(id));
        }
    }

    /// <summary>A write-only stream whose first line another thread waits for: the stdin of a fake attached exec.</summary>
    internal sealed class LineInput : System.IO.Stream
    {
        private readonly System.Text.StringBuilder _written = new System.Text.StringBuilder();
        private readonly SemaphoreSlim _wrote = new SemaphoreSlim(0);

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        /// <summary>The first line written, without its newline; null when <paramref name="end"/> comes first.</summary>
        public string? ReadLine(CancellationToken end)
        {
            while (true)
            {
                lock (_written)
                {
                    var text = _written.ToString();
                    var newline = text.IndexOf('\n');
                    if (newline >= 0)
                    {
                        return text.Substring(0, newline);
                    }
                }

                try
                {
                    _wrote.Wait(end);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_written)
            {
                _written.Append(System.Text.Encoding.UTF8.GetString(buffer, offset, count));
            }

            _wrote.Release();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, System.IO.SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
