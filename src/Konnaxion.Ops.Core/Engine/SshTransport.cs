using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Http;
using Konnaxion.Ops.Processes;

namespace Konnaxion.Ops.Engine
{
    /// <summary>
    /// Reaches a remote engine as the docker CLI does: runs `ssh ... -- host docker system dial-stdio` and speaks HTTP
    /// over the child's stdin and stdout. Each connection costs an ssh process, which is why the HTTP layer keeps it alive.
    /// </summary>
    // Not in Http: the remote command is Docker's, and so are its options, its errors and the check it recommends.
    internal sealed class SshTransport : IHttpTransport
    {
        private readonly DockerEndpoint _endpoint;
        private readonly DockerConnectionOptions _options;

        public SshTransport(DockerEndpoint endpoint, DockerConnectionOptions options)
        {
            _endpoint = endpoint;
            _options = options;
        }

        /// <summary>The identity file from the options, else from <see cref="DockerConnectionOptions.SshIdentityEnvironmentVariable"/>.</summary>
        internal string? IdentityFile
        {
            get
            {
                if (!string.IsNullOrEmpty(_options.SshIdentityFile))
                {
                    return _options.SshIdentityFile;
                }

                var fromEnvironment = Environment.GetEnvironmentVariable(DockerConnectionOptions.SshIdentityEnvironmentVariable);
                return string.IsNullOrEmpty(fromEnvironment) ? null : fromEnvironment;
            }
        }

        /// <summary>The ssh arguments; never passed through a shell.</summary>
        internal IReadOnlyList<string> BuildArguments(TimeSpan connectTimeout, string? identityFile)
        {
            // ssh keeps the first value it sees for an option, so these come before the caller's extra options.
            var seconds = Math.Max(1, (int)Math.Ceiling(connectTimeout.TotalSeconds));
            var arguments = new List<string>
            {
                "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=" + seconds.ToString(CultureInfo.InvariantCulture),
            };
            if (identityFile != null)
            {
                arguments.AddRange(new[] { "-i", identityFile, "-o", "IdentitiesOnly=yes" });
            }

            foreach (var option in _options.SshOptions)
            {
                arguments.AddRange(new[] { "-o", option });
            }

            if (_endpoint.Port.HasValue)
            {
                arguments.AddRange(new[] { "-p", _endpoint.Port.Value.ToString(CultureInfo.InvariantCulture) });
            }

            if (_endpoint.User != null)
            {
                arguments.AddRange(new[] { "-l", _endpoint.User });
            }

            // -T: no terminal, the stream must stay binary-clean. "--" keeps a host that starts with '-' from being an option.
            arguments.AddRange(new[] { "-T", "--", _endpoint.Host!, "docker", "system", "dial-stdio" });
            return arguments;
        }

        public Stream Connect(TimeSpan timeout, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var identityFile = IdentityFile;
            var info = new ProcessStartInfo(_options.SshExecutable, CommandLine.Join(BuildArguments(timeout, identityFile)))
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardErrorEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            };
            var process = new Process { StartInfo = info };
            try
            {
                process.Start();
            }
            catch (Win32Exception ex)
            {
                process.Dispose();
                const string action = "Install the OpenSSH client, or set the ssh executable path in the connection options.";
                throw new KxException(KxErrorIds.SshTransportFailed, KxErrorCategory.NotInstalled, _options.SshExecutable,
                    $"Cannot start the ssh client '{_options.SshExecutable}' to reach {_endpoint.Description}: {ex.Message}. {action}", action, ex);
            }

            return new SshProcessStream(process, _endpoint, CheckCommand(identityFile));
        }

        /// <summary>A command the user can run to see the problem for themselves.</summary>
        private string CheckCommand(string? identityFile)
        {
            var arguments = new List<string>();
            if (identityFile != null)
            {
                arguments.AddRange(new[] { "-i", identityFile });
            }

            if (_endpoint.Port.HasValue)
            {
                arguments.AddRange(new[] { "-p", _endpoint.Port.Value.ToString(CultureInfo.InvariantCulture) });
            }

            arguments.Add((_endpoint.User != null ? _endpoint.User + "@" : string.Empty) + _endpoint.Host);
            arguments.AddRange(new[] { "docker", "version" });
            return CommandLine.Format(_options.SshExecutable, arguments);
        }
    }

    /// <summary>The ssh child's stdout and stdin as one duplex stream; an early exit surfaces ssh's stderr.</summary>
    internal sealed class SshProcessStream : DuplexStream
    {
        // Enough for ssh's diagnostics; the head of a long stream of warnings is the least useful part.
        private const int MaxStandardErrorChars = 4000;

        private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(2);

        private readonly Process _process;
        private readonly DockerEndpoint _endpoint;
        private readonly string _checkCommand;
        private readonly Stream _output;
        private readonly Stream _input;
        private readonly StringBuilder _standardError = new StringBuilder();
        private int _disposed;

        public SshProcessStream(Process process, DockerEndpoint endpoint, string checkCommand)
        {
            _process = process;
            _endpoint = endpoint;
            _checkCommand = checkCommand;
            _output = process.StandardOutput.BaseStream;
            _input = process.StandardInput.BaseStream;
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data == null)
                {
                    return;
                }

                lock (_standardError)
                {
                    _standardError.Append(e.Data).Append('\n');
                    if (_standardError.Length > MaxStandardErrorChars)
                    {
                        _standardError.Remove(0, _standardError.Length - MaxStandardErrorChars);
                    }
                }
            };
            process.BeginErrorReadLine();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read;
            try
            {
                read = _output.Read(buffer, offset, count);
            }
            catch (IOException ex)
            {
                throw ExitFailure(ex) ?? (Exception)ex;
            }

            if (read == 0)
            {
                var failure = ExitFailure(null);
                if (failure != null)
                {
                    throw failure;
                }
            }

            return read;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            try
            {
                _input.Write(buffer, offset, count);
            }
            catch (IOException ex)
            {
                throw ExitFailure(ex) ?? (Exception)ex;
            }
        }

        public override void Flush()
        {
            try
            {
                _input.Flush();
            }
            catch (IOException ex)
            {
                throw ExitFailure(ex) ?? (Exception)ex;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                // Killing ssh is what unblocks a pending read of its stdout; closing our end of the pipe would not.
                try
                {
                    if (!_process.HasExited)
                    {
                        _process.Kill();
                    }
                }
                catch (InvalidOperationException)
                {
                    // It exited between the check and the kill.
                }

                try
                {
                    _input.Dispose();
                }
                catch (IOException)
                {
                    // The pipe is already broken; there is nothing left to flush.
                }

                _output.Dispose();
                _process.Dispose();
            }

            base.Dispose(disposing);
        }

        /// <summary>SshTransportFailed when ssh has exited unsuccessfully, else null.</summary>
        private KxException? ExitFailure(Exception? cause)
        {
            if (!_process.WaitForExit((int)ExitGrace.TotalMilliseconds))
            {
                return null;
            }

            // The parameterless wait also lets the asynchronous stderr reader deliver its last lines.
            _process.WaitForExit();
            if (_process.ExitCode == 0)
            {
                return null;
            }

            string standardError;
            lock (_standardError)
            {
                standardError = _standardError.ToString().Trim();
            }

            var detail = standardError.Length > 0 ? standardError.TrimEnd('.') : "ssh printed nothing";
            var action = $"Check that `{_checkCommand}` works without a prompt (key in ssh-agent or an identity file, host key known) and that docker is installed on {_endpoint.Host}.";
            return new KxException(KxErrorIds.SshTransportFailed, KxErrorCategory.ConnectionError, _endpoint.Url,
                $"ssh to {_endpoint.Description} exited with code {_process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {detail}. {action}",
                action, cause);
        }
    }
}
