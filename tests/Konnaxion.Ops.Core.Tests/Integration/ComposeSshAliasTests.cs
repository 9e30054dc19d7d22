using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Tests.Engine;

namespace Konnaxion.Ops.Tests.Integration
{
    /// <summary>
    /// Production as people run it: -DockerHost ssh://ALIAS, the alias in ~/.ssh/config giving HostName, a port that is
    /// not 22, User and IdentityFile; here the CI sshd on 127.0.0.1:2222, which reaches this very engine. Once per
    /// compose version, a one-service stack is started and taken down through the alias.
    /// </summary>
    public abstract class ComposeSshAliasTests
    {
        private const string Alias = "kxtest-vps";

        private readonly ComposeFlavor _flavor;

        protected ComposeSshAliasTests(ComposeFlavor flavor)
        {
            _flavor = flavor;
        }

        [SshEngineFact]
        public void Build_and_down_reach_the_engine_through_an_ssh_config_alias_on_a_port_that_is_not_22()
        {
            var name = $"kxtest-ssh-{_flavor.ToString().ToLowerInvariant()}-{Guid.NewGuid().ToString("N").Substring(0, 8)}";
            var root = Path.Combine(Path.GetTempPath(), name);
            var stack = Path.Combine(root, "stack");
            Directory.CreateDirectory(stack);
            try
            {
                File.WriteAllText(Path.Combine(stack, "docker-compose.yml"),
                    $"services:\n  web:\n    image: {EngineTestEnvironment.Image}\n    command: [\"sleep\", \"300\"]\n");
                var runner = new SshConfigRunner(root, SshConfig());
                using var project = KxProject.Open(stack, KxEnvironment.Local, new KxProjectOptions
                {
                    Compose = _flavor, ProjectName = name, ComposeFile = "docker-compose.yml", DockerHost = "ssh://" + Alias, ProcessRunner = runner,
                });
                var output = new RecordingOutput();
                try
                {
                    var result = project.Build().Invoke(output);

                    Assert.True(result.Success, result.FailureMessage + "\n" + output.AllText);
                    if (_flavor == ComposeFlavor.V1)
                    {
                        Assert.Contains(output.Verbose, line => line.StartsWith($"compose v1 gets DOCKER_HOST=ssh://root@{Alias}:{EngineTestEnvironment.SshPort}:", StringComparison.Ordinal));
                    }
                }
                finally
                {
                    var down = project.Context.Compose.Run(project.Context.Compose.Command(new[] { "down", "-v", "--remove-orphans", "--timeout", "2" }), output, CancellationToken.None);
                    Assert.True(down.Succeeded, string.Join("\n", down.StderrTail));
                }
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        /// <summary>The alias, with the CI sshd's own known_hosts when there is one.</summary>
        private static string SshConfig()
        {
            var knownHosts = Path.Combine(Path.GetDirectoryName(EngineTestEnvironment.SshKey)!, "known_hosts");
            var hostKeys = File.Exists(knownHosts)
                ? $"  UserKnownHostsFile {knownHosts}\n  StrictHostKeyChecking yes\n"
                : "  UserKnownHostsFile /dev/null\n  StrictHostKeyChecking no\n";
            return $"Host {Alias}\n  HostName 127.0.0.1\n  Port {EngineTestEnvironment.SshPort}\n  User root\n" +
                   $"  IdentityFile {EngineTestEnvironment.SshKey}\n  IdentitiesOnly yes\n  BatchMode yes\n" + hostKeys;
        }

        /// <summary>
        /// Runs every child as if <paramref name="sshConfig"/> were ~/.ssh/config, without touching the real one:
        /// HOME points at a temporary home holding it (Python's expanduser, so paramiko, reads HOME), and since OpenSSH
        /// reads the passwd entry's home instead, `ssh` is a wrapper that adds -F, first on the children's PATH (docker-py
        /// and the docker CLI run `ssh` from PATH) and in place of `ssh` for this process, which looks programs up on its own PATH.
        /// </summary>
        private sealed class SshConfigRunner : IProcessRunner
        {
            private readonly string _home;
            private readonly string _bin;
            private readonly string _ssh;

            public SshConfigRunner(string root, string sshConfig)
            {
                _home = Path.Combine(root, "home");
                _bin = Path.Combine(root, "bin");
                _ssh = Path.Combine(_bin, "ssh");
                var config = Path.Combine(_home, ".ssh", "config");
                Directory.CreateDirectory(Path.GetDirectoryName(config)!);
                Directory.CreateDirectory(_bin);
                File.WriteAllText(config, sshConfig);
                var realSsh = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator)
                    .Select(dir => Path.Combine(dir, "ssh")).First(File.Exists);
                File.WriteAllText(_ssh, $"#!/bin/sh\nexec '{realSsh}' -F '{config}' \"$@\"\n");
                // The ssh tests run on Linux only (SshEngineFact).
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                    File.SetUnixFileMode(_ssh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            public int Run(ProcessSpec spec, Action<ProcessLine> onLine, CancellationToken cancellationToken)
            {
                var environment = new Dictionary<string, string>(spec.Environment.ToDictionary(v => v.Key, v => v.Value))
                {
                    ["HOME"] = _home,
                    ["PATH"] = _bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
                };
                var fileName = spec.FileName == "ssh" ? _ssh : spec.FileName;
                return ProcessRunner.Instance.Run(new ProcessSpec(fileName, spec.Arguments, environment, spec.Interactive, spec.WorkingDirectory), onLine, cancellationToken);
            }
        }
    }

    [Collection(EngineCollection.Name)]
    public sealed class ComposeSshAliasV1Tests : ComposeSshAliasTests
    {
        public ComposeSshAliasV1Tests()
            : base(ComposeFlavor.V1)
        {
        }
    }

    [Collection(EngineCollection.Name)]
    public sealed class ComposeSshAliasV2Tests : ComposeSshAliasTests
    {
        public ComposeSshAliasV2Tests()
            : base(ComposeFlavor.V2)
        {
        }
    }
}
