using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Tests.Integration
{
    /// <summary>Keeps everything the core reports, and can wait for a line to appear.</summary>
    public sealed class RecordingOutput : IKxOutput
    {
        private readonly ConcurrentQueue<string> _all = new ConcurrentQueue<string>();
        private readonly ManualResetEventSlim _lineSeen = new ManualResetEventSlim();
        private string? _awaited;

        public List<ProcessLine> ProcessLines { get; } = new List<ProcessLine>();
        public List<string> Verbose { get; } = new List<string>();
        public List<string> Warnings { get; } = new List<string>();
        public List<KxProgress> Progress { get; } = new List<KxProgress>();

        /// <summary>Every text written to any stream, for checks that a value appears nowhere.</summary>
        public string AllText => string.Join("\n", _all);

        public void WriteProcessLine(ProcessLine line)
        {
            ProcessLines.Add(line);
            Record(line.Text);
            if (_awaited != null && line.Text.Contains(_awaited))
            {
                _lineSeen.Set();
            }
        }

        public void WriteVerbose(string message)
        {
            Verbose.Add(message);
            Record(message);
        }

        public void WriteWarning(string message)
        {
            Warnings.Add(message);
            Record(message);
        }

        public void WriteProgress(KxProgress progress)
        {
            Progress.Add(progress);
            Record(progress.Activity + " " + progress.Status);
        }

        /// <summary>Arms <see cref="WaitForLine"/>; call before starting the operation.</summary>
        public void AwaitLine(string text) => _awaited = text;

        public bool WaitForLine(System.TimeSpan timeout) => _lineSeen.Wait(timeout);

        public IEnumerable<string> StandardOutput => ProcessLines.Where(l => l.Stream == ProcessStream.StandardOutput).Select(l => l.Text);

        private void Record(string text) => _all.Enqueue(text);
    }
}
