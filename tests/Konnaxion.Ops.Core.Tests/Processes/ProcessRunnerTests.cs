using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;

namespace Konnaxion.Ops.Tests.Processes
{
    /// <summary>Runs real child processes (sh, sleep, printf, python3), as on the Linux CI machine.</summary>
    public sealed class ProcessRunnerTests
    {
        /// <summary>Long enough for a slow machine, short enough that a hang fails the test instead of the run.</summary>
        private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

        private static (int ExitCode, List<ProcessLine> Lines) Run(ProcessSpec spec)
        {
            using var guard = new CancellationTokenSource(HangGuard);
            var lines = new List<ProcessLine>();
            var exitCode = ProcessRunner.Instance.Run(spec, lines.Add, guard.Token);
            return (exitCode, lines);
        }

        private static ProcessSpec Sh(string script, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null) =>
            new ProcessSpec("sh", new[] { "-c", script }, environment, workingDirectory: workingDirectory);

        private static string[] Texts(IEnumerable<ProcessLine> lines, ProcessStream stream) =>
            lines.Where(l => l.Stream == stream).Select(l => l.Text).ToArray();

        /// <summary>True while the process runs; a zombie has exited and counts as gone.</summary>
        private static bool IsRunning(int pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var state = stat[stat.LastIndexOf(')') + 2];
                return state != 'Z' && state != 'X';
            }
            catch (IOException)
            {
                return false;
            }
        }

        private static bool WaitUntilGone(int pid, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (IsRunning(pid))
            {
                if (clock.Elapsed > timeout)
                {
                    return false;
                }

                Thread.Sleep(20);
            }

            return true;
        }

        [Fact]
        public void StreamsStdoutAndStderrSeparatelyInOrder()
        {
            var (exitCode, lines) = Run(Sh("i=1; while [ $i -le 300 ]; do echo \"out $i\"; echo \"err $i\" >&2; i=$((i+1)); done"));

            Assert.Equal(0, exitCode);
            Assert.Equal(Enumerable.Range(1, 300).Select(i => $"out {i}"), Texts(lines, ProcessStream.StandardOutput));
            Assert.Equal(Enumerable.Range(1, 300).Select(i => $"err {i}"), Texts(lines, ProcessStream.StandardError));
        }

        [Fact]
        public void HandsOverLinesWhileTheChildStillRuns()
        {
            var marker = Path.Combine(Path.GetTempPath(), "kx-tests-" + Guid.NewGuid().ToString("N"));
            try
            {
                // The child only goes on once the test has seen its first line and created the marker.
                var script = $"echo first; i=0; while [ ! -e '{marker}' ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; " +
                             $"if [ -e '{marker}' ]; then echo 'saw marker'; else echo 'gave up'; fi";
                var lines = new List<string>();
                using var guard = new CancellationTokenSource(HangGuard);

                ProcessRunner.Instance.Run(Sh(script), line =>
                {
                    lines.Add(line.Text);
                    if (line.Text == "first")
                    {
                        File.WriteAllText(marker, string.Empty);
                    }
                }, guard.Token);

                Assert.Equal(new[] { "first", "saw marker" }, lines);
            }
            finally
            {
                File.Delete(marker);
            }
        }

        [Fact]
        public void WritesTheStandardInputInUtf8AndClosesIt()
        {
            // 200 KB: more than a pipe holds, so the child reads while we still write; wc ends only once stdin is closed.
            var text = string.Concat(Enumerable.Repeat("services: é\n", 16_000));
            var (exitCode, lines) = Run(new ProcessSpec("sh", new[] { "-c", "read -r first && echo \"$first\" && wc -c" }, standardInput: text));

            Assert.Equal(0, exitCode);
            Assert.Equal(new[] { "services: é", (System.Text.Encoding.UTF8.GetByteCount(text) - 13).ToString() }, Texts(lines, ProcessStream.StandardOutput).Select(t => t.Trim()).ToArray());
        }

        [Fact]
        public void WithoutStandardInputTheChildReadsEndOfFile()
        {
            var (exitCode, lines) = Run(Sh("wc -c"));

            Assert.Equal(0, exitCode);
            Assert.Equal(new[] { "0" }, Texts(lines, ProcessStream.StandardOutput).Select(t => t.Trim()).ToArray());
        }

        [Fact]
        public void DecodesUtf8OnBothStreams()
        {
            // printf writes the exact UTF-8 bytes, whatever the locale: "Idées été ☕ 🌍" and "Créé ✔".
            var (_, lines) = Run(Sh("printf 'Id\\303\\251es \\303\\251t\\303\\251 \\342\\230\\225 \\360\\237\\214\\215\\n'; " +
                                    "printf 'Cr\\303\\251\\303\\251 \\342\\234\\224\\n' >&2"));

            Assert.Equal(new[] { "Idées été ☕ 🌍" }, Texts(lines, ProcessStream.StandardOutput));
            Assert.Equal(new[] { "Créé ✔" }, Texts(lines, ProcessStream.StandardError));
        }

        [Fact]
        public void DecodesLongLinesOfMultiByteCharacters()
        {
            var (_, lines) = Run(new ProcessSpec("python3",
                new[] { "-c", "import sys; sys.stdout.buffer.write(('é' * 10001 + '🌍' * 3001 + '\\n').encode('utf-8'))" }));

            Assert.Equal(new[] { new string('é', 10001) + string.Concat(Enumerable.Repeat("🌍", 3001)) }, Texts(lines, ProcessStream.StandardOutput));
        }

        [Fact]
        public void SplitsCrlfAndKeepsAnUnterminatedLastLine()
        {
            var (_, lines) = Run(Sh("printf 'one\\r\\ntwo\\n\\nthree'"));

            Assert.Equal(new[] { "one", "two", "", "three" }, Texts(lines, ProcessStream.StandardOutput));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(42)]
        [InlineData(255)]
        public void ReturnsTheExitCode(int code) => Assert.Equal(code, Run(Sh($"echo bye; exit {code}")).ExitCode);

        [Fact]
        public void PassesEnvironmentVariablesToTheChildOnly()
        {
            var name = "KX_TEST_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
            var environment = new Dictionary<string, string> { [name] = "mot de passe été $1 \"quoted\"" };

            var (_, lines) = Run(Sh($"printf '%s\\n' \"${name}\"; printf '%s\\n' \"$PATH\"", environment));

            Assert.Equal(new[] { "mot de passe été $1 \"quoted\"", Environment.GetEnvironmentVariable("PATH") }, Texts(lines, ProcessStream.StandardOutput));
            Assert.Null(Environment.GetEnvironmentVariable(name));
        }

        [Fact]
        public void RunsInTheWorkingDirectory()
        {
            var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "kx-tests-" + Guid.NewGuid().ToString("N"))).FullName;
            try
            {
                File.WriteAllText(Path.Combine(folder, "here.txt"), "dossier de travail\n");

                var (exitCode, lines) = Run(Sh("cat here.txt", workingDirectory: folder));

                Assert.Equal(0, exitCode);
                Assert.Equal(new[] { "dossier de travail" }, Texts(lines, ProcessStream.StandardOutput));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void ClosesStdinSoAReaderGetsEndOfFile()
        {
            var clock = Stopwatch.StartNew();

            var (exitCode, lines) = Run(new ProcessSpec("python3", new[] { "-c", "import sys; print(repr(sys.stdin.read()))" }));

            Assert.Equal(0, exitCode);
            Assert.Equal(new[] { "''" }, Texts(lines, ProcessStream.StandardOutput));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        }

        [Fact]
        public void CancellationKillsALongChildQuickly()
        {
            using var cancellation = new CancellationTokenSource();
            var pid = 0;
            var clock = new Stopwatch();

            Assert.ThrowsAny<OperationCanceledException>(() =>
                ProcessRunner.Instance.Run(Sh("echo $$; exec sleep 30"), line =>
                {
                    pid = int.Parse(line.Text);
                    clock.Start();
                    cancellation.Cancel();
                }, cancellation.Token));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed} after cancellation");
            Assert.NotEqual(0, pid);
            Assert.False(IsRunning(pid), $"sleep (pid {pid}) still runs");
        }

        [Fact]
        public void CancellationWhileTheChildIsSilentKillsIt()
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var clock = Stopwatch.StartNew();

            Assert.ThrowsAny<OperationCanceledException>(() =>
                ProcessRunner.Instance.Run(new ProcessSpec("sleep", new[] { "30" }), _ => { }, cancellation.Token));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.3), $"took {clock.Elapsed}");
        }

        [Fact]
        public void CancellationKillsGrandchildrenToo()
        {
            using var cancellation = new CancellationTokenSource();
            var grandchild = 0;

            Assert.ThrowsAny<OperationCanceledException>(() =>
                ProcessRunner.Instance.Run(Sh("sleep 30 & echo $!; wait"), line =>
                {
                    grandchild = int.Parse(line.Text);
                    cancellation.Cancel();
                }, cancellation.Token));

            Assert.NotEqual(0, grandchild);
            Assert.True(WaitUntilGone(grandchild, TimeSpan.FromSeconds(2)), $"the grandchild sleep (pid {grandchild}) still runs");
        }

        [Fact]
        public void AnAlreadyCancelledTokenStartsNothing()
        {
            var marker = Path.Combine(Path.GetTempPath(), "kx-tests-" + Guid.NewGuid().ToString("N"));
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            Assert.ThrowsAny<OperationCanceledException>(() => ProcessRunner.Instance.Run(Sh($"touch '{marker}'"), _ => { }, cancelled.Token));

            Thread.Sleep(200);
            Assert.False(File.Exists(marker));
        }

        [Fact]
        public void AnExceptionFromTheCallbackKillsTheChild()
        {
            var pid = 0;
            var clock = Stopwatch.StartNew();

            var ex = Assert.Throws<InvalidOperationException>(() =>
                ProcessRunner.Instance.Run(Sh("echo $$; exec sleep 30"), line =>
                {
                    pid = int.Parse(line.Text);
                    throw new InvalidOperationException("pipeline stopped");
                }, CancellationToken.None));

            Assert.Equal("pipeline stopped", ex.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
            Assert.True(WaitUntilGone(pid, TimeSpan.FromSeconds(2)), $"sleep (pid {pid}) outlived the failed call");
        }

        [Fact]
        public void AMissingExecutableIsExecutableNotFound()
        {
            var name = "kx-no-such-program-" + Guid.NewGuid().ToString("N");

            var ex = Assert.Throws<ExecutableNotFoundException>(() =>
                ProcessRunner.Instance.Run(new ProcessSpec(name, new[] { "version" }), _ => { }, CancellationToken.None));

            Assert.Equal(name, ex.FileName);
            Assert.Contains(name, ex.Message);
        }

        [Fact]
        public void CallsBackOnTheCallingThread()
        {
            var caller = Environment.CurrentManagedThreadId;
            var threads = new List<(ProcessStream Stream, int Thread)>();
            using var guard = new CancellationTokenSource(HangGuard);

            ProcessRunner.Instance.Run(Sh("i=0; while [ $i -lt 50 ]; do echo out; echo err >&2; i=$((i+1)); done"),
                line => threads.Add((line.Stream, Environment.CurrentManagedThreadId)), guard.Token);

            Assert.Equal(100, threads.Count);
            Assert.Contains(threads, t => t.Stream == ProcessStream.StandardError);
            Assert.All(threads, t => Assert.Equal(caller, t.Thread));
        }
    }
}
