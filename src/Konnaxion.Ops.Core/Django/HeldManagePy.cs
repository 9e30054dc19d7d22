using System;
using System.Collections.Generic;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Django
{
    /// <summary>
    /// A migrate started in django's running container ahead of its turn (<see cref="ManagePyRunner.StartHeld"/>): it runs
    /// Django's start, then waits at the migration lock script's hold (<see cref="MigrationLock.HoldVariable"/>) having
    /// touched nothing. <see cref="ManagePyRunner.PrepareManagePy"/> releases it into the call, when that call runs the
    /// same command in the same start of the same container; otherwise, and when the owner disposes it unused, it is
    /// ended: its stdin closed and, while its container still runs, its processes interrupted by their marker.
    /// </summary>
    internal sealed class HeldManagePy : IDisposable
    {
        private readonly AttachedExec _exec;
        private readonly Action<IKxOutput> _interrupt;
        private bool _released;
        private bool _ended;

        public HeldManagePy(string containerId, DateTimeOffset startedAt, IReadOnlyList<string> command, string description, string marker,
            AttachedExec exec, Action<IKxOutput> interrupt)
        {
            ContainerId = containerId;
            Description = description;
            Marker = marker;
            StartedAt = startedAt;
            Command = command;
            _exec = exec;
            _interrupt = interrupt;
        }

        public string ContainerId { get; }

        public DateTimeOffset StartedAt { get; }

        /// <summary>The value of its processes' exec marker, by which a cancelled run's are interrupted.</summary>
        public string Marker { get; }

        /// <summary>The exec, as -WhatIf and verbose describe one, and when it started.</summary>
        public string Description { get; }

        /// <summary>The manage.py command it runs once released.</summary>
        public IReadOnlyList<string> Command { get; }

        /// <summary>Whether it was ended unused (<see cref="End"/>, or disposed before its release).</summary>
        public bool Ended => _ended && !_released;

        /// <summary>Sends the word to go on, then hands over its output as <see cref="AttachedExec.Wait"/> does; returns its exit code.</summary>
        public int Release(Action<ProcessLine> onLine, CancellationToken cancellationToken)
        {
            _released = true;
            // A process that ended before its hold (Django failed to start) is read all the same: its output says why.
            _exec.WriteInput(MigrationLock.ReleaseWord + "\n");
            return _exec.Wait(onLine, cancellationToken);
        }

        /// <summary>Ends it unused: closes its stdin and, when <paramref name="stillRunning"/>, interrupts what it left in the container.</summary>
        public void End(IKxOutput output, bool stillRunning)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            _exec.Dispose();
            if (!_released && stillRunning)
            {
                _interrupt(output);
            }
        }

        public void Dispose() => End(NullOutput.Instance, stillRunning: true);
    }
}
