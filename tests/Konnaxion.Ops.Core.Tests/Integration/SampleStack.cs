using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Processes;
using Konnaxion.Ops.Tests.Engine;
using Konnaxion.Ops.Testing;

namespace Konnaxion.Ops.Tests.Integration
{
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class EngineCollection
    {
        /// <summary>Stacks share the sample's image tags and the machine's two cores: one at a time.</summary>
        public const string Name = "Docker engine";
    }

    /// <summary>
    /// A private copy of the sample backend (examples/konnaxion) built and started with one compose version, under a
    /// project name of its own; taken down with its volumes and deleted afterwards.
    /// </summary>
    public abstract class SampleStack : IDisposable
    {
        private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

        private readonly object _productionGate = new object();
        private KxBuildResult? _production;

        protected SampleStack(ComposeFlavor flavor)
        {
            Flavor = flavor;
            ProjectName = $"kxtest-{flavor.ToString().ToLowerInvariant()}-{Guid.NewGuid().ToString("N").Substring(0, 8)}";
            Root = Path.Combine(Path.GetTempPath(), ProjectName);
            BackendDirectory = Path.Combine(Root, "backend");
            if (EngineTestEnvironment.EngineProblem != null)
            {
                return;
            }

            SampleCopy.CopyDirectory(Path.Combine(RepositoryRoot, "examples", "konnaxion", "backend"), BackendDirectory);
            // Compose reads .env from the project folder: the offline base image, and a free host port so that
            // this stack never collides with another on the machine.
            File.WriteAllText(Path.Combine(BackendDirectory, ".env"),
                $"KX_BASE_IMAGE={EngineTestEnvironment.Image}\nKX_DJANGO_PORT={SampleCopy.FreePort()}\n");
            BuildOutput = new RecordingOutput();
            using var project = Open();
            BuildResult = project.Build().Invoke(BuildOutput);
        }

        /// <summary>The repository this test assembly was built from.</summary>
        public static string RepositoryRoot { get; } = FindRepositoryRoot();

        public ComposeFlavor Flavor { get; }
        public string ProjectName { get; }

        /// <summary>The copy's repository root; the compose files are in its backend/ folder, as in Konnaxion.</summary>
        public string Root { get; }

        public string BackendDirectory { get; }
        public KxBuildResult? BuildResult { get; }
        public RecordingOutput? BuildOutput { get; }

        /// <summary>Opens the copy, with this stack's compose version unless <paramref name="flavor"/> names another.</summary>
        /// <param name="composeFile">A compose file to use instead of the environment's (absolute, or relative to the copy's root).</param>
        public KxProject Open(KxEnvironment environment = KxEnvironment.Local, ComposeFlavor? flavor = null, string? composeFile = null) =>
            KxProject.Open(Root, environment, new KxProjectOptions { Compose = flavor ?? Flavor, ProjectName = ProjectName, ComposeFile = composeFile });

        /// <summary>The production compose file of the copy runs beside the local one, under a project name of its own.</summary>
        public string ProductionProjectName => ProjectName + "-prod";

        /// <summary>
        /// Opens the copy with options of the test's own (InRunningContainer, say), with this stack's compose version and
        /// project name (<see cref="ProductionProjectName"/> for production) unless they set others.
        /// </summary>
        public KxProject Open(KxProjectOptions options, KxEnvironment environment = KxEnvironment.Local)
        {
            options.Compose ??= Flavor;
            options.ProjectName ??= environment == KxEnvironment.Production ? ProductionProjectName : ProjectName;
            return KxProject.Open(Root, environment, options);
        }

        /// <summary>Builds and starts the copy's production stack once, waiting until it is healthy; it is taken down with the local one.</summary>
        public KxBuildResult StartProduction()
        {
            lock (_productionGate)
            {
                if (_production == null)
                {
                    using var project = Open(new KxProjectOptions(), KxEnvironment.Production);
                    _production = project.Build(waitFor: KxWaitCondition.Healthy, waitTimeout: ReadyTimeout).Invoke(new RecordingOutput());
                }

                return _production;
            }
        }

        /// <summary>Runs compose directly (for checks and clean-up) and returns its stdout; fails the test on a non-zero exit.</summary>
        public IReadOnlyList<string> Compose(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? secrets = null)
        {
            using var project = Open();
            return Compose(project, arguments, secrets);
        }

        /// <summary>Runs compose as <paramref name="project"/> would (its version and compose file); fails the test on a non-zero exit.</summary>
        public static IReadOnlyList<string> Compose(KxProject project, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? secrets = null)
        {
            var lines = new List<ProcessLine>();
            var spec = project.Context.Compose.Command(arguments, secrets);
            var exitCode = ProcessRunner.Instance.Run(spec, lines.Add, CancellationToken.None);
            Assert.True(exitCode == 0, $"{spec} exited with {exitCode}:\n{string.Join("\n", lines)}");
            return lines.Where(l => l.Stream == ProcessStream.StandardOutput).Select(l => l.Text).ToList();
        }

        /// <summary>One value from PostgreSQL, asked inside the postgres container with the credentials it already has.</summary>
        public string Sql(string query, KxEnvironment environment = KxEnvironment.Local)
        {
            var script = "PGPASSWORD=\"$POSTGRES_PASSWORD\" psql -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -tAc \"$KX_SQL\"";
            using var project = Open(new KxProjectOptions(), environment);
            var lines = Compose(project, new[] { "exec", "-T", "-e", "KX_SQL", "postgres", "sh", "-c", script },
                new Dictionary<string, string> { ["KX_SQL"] = query });
            return string.Join("\n", lines).Trim();
        }

        /// <summary>Polls status until <paramref name="condition"/> holds for the service, or fails the test.</summary>
        public KxServiceStatus WaitFor(string service, Func<KxServiceStatus, bool> condition)
        {
            using var project = Open();
            var deadline = DateTime.UtcNow + ReadyTimeout;
            KxServiceStatus status;
            while (!condition(status = project.GetServiceStatus(new[] { service }).Single()))
            {
                Assert.True(DateTime.UtcNow < deadline, $"{service} did not get there in {ReadyTimeout}: {status.State}/{status.Health} {status.StatusText}");
                Thread.Sleep(250);
            }

            return status;
        }

        public void Dispose()
        {
            if (Directory.Exists(BackendDirectory))
            {
                if (_production != null)
                {
                    using var production = Open(new KxProjectOptions(), KxEnvironment.Production);
                    Compose(production, new[] { "down", "-v", "--remove-orphans", "--timeout", "2" });
                }

                Compose(new[] { "down", "-v", "--remove-orphans", "--timeout", "2" });
                Directory.Delete(Root, recursive: true);
            }
        }

        private static string FindRepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Konnaxion.Ops.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("The tests run outside the repository: no Konnaxion.Ops.sln above " + AppContext.BaseDirectory);
        }
    }

    public sealed class ComposeV1Stack : SampleStack
    {
        public ComposeV1Stack()
            : base(ComposeFlavor.V1)
        {
        }
    }

    public sealed class ComposeV2Stack : SampleStack
    {
        public ComposeV2Stack()
            : base(ComposeFlavor.V2)
        {
        }
    }
}
