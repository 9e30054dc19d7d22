using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Konnaxion.Ops.Status
{
    /// <summary>
    /// The process that started a one-off container, in labels on the container: a process killed hard (SIGKILL, a
    /// closed terminal) cannot remove its container, and the next command tells such a leftover from one still in use
    /// by them. A pid means nothing on another machine, and pids are reused, so the host and the start time go with it.
    /// </summary>
    internal sealed class OneOffOwner
    {
        internal const string HostLabel = "io.konnaxion-ops.owner.host";
        internal const string PidLabel = "io.konnaxion-ops.owner.pid";
        internal const string StartedLabel = "io.konnaxion-ops.owner.started";

        private const string StartedFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

        /// <summary>
        /// How far two readings of one process's start time may differ: on Linux .NET adds the process's ticks since
        /// boot to a boot time it computes afresh in each process, about a millisecond apart. A reused pid started after
        /// its predecessor died, and that one lived for at least the seconds compose takes to create a container.
        /// </summary>
        private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(1);

        public OneOffOwner(string host, int pid, DateTimeOffset started)
        {
            Host = host;
            Pid = pid;
            Started = started;
        }

        /// <summary>This process, as the labels of the containers it starts name it.</summary>
        public static OneOffOwner Current { get; } = ForCurrentProcess();

        public string Host { get; }
        public int Pid { get; }
        public DateTimeOffset Started { get; }

        public IReadOnlyDictionary<string, string> Labels => new Dictionary<string, string>
        {
            [HostLabel] = Host,
            [PidLabel] = Pid.ToString(CultureInfo.InvariantCulture),
            [StartedLabel] = Started.UtcDateTime.ToString(StartedFormat, CultureInfo.InvariantCulture),
        };

        /// <summary>The owner a container's labels name; null for a container we did not start, or whose labels are not ours to read.</summary>
        public static OneOffOwner? FromLabels(IReadOnlyDictionary<string, string> labels) =>
            labels.TryGetValue(HostLabel, out var host) && host.Length > 0 &&
            labels.TryGetValue(PidLabel, out var pidText) && int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) &&
            labels.TryGetValue(StartedLabel, out var startedText) &&
            DateTimeOffset.TryParseExact(startedText, StartedFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var started)
                ? new OneOffOwner(host, pid, started)
                : null;

        /// <summary>
        /// True when the owner was a process of <paramref name="host"/> that no longer runs: no process has its pid, or
        /// the one that has it started at another time. A process whose start time cannot be read is taken to be the owner.
        /// </summary>
        /// <param name="host">This machine's name.</param>
        /// <param name="findProcess">Whether a process with the pid runs on this machine, and its start time when readable.</param>
        public bool IsGone(string host, Func<int, (bool Running, DateTimeOffset? Started)> findProcess)
        {
            if (!string.Equals(host, Host, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            var process = findProcess(Pid);
            return !process.Running || (process.Started is DateTimeOffset started && (started - Started).Duration() > StartTimeTolerance);
        }

        /// <summary>The process with the pid on this machine, as <see cref="IsGone"/> asks for it.</summary>
        public static (bool Running, DateTimeOffset? Started) FindLocalProcess(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return (true, new DateTimeOffset(process.StartTime));
            }
            catch (ArgumentException)
            {
                return (false, null);
            }
            catch (Exception ex) when (ex is Win32Exception || ex is InvalidOperationException)
            {
                // Another user's process on Windows, or one that exited just now: left for the next command to judge.
                return (true, null);
            }
        }

        public override string ToString() => $"{Host} pid {Pid}";

        private static OneOffOwner ForCurrentProcess()
        {
            using var process = Process.GetCurrentProcess();
            return new OneOffOwner(Environment.MachineName, process.Id, new DateTimeOffset(process.StartTime));
        }
    }
}
