using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using Konnaxion.Ops.Engine;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Konnaxion.Ops.Tests.Engine
{
    /// <summary>
    /// A test that needs the local Docker engine. It runs when the engine answers. When it does not, the test is
    /// skipped on a developer machine but fails loudly when CI=true, so that a CI run cannot pass by skipping.
    /// The engine is probed once per test run: one connection to the platform's default endpoint.
    /// </summary>
    [XunitTestCaseDiscoverer("Konnaxion.Ops.Tests.Engine.EngineFactDiscoverer", "Konnaxion.Ops.Core.Tests")]
    public class EngineFactAttribute : FactAttribute
    {
        public EngineFactAttribute()
            : this(EngineTestEnvironment.EngineProblem)
        {
        }

        protected EngineFactAttribute(string? problem)
        {
            Problem = problem;
            if (problem != null && !EngineTestEnvironment.InCi)
            {
                Skip = problem + " (set CI=true to make this a failure)";
            }
        }

        /// <summary>Why the test cannot run here, or null when it can.</summary>
        public string? Problem { get; }
    }

    /// <summary>Needs the engine and the .NET named-pipe alias /tmp/CoreFxPipe_docker_engine of its socket.</summary>
    [XunitTestCaseDiscoverer("Konnaxion.Ops.Tests.Engine.EngineFactDiscoverer", "Konnaxion.Ops.Core.Tests")]
    public sealed class NamedPipeEngineFactAttribute : EngineFactAttribute
    {
        public NamedPipeEngineFactAttribute()
            : base(EngineTestEnvironment.EngineProblem ?? EngineTestEnvironment.NamedPipeProblem)
        {
        }
    }

    /// <summary>Needs the engine and the loopback sshd with its client key (see .ci/setup-engine.sh).</summary>
    [XunitTestCaseDiscoverer("Konnaxion.Ops.Tests.Engine.EngineFactDiscoverer", "Konnaxion.Ops.Core.Tests")]
    public sealed class SshEngineFactAttribute : EngineFactAttribute
    {
        public SshEngineFactAttribute()
            : base(EngineTestEnvironment.EngineProblem ?? EngineTestEnvironment.SshProblem)
        {
        }
    }

    /// <summary>Turns an engine test whose requirement is missing under CI=true into a failing test case.</summary>
    public sealed class EngineFactDiscoverer : IXunitTestCaseDiscoverer
    {
        private readonly IMessageSink _diagnosticMessageSink;
        private readonly FactDiscoverer _factDiscoverer;

        public EngineFactDiscoverer(IMessageSink diagnosticMessageSink)
        {
            _diagnosticMessageSink = diagnosticMessageSink;
            _factDiscoverer = new FactDiscoverer(diagnosticMessageSink);
        }

        public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
        {
            var problem = (factAttribute as IReflectionAttributeInfo)?.Attribute is EngineFactAttribute engineFact ? engineFact.Problem : null;
            if (problem != null && EngineTestEnvironment.InCi)
            {
                return new[]
                {
                    new ExecutionErrorTestCase(_diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                        discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, problem + " and CI=true"),
                };
            }

            return _factDiscoverer.Discover(discoveryOptions, testMethod, factAttribute);
        }
    }

    /// <summary>What the engine tests need from this machine, probed once and cached.</summary>
    public static class EngineTestEnvironment
    {
        private static readonly Lazy<string?> EngineProbe = new Lazy<string?>(ProbeEngine, LazyThreadSafetyMode.ExecutionAndPublication);
        private static readonly Lazy<string?> SshProbe = new Lazy<string?>(ProbeSsh, LazyThreadSafetyMode.ExecutionAndPublication);

        public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        public static bool IsWindows => OperatingSystem.IsWindows();

        public static DockerEndpoint DefaultEndpoint { get; } = DockerEndpointResolver.PlatformDefault(OperatingSystem.IsWindows());

        /// <summary>The image the throwaway containers run: $KX_BASE_IMAGE, else the CI base image.</summary>
        public static string Image => Environment.GetEnvironmentVariable("KX_BASE_IMAGE") is { Length: > 0 } image ? image : "konnaxion-ops/base:bookworm";

        public static string SshKey => Environment.GetEnvironmentVariable("KX_SSH_KEY") is { Length: > 0 } key ? key : "/var/lib/konnaxion-ops/ssh/id_ed25519";

        public static int SshPort => int.TryParse(Environment.GetEnvironmentVariable("KX_SSH_PORT"), out var port) ? port : 2222;

        /// <summary>Why the engine cannot be used, or null when it answered a ping.</summary>
        public static string? EngineProblem => EngineProbe.Value;

        public static string? NamedPipeProblem
        {
            get
            {
                if (IsWindows)
                {
                    return null;
                }

                var alias = Path.Combine(Path.GetTempPath(), "CoreFxPipe_docker_engine");
                return File.Exists(alias) ? null : $"Named-pipe alias {alias} of the engine socket does not exist";
            }
        }

        public static string? SshProblem => SshProbe.Value;

        /// <summary>ssh options for the loopback sshd: its own known_hosts when present, else no host key checking.</summary>
        public static DockerConnectionOptions SshOptions()
        {
            var options = new DockerConnectionOptions { SshIdentityFile = SshKey };
            var knownHosts = Path.Combine(Path.GetDirectoryName(SshKey)!, "known_hosts");
            if (File.Exists(knownHosts))
            {
                options.SshOptions.Add("UserKnownHostsFile=" + knownHosts);
                options.SshOptions.Add("StrictHostKeyChecking=yes");
            }
            else
            {
                options.SshOptions.Add("UserKnownHostsFile=/dev/null");
                options.SshOptions.Add("StrictHostKeyChecking=no");
            }

            return options;
        }

        private static string? ProbeEngine()
        {
            var options = new DockerConnectionOptions { ConnectTimeout = TimeSpan.FromSeconds(2), ReadTimeout = TimeSpan.FromSeconds(10) };
            try
            {
                using var client = new DockerEngineClient(DefaultEndpoint, options);
                client.Ping(CancellationToken.None);
                return null;
            }
            catch (Exception ex)
            {
                return $"Docker engine not reachable at {DefaultEndpoint} ({ex.Message})";
            }
        }

        private static string? ProbeSsh()
        {
            if (IsWindows)
            {
                return "The ssh transport tests use the Linux CI sshd";
            }

            if (!File.Exists(SshKey))
            {
                return $"No ssh client key at {SshKey} for the test sshd";
            }

            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                if (!socket.ConnectAsync("127.0.0.1", SshPort).Wait(TimeSpan.FromSeconds(2)))
                {
                    return $"sshd not reachable at 127.0.0.1:{SshPort} (no answer)";
                }

                return null;
            }
            catch (Exception ex)
            {
                return $"sshd not reachable at 127.0.0.1:{SshPort} ({ex.GetBaseException().Message})";
            }
        }
    }
}
