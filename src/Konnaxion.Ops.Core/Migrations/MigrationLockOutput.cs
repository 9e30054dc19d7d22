using System;
using System.Diagnostics;
using System.Globalization;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Http;
using Konnaxion.Ops.Output;

namespace Konnaxion.Ops.Migrations
{
    /// <summary>
    /// Passes a locked migrate's output on, turning the lock script's own lines (see <see cref="MigrationLock"/>) into
    /// what they mean: a wait into progress (and one verbose line), no lock for another database vendor into a
    /// warning, a timeout into <see cref="KxErrorIds.MigrationLocked"/> naming the holder. Everything else goes
    /// through unchanged.
    /// </summary>
    internal sealed class MigrationLockOutput : IKxOutput
    {
        private const int WaitActivityId = 0x4b4d;

        private readonly IKxOutput _inner;
        private readonly TimeSpan _timeout;
        private readonly string _database;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private bool _waited;
        private string? _timedOutHolder;
        private string _timedOutPid = string.Empty;

        /// <param name="inner">Where everything goes.</param>
        /// <param name="timeout">The timeout the script was given, for the error's message.</param>
        /// <param name="database">The database, as the messages name it ("the local database").</param>
        public MigrationLockOutput(IKxOutput inner, TimeSpan timeout, string database)
        {
            _inner = inner;
            _timeout = timeout;
            _database = database;
        }

        private string Activity => $"Waiting for the migration lock of {_database}";

        public void WriteProcessLine(ProcessLine line)
        {
            var fields = line.Stream == ProcessStream.StandardOutput ? line.Text.TrimEnd('\r').Split('\t') : Array.Empty<string>();
            if (fields.Length < 2 || fields[0] != MigrationLock.LinePrefix)
            {
                _inner.WriteProcessLine(line);
                return;
            }

            switch (fields[1])
            {
                case "waiting":
                    var holder = DescribeHolder(fields);
                    if (!_waited)
                    {
                        _inner.WriteVerbose($"{Activity}: another migrate holds it ({holder}); waiting up to {Durations.Seconds(_timeout)}.");
                        _waited = true;
                    }

                    _inner.WriteProgress(new KxProgress(WaitActivityId, Activity, "Held by " + holder));
                    break;
                case "locked":
                    if (_waited)
                    {
                        _inner.WriteProgress(new KxProgress(WaitActivityId, Activity, "Done", 100, completed: true));
                        _inner.WriteVerbose($"Took the migration lock of {_database} after waiting {Durations.Seconds(_clock.Elapsed)}.");
                    }
                    else
                    {
                        _inner.WriteVerbose($"Took the migration lock of {_database} (PostgreSQL advisory lock {MigrationLock.Key}).");
                    }

                    break;
                case "unlocked":
                    var vendor = fields.Length > 2 ? fields[2] : "unknown";
                    _inner.WriteWarning($"No migration lock: {vendor}. Advisory locks are PostgreSQL's, so on this {vendor} database nothing stops " +
                                        "another migrate from running at the same time; migrating without one.");
                    break;
                case "timeout":
                    _timedOutHolder = DescribeHolder(fields);
                    _timedOutPid = fields.Length > 2 ? fields[2] : string.Empty;
                    if (_waited)
                    {
                        _inner.WriteProgress(new KxProgress(WaitActivityId, Activity, "Timed out", 100, completed: true));
                    }

                    break;
                default:
                    _inner.WriteProcessLine(line);
                    break;
            }
        }

        public void WriteVerbose(string message) => _inner.WriteVerbose(message);

        public void WriteWarning(string message) => _inner.WriteWarning(message);

        public void WriteProgress(KxProgress progress) => _inner.WriteProgress(progress);

        /// <summary>Fails with <see cref="KxErrorIds.MigrationLocked"/> when the script gave up waiting for the lock.</summary>
        public void ThrowIfTimedOut()
        {
            if (_timedOutHolder == null)
            {
                return;
            }

            var action = "Let that migrate finish, then run the command again (it may already have applied what you meant to); or wait longer with -LockTimeout." +
                         (_timedOutPid.Length > 0
                             ? $" If nothing is migrating any more, its session is stale: end it with SELECT pg_terminate_backend({_timedOutPid}) and run again."
                             : string.Empty);
            throw new KxException(KxErrorIds.MigrationLocked, KxErrorCategory.ResourceUnavailable, _timedOutHolder,
                $"Waited {Durations.Seconds(_timeout)} for the migration lock of {_database}, which another migrate holds: {_timedOutHolder}. " +
                "Two migrates at once race (Django takes no lock), so this one applied nothing. " + action, action);
        }

        /// <summary>"'konnaxion-ops migrate ci@runner pid 4242' from 172.18.0.5, pid 311, connected since 2026-12-01 20:40:12Z".</summary>
        private static string DescribeHolder(string[] fields)
        {
            string Field(int index) => fields.Length > index ? fields[index] : string.Empty;
            var pid = Field(2);
            if (pid.Length == 0)
            {
                return "a session that released it just now";
            }

            var name = Field(3).Length > 0 ? $"'{Field(3)}'" : "a session without an application_name (or of a role this one may not see)";
            var from = Field(4).Length > 0 ? " from " + Field(4) : string.Empty;
            var since = long.TryParse(Field(5), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
                ? ", connected since " + DateTimeOffset.FromUnixTimeSeconds(epoch).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                : string.Empty;
            return $"{name}{from}, database pid {pid}{since}";
        }
    }
}
