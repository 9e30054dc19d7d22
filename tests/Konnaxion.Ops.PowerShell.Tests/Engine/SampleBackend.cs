using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Konnaxion.Ops.PowerShell.Tests.Hosting;
using Konnaxion.Ops.Testing;

namespace Konnaxion.Ops.PowerShell.Tests.Engine
{
    /// <summary>
    /// A private copy of the sample backend (examples/konnaxion), built and started once per compose version by
    /// Invoke-KxBuild typed in a session, and removed with everything it made afterwards. Its .env gives the project name
    /// (COMPOSE_PROJECT_NAME), the offline base image and a free port, so the commands the tests type are the ones a
    /// person types in that folder.
    /// </summary>
    public abstract class SampleBackend : IDisposable
    {
        private readonly List<string> _projects = new List<string>();
        private readonly object _productionGate = new object();
        private PowerShellRun? _production;

        protected SampleBackend(string compose)
        {
            DockerEngine.Require();
            Compose = compose;
            ProjectName = $"kxtest-ps-{compose.ToLowerInvariant()}-{Guid.NewGuid().ToString("N").Substring(0, 8)}";
            Root = Path.Combine(Path.GetTempPath(), ProjectName);
            Backend = Path.Combine(Root, "backend");
            SampleCopy.CopyDirectory(Path.Combine(ModuleSession.RepositoryRoot, "examples", "konnaxion", "backend"), Backend);
            File.WriteAllText(Path.Combine(Backend, ".env"),
                $"COMPOSE_PROJECT_NAME={ProjectName}\nKX_BASE_IMAGE={BaseImage}\nKX_DJANGO_PORT={SampleCopy.FreePort()}\n");
            _projects.Add(ProjectName);

            using var session = NewSession();
            Build = session.Run("Invoke-KxBuild -Wait");
            if (Build.Terminating != null || Build.Errors.Count > 0)
            {
                throw new InvalidOperationException($"Invoke-KxBuild -Wait failed on compose {compose}: {Build.Error}\n{Build.Shown}");
            }

            WaitForTheStartScriptsMigrate();
        }

        /// <summary>
        /// Running is not migrated: the sample's /start migrates before it serves, and a test that reaches the database
        /// meanwhile (createsuperuser) would find no tables. Waits until the script has handed over to the server.
        /// </summary>
        private void WaitForTheStartScriptsMigrate()
        {
            var django = DockerCli.Run("ps", "-q", "--filter", $"label=com.docker.compose.project={ProjectName}", "--filter", "label=com.docker.compose.service=django").Single();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            // Before the migrate, the entrypoint waits for PostgreSQL: the server's start is what says the migrate is done.
            while (!DockerCli.Run("top", django).Any(process => process.Contains("manage.py runserver", StringComparison.Ordinal)))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"django's start script of {ProjectName} has not started the server after 2 minutes.");
                }

                System.Threading.Thread.Sleep(200);
            }
        }

        /// <summary>V1 or V2, as -Compose and KONNAXION_COMPOSE take it.</summary>
        public string Compose { get; }

        public string ProjectName { get; }

        /// <summary>The copy's repository root, the location of every session; the compose files are in backend/.</summary>
        public string Root { get; }

        public string Backend { get; }

        /// <summary>What the build that started the stack produced.</summary>
        public PowerShellRun Build { get; }

        /// <summary>The production stack's own project name: it runs beside the local one, as on a developer's machine it would not.</summary>
        public string ProductionProjectName => ProjectName + "-prod";

        public static string BaseImage => Environment.GetEnvironmentVariable("KX_BASE_IMAGE") is { Length: > 0 } image ? image : "konnaxion-ops/base:bookworm";

        /// <summary>A new session at the copy, with this backend's compose version as the default (KONNAXION_COMPOSE).</summary>
        public ModuleSession NewSession()
        {
            Environment.SetEnvironmentVariable("KONNAXION_COMPOSE", Compose);
            return new ModuleSession(Root);
        }

        /// <summary>
        /// Builds and starts the copy's production stack once (Invoke-KxBuild -Environment Production -Wait -Force, under
        /// <see cref="ProductionProjectName"/>); it is removed with the backend.
        /// </summary>
        public PowerShellRun StartProduction()
        {
            lock (_productionGate)
            {
                if (_production == null)
                {
                    Owns(ProductionProjectName);
                    using var session = NewSession();
                    var run = session.Run($"Invoke-KxBuild -Environment Production -ProjectName {ProductionProjectName} -Wait -Force");
                    if (run.Terminating != null || run.Errors.Count > 0)
                    {
                        throw new InvalidOperationException($"The production build failed on compose {Compose}: {run.Error}\n{run.Shown}");
                    }

                    _production = run;
                }

                return _production;
            }
        }

        /// <summary>Notes a project a test started, so that it is removed with the backend.</summary>
        public void Owns(string projectName)
        {
            lock (_projects)
            {
                if (!_projects.Contains(projectName))
                {
                    _projects.Add(projectName);
                }
            }
        }

        /// <summary>One value from PostgreSQL, asked in the project's postgres container with the credentials it already has.</summary>
        public string Sql(string query, string? projectName = null)
        {
            var postgres = DockerCli.Containers(projectName ?? ProjectName, "postgres", all: false).Single();
            var script = "PGPASSWORD=\"$POSTGRES_PASSWORD\" psql -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -tAc \"$KX_SQL\"";
            return string.Join("\n", DockerCli.Run(new[] { "exec", "-e", "KX_SQL", postgres, "sh", "-c", script },
                new Dictionary<string, string> { ["KX_SQL"] = query })).Trim();
        }

        public void Dispose()
        {
            foreach (var project in _projects)
            {
                DockerCli.RemoveProject(project);
            }

            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
    }

    [CollectionDefinition(Name)]
    public sealed class ComposeV1Collection : ICollectionFixture<ComposeV1Backend>
    {
        public const string Name = "Compose v1 backend";
    }

    [CollectionDefinition(Name)]
    public sealed class ComposeV2Collection : ICollectionFixture<ComposeV2Backend>
    {
        public const string Name = "Compose v2 backend";
    }

    public sealed class ComposeV1Backend : SampleBackend
    {
        public ComposeV1Backend()
            : base("V1")
        {
        }
    }

    public sealed class ComposeV2Backend : SampleBackend
    {
        public ComposeV2Backend()
            : base("V2")
        {
        }
    }
}
