using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using Konnaxion.Ops.Engine;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Swarm;
using Konnaxion.Ops.Tests.Engine;
using Konnaxion.Ops.Testing;

namespace Konnaxion.Ops.Tests.Integration
{
    /// <summary>
    /// The module's Swarm runbook end to end on two nodes (the main engine as manager, a second dockerd as worker, a
    /// registry both trust): a private copy of the sample whose images are named in the registry, postgres held on the
    /// manager with its volumes, django and the worker spread one task per node, every service on DNS round-robin
    /// (this kernel has no IPVS for service VIPs). Three updates on one stack, so the base image is pushed once: the
    /// first deploy (data services, one migrate job, the rest, tasks on both nodes), an update with a new migration
    /// (a backup job, the migration applied once, t2 on both nodes), and a django that cannot start, reported early.
    /// </summary>
    [Collection(TwoNodeSwarmCollection.Name)]
    public sealed class SwarmTwoNodeTests : IDisposable
    {
        private static readonly TimeSpan WaitTimeout = TimeSpan.FromMinutes(4);
        private static readonly TimeSpan Gone = TimeSpan.FromMinutes(2);
        private const string BrokenStart = "kxswarm2-cannot-start";

        private readonly SwarmNodes _nodes;
        private readonly string _id = Guid.NewGuid().ToString("N").Substring(0, 8);
        private readonly string _root;
        private readonly string _backend;

        public SwarmTwoNodeTests(SwarmNodes nodes)
        {
            _nodes = nodes;
            _root = Path.Combine(Path.GetTempPath(), Stack);
            _backend = Path.Combine(_root, "backend");
        }

        private string Stack => "kxtest-swarm2-" + _id;

        /// <summary>The registry repository of one of the copy's built services.</summary>
        private string Repository(string service) => $"{SwarmNodes.Registry}/{Stack}-{service}";

        [SwarmNodesFact]
        public void A_first_deploy_an_update_with_a_migration_and_a_failing_django_on_two_nodes()
        {
            _nodes.Require();
            var manager = _nodes.ManagerNodeId;
            var worker = _nodes.WorkerNodeId;
            Assert.NotEqual(manager, worker);
            PrepareCopy();
            using var client = new DockerEngineClient(_nodes.Manager);
            var engine = new RecordingEngine(client);

            // 1. The first deploy: images in the registry, the data services, one migrate job, the rest, spread.
            var clock = Stopwatch.StartNew();
            var first = Update(engine, "t1", out var firstOutput);
            var firstTime = clock.Elapsed;

            Assert.True(first.Success, Describe(first));
            Assert.Equal(new[] { "Build", "Backup", "DeployDataServices", "Migrate", "Deploy", "Wait", "Verify" }, first.Steps.Select(step => step.Name));
            Assert.Equal(KxUpdateStepOutcome.Skipped, Step(first, "Backup").Outcome);
            Assert.Equal(KxUpdateStepOutcome.Succeeded, Step(first, "DeployDataServices").Outcome);
            Assert.Contains("started postgres", Step(first, "DeployDataServices").Detail);
            foreach (var service in new[] { "django", "postgres", "worker" })
            {
                Assert.Contains(Tag("t1"), RegistryTags(Repository(service)));
            }

            var migrate1 = engine.Jobs.Single(job => job.Purpose == "migrate");
            Assert.Single(engine.Jobs);
            Assert.Single(migrate1.LastTasks);
            Assert.Equal("complete", migrate1.LastTasks[0].State);
            // Postgres before the job, django and the worker after it: the code never met an unmigrated database.
            Assert.True(Service("postgres").CreatedAt < migrate1.Created, $"postgres {Service("postgres").CreatedAt:O}, migrate job {migrate1.Created:O}");
            Assert.True(Service("django").CreatedAt > migrate1.Created, $"django {Service("django").CreatedAt:O}, migrate job {migrate1.Created:O}");
            Assert.True(Service("worker").CreatedAt > migrate1.Created, $"worker {Service("worker").CreatedAt:O}, migrate job {migrate1.Created:O}");
            Assert.Contains("ideas.0001_initial", first.MigrationsApplied.Select(step => $"{step.App}.{step.Name}"));
            Assert.Equal("0", Sql("select count(*) - count(distinct (app, name)) from django_migrations"));
            Assert.Equal("1", Sql("select count(*) from django_migrations where app = 'ideas' and name = '0001_initial'"));
            AssertConverged(first, "t1");
            AssertSpread(client, manager, worker, "t1");
            AssertNoJobLeft(client);

            // 2. A new migration in the code: backed up first, applied once by the job, t2 on both nodes.
            AddMigration();
            clock.Restart();
            var second = Update(engine, "t2", out _);
            var secondTime = clock.Elapsed;

            Assert.True(second.Success, Describe(second));
            Assert.Equal(KxUpdateStepOutcome.Succeeded, Step(second, "Backup").Outcome);
            Assert.Equal(KxUpdateStepOutcome.Skipped, Step(second, "DeployDataServices").Outcome);
            var backup = second.Backup ?? throw new Xunit.Sdk.XunitException("The update reports no backup: " + Describe(second));
            var backupJob = engine.Jobs.Single(job => job.Purpose == "backup");
            Assert.Equal(manager, Assert.Single(backupJob.LastTasks).NodeId);
            Assert.Equal("1", Postgres("gzip -dc /backups/" + backup.FileName + " | grep -c 'PostgreSQL database dump complete'"));
            var migrate2 = engine.Jobs.Where(job => job.Purpose == "migrate").ElementAt(1);
            Assert.Equal("complete", Assert.Single(migrate2.LastTasks).State);
            Assert.True(backupJob.Created < migrate2.Created, "backed up before migrating");
            Assert.Equal(new[] { "ideas.0002_idea_summary" }, second.MigrationsApplied.Select(step => $"{step.App}.{step.Name}"));
            Assert.Equal("1", Sql("select count(*) from django_migrations where app = 'ideas' and name = '0002_idea_summary'"));
            Assert.Equal("0", Sql("select count(*) - count(distinct (app, name)) from django_migrations"));
            AssertConverged(second, "t2");
            AssertSpread(client, manager, worker, "t2");
            AssertNoJobLeft(client);

            // 3. A django that exits 1 at start: the wait fails early, quoting the task error and its log.
            BreakDjango();
            clock.Restart();
            var third = Update(engine, "t3", out _, skipBackup: true);
            var thirdTime = clock.Elapsed;

            Assert.False(third.Success, Describe(third));
            var error = third.Error ?? throw new Xunit.Sdk.XunitException("No error: " + Describe(third));
            Assert.Equal(KxErrorIds.SwarmTaskFailing, error.ErrorId);
            Assert.Equal(KxUpdateStepOutcome.Failed, Step(third, "Wait").Outcome);
            Assert.Equal(KxUpdateStepOutcome.NotRun, Step(third, "Verify").Outcome);
            Assert.Contains($"django (Swarm service {Stack}_django)", error.Message);
            Assert.Contains("non-zero exit (1)", error.Message);
            Assert.Contains(BrokenStart, error.Message);
            Assert.True(Step(third, "Wait").Duration < WaitTimeout / 2, $"The failing task was reported after {Step(third, "Wait").Duration}, not early.");
            Assert.DoesNotContain("kx-production-sample-password", firstOutput.AllText + error.Message);

            Console.WriteLine($"SwarmTwoNodeTests: first deploy {firstTime.TotalSeconds:0} s, update with a migration {secondTime.TotalSeconds:0} s, " +
                              $"failing update {thirdTime.TotalSeconds:0} s (its wait {Step(third, "Wait").Duration.TotalSeconds:0} s); " +
                              $"migrate jobs on {string.Join(", ", engine.Jobs.Where(job => job.Purpose == "migrate").Select(job => NodeName(job.LastTasks[0].NodeId, manager)))}.");
        }

        private static string NodeName(string? node, string manager) => node == manager ? "the manager" : "the worker";

        private KxUpdateResult Update(RecordingEngine engine, string tag, out RecordingOutput output, bool skipBackup = false)
        {
            output = new RecordingOutput();
            using var project = KxProject.Open(_root, KxEnvironment.Production, new KxProjectOptions
            {
                ProjectName = Stack,
                Orchestrator = KxOrchestrator.Swarm,
                ImageTag = Tag(tag),
                Engine = engine,
            });
            return project.Update(new KxUpdateOptions { WaitTimeout = WaitTimeout, SkipBackup = skipBackup }).Invoke(output);
        }

        /// <summary>A tag of this test's own: no other run's images share it.</summary>
        private string Tag(string name) => name + "-" + _id;

        /// <summary>
        /// The sample, with its images named in the registry, every service on DNS round-robin, postgres kept on the
        /// manager (its volumes are that node's) and the code's services spread over both nodes.
        /// </summary>
        private void PrepareCopy()
        {
            SampleCopy.CopyDirectory(Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend"), _backend);
            File.WriteAllText(Path.Combine(_backend, ".env"), $"KX_BASE_IMAGE={EngineTestEnvironment.Image}\n");
            const string spread = "    deploy: {endpoint_mode: dnsrr, replicas: 2, placement: {max_replicas_per_node: 1}}";
            EditCompose(
                ("    image: konnaxion_production_django\n", $"    image: {Repository("django")}\n{spread}\n"),
                ("    image: konnaxion_production_worker\n", $"    image: {Repository("worker")}\n{spread}\n"),
                ("    image: konnaxion_production_postgres\n",
                    $"    image: {Repository("postgres")}\n    deploy: {{endpoint_mode: dnsrr, placement: {{constraints: [\"node.role == manager\"]}}}}\n"));
        }

        private void EditCompose(params (string Old, string New)[] edits)
        {
            var file = Path.Combine(_backend, "docker-compose.production.yml");
            var text = File.ReadAllText(file);
            foreach (var (old, replacement) in edits)
            {
                Assert.True(text.Contains(old, StringComparison.Ordinal), $"The sample's production file has no line '{old.Trim()}' to edit.");
                text = text.Replace(old, replacement, StringComparison.Ordinal);
            }

            File.WriteAllText(file, text);
        }

        /// <summary>A new field and its migration in the sample's ideas app, as a developer's change would be.</summary>
        private void AddMigration()
        {
            File.WriteAllText(Path.Combine(_backend, "konnaxion", "ideas", "migrations", "0002_idea_summary.py"),
                "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [(\"ideas\", \"0001_initial\")]\n\n" +
                "    operations = [migrations.AddField(model_name=\"idea\", name=\"summary\", field=models.TextField(default=\"\", blank=True))]\n");
            var models = Path.Combine(_backend, "konnaxion", "ideas", "models.py");
            var text = File.ReadAllText(models);
            var title = text.IndexOf("    title = ", StringComparison.Ordinal);
            Assert.True(title >= 0, "The sample's Idea model has no title field to add the summary after.");
            File.WriteAllText(models, text.Insert(title, "    summary = models.TextField(default=\"\", blank=True)\n"));
        }

        /// <summary>django's command exits 1 before gunicorn starts, writing a line of its own to find in the error.</summary>
        private void BreakDjango() =>
            EditCompose(("    command: /start\n", $"    command: [\"sh\", \"-c\", \"echo {BrokenStart} >&2; exit 1\"]\n"));

        private void AssertConverged(KxUpdateResult result, string tag)
        {
            Assert.Equal(new[] { "django", "postgres", "worker" }, result.SwarmServiceStatus.Select(status => status.Service).OrderBy(name => name));
            Assert.All(result.SwarmServiceStatus, status => Assert.True(status.Converged, status.ToString()));
            Assert.All(result.SwarmServiceStatus, status => Assert.StartsWith($"{Repository(status.Service)}:{Tag(tag)}", status.Image));
        }

        /// <summary>django and the worker run one task of the tag on each node.</summary>
        private void AssertSpread(DockerEngineClient client, string manager, string worker, string tag)
        {
            foreach (var service in new[] { "django", "worker" })
            {
                var tasks = client.ListTasks(Stack + "_" + service, null, "running", CancellationToken.None).Where(task => task.State == "running").ToList();
                Assert.Equal(new[] { manager, worker }.OrderBy(id => id), tasks.Select(task => task.NodeId).OrderBy(id => id));
                Assert.StartsWith($"{Repository(service)}:{Tag(tag)}", Service(service).Image);
            }
        }

        /// <summary>No job service of the stack is left, nor its task's container on either node.</summary>
        private void AssertNoJobLeft(DockerEngineClient client)
        {
            Assert.Empty(client.ListServices(new Dictionary<string, string?> { [SwarmJob.StackLabel] = Stack }, CancellationToken.None));
            foreach (var host in new[] { null, SwarmNodes.WorkerDockerHost })
            {
                var left = SwarmNodes.Docker(host, "ps", "-a", "--filter", "name=kx-" + Stack, "--format", "{{.Names}} {{.Status}}");
                Assert.True(left.Length == 0, $"A job's task container is left on {(host == null ? "the manager" : "the worker")}: {left}");
            }
        }

        private EngineSwarmService Service(string service)
        {
            using var client = new DockerEngineClient(_nodes.Manager);
            return client.InspectService(Stack + "_" + service, CancellationToken.None);
        }

        private static IReadOnlyList<string> RegistryTags(string repository)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var name = repository.Substring(SwarmNodes.Registry.Length + 1);
            return http.GetStringAsync($"http://{SwarmNodes.Registry}/v2/{name}/tags/list").Result
                .Split('"').Where(part => part.StartsWith("t", StringComparison.Ordinal) && part.Contains('-', StringComparison.Ordinal)).ToList();
        }

        /// <summary>One value from PostgreSQL, asked in postgres's task container on the manager with the credentials it has.</summary>
        private string Sql(string query) =>
            Postgres("PGPASSWORD=\"$POSTGRES_PASSWORD\" psql -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -tAc \"" + query.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"");

        private string Postgres(string script)
        {
            var container = SwarmNodes.Docker(null, "ps", "-q", "--filter", $"label=com.docker.swarm.service.name={Stack}_postgres").Split('\n')[0];
            return SwarmNodes.Docker(null, "exec", container, "sh", "-c", script);
        }

        private static KxUpdateStep Step(KxUpdateResult result, string name) => result.Steps.Single(step => step.Name == name);

        private static string Describe(KxUpdateResult result) =>
            string.Join("\n", result.Steps.Select(step => $"{step.Name}: {step.Outcome} {step.Detail}")) + (result.Error != null ? "\n" + result.Error.Message : string.Empty);

        /// <summary>
        /// Leaves both nodes as found: the stack and its tasks, networks and volumes, the jobs' containers, the images
        /// under the registry names on both engines (the worker's are pinned by digest), and the copy.
        /// </summary>
        public void Dispose()
        {
            if (!Directory.Exists(_root))
            {
                return;
            }

            var hosts = new[] { null, SwarmNodes.WorkerDockerHost };
            SwarmNodes.TryDocker(null, "stack", "rm", Stack);
            foreach (var job in SwarmNodes.Docker(null, "service", "ls", "-q", "--filter", "name=kx-" + Stack).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                SwarmNodes.TryDocker(null, "service", "rm", job);
            }

            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < Gone && hosts.Any(host =>
                       SwarmNodes.Docker(host, "ps", "-aq", "--filter", "label=com.docker.stack.namespace=" + Stack).Length > 0
                       || SwarmNodes.Docker(host, "network", "ls", "-q", "--filter", "label=com.docker.stack.namespace=" + Stack).Length > 0))
            {
                Thread.Sleep(1000);
            }

            foreach (var host in hosts)
            {
                var containers = SwarmNodes.Docker(host, "ps", "-aq", "--filter", "name=kx-" + Stack).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Concat(SwarmNodes.Docker(host, "ps", "-aq", "--filter", "label=com.docker.stack.namespace=" + Stack).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    .Distinct().ToArray();
                if (containers.Length > 0)
                {
                    SwarmNodes.TryDocker(host, new[] { "rm", "-f", "-v" }.Concat(containers).ToArray());
                }

                foreach (var volume in SwarmNodes.Docker(host, "volume", "ls", "-q", "--filter", "label=com.docker.stack.namespace=" + Stack).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    SwarmNodes.TryDocker(host, "volume", "rm", "-f", volume);
                }

                // Tagged on the manager (repo:tag), pinned by digest on the worker (repo@sha256:...).
                var images = SwarmNodes.Docker(host, "images", "--digests", "--format", "{{.Repository}} {{.Tag}} {{.Digest}}")
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' '))
                    .Where(parts => parts[0].StartsWith($"{SwarmNodes.Registry}/{Stack}-", StringComparison.Ordinal))
                    .Select(parts => parts[1] != "<none>" ? parts[0] + ":" + parts[1] : parts[0] + "@" + parts[2]).Distinct().ToArray();
                if (images.Length > 0)
                {
                    SwarmNodes.TryDocker(host, new[] { "rmi" }.Concat(images).ToArray());
                }
            }

            Directory.Delete(_root, recursive: true);
        }

        /// <summary>
        /// The engine client the project uses, recording the jobs it creates and the last tasks it saw of each: a job is
        /// removed before the update returns, so how many tasks it ran, and where, is known only from what the module saw.
        /// </summary>
        private sealed class RecordingEngine : IDockerEngine, ISwarmEngine
        {
            private readonly DockerEngineClient _client;
            private readonly ConcurrentDictionary<string, RecordedJob> _byId = new ConcurrentDictionary<string, RecordedJob>();
            private readonly List<RecordedJob> _jobs = new List<RecordedJob>();

            public RecordingEngine(DockerEngineClient client) => _client = client;

            public IReadOnlyList<RecordedJob> Jobs
            {
                get
                {
                    lock (_jobs)
                    {
                        return _jobs.ToList();
                    }
                }
            }

            public string CreateJob(EngineJobSpec spec, CancellationToken cancellationToken)
            {
                var created = DateTimeOffset.UtcNow;
                var id = _client.CreateJob(spec, cancellationToken);
                var job = new RecordedJob(spec.Labels[SwarmJob.PurposeLabel], id, created);
                _byId[id] = job;
                lock (_jobs)
                {
                    _jobs.Add(job);
                }

                return id;
            }

            public IReadOnlyList<EngineSwarmTask> ListTasks(string? serviceId, IReadOnlyDictionary<string, string?>? labelFilters, string? desiredState, CancellationToken cancellationToken)
            {
                var tasks = _client.ListTasks(serviceId, labelFilters, desiredState, cancellationToken);
                if (serviceId != null && desiredState == null && _byId.TryGetValue(serviceId, out var job))
                {
                    job.LastTasks = tasks;
                }

                return tasks;
            }

            public void Ping(CancellationToken cancellationToken) => _client.Ping(cancellationToken);

            public IReadOnlyList<EngineContainer> ListContainers(IReadOnlyDictionary<string, string?> labelFilters, bool includeStopped, CancellationToken cancellationToken) =>
                _client.ListContainers(labelFilters, includeStopped, cancellationToken);

            public EngineContainerState InspectContainer(string id, CancellationToken cancellationToken) => _client.InspectContainer(id, cancellationToken);

            public IReadOnlyList<EngineContainerState?> InspectContainers(IReadOnlyList<EngineContainer> listed, CancellationToken cancellationToken) =>
                _client.InspectContainers(listed, cancellationToken);

            public IReadOnlyList<string> GetLogTail(string id, int lines, CancellationToken cancellationToken) => _client.GetLogTail(id, lines, cancellationToken);

            public IReadOnlyList<EngineProcess> ListProcesses(string id, CancellationToken cancellationToken) => _client.ListProcesses(id, cancellationToken);

            public int Exec(string id, IReadOnlyList<string> command, IReadOnlyList<string> environment, Action<ProcessLine> onLine, CancellationToken cancellationToken) =>
                _client.Exec(id, command, environment, onLine, cancellationToken);

            public AttachedExec StartExec(string id, IReadOnlyList<string> command, IReadOnlyList<string> environment, CancellationToken cancellationToken) =>
                _client.StartExec(id, command, environment, cancellationToken);

            public void RemoveContainer(string id, bool force, CancellationToken cancellationToken) => _client.RemoveContainer(id, force, cancellationToken);

            public EngineSwarmInfo GetSwarmInfo(CancellationToken cancellationToken) => _client.GetSwarmInfo(cancellationToken);

            public IReadOnlyList<EngineNode> ListNodes(CancellationToken cancellationToken) => _client.ListNodes(cancellationToken);

            public IReadOnlyList<EngineSwarmService> ListServices(IReadOnlyDictionary<string, string?> labelFilters, CancellationToken cancellationToken) =>
                _client.ListServices(labelFilters, cancellationToken);

            public EngineSwarmService InspectService(string id, CancellationToken cancellationToken) => _client.InspectService(id, cancellationToken);

            public void RemoveService(string id, CancellationToken cancellationToken) => _client.RemoveService(id, cancellationToken);

            public void FollowServiceLogs(string id, Action<ProcessLine> onLine, CancellationToken cancellationToken) => _client.FollowServiceLogs(id, onLine, cancellationToken);

            public IReadOnlyList<ProcessLine> GetServiceLogs(string id, int? tail, CancellationToken cancellationToken) => _client.GetServiceLogs(id, tail, cancellationToken);
        }

        private sealed class RecordedJob
        {
            public RecordedJob(string purpose, string id, DateTimeOffset created)
            {
                Purpose = purpose;
                Id = id;
                Created = created;
            }

            public string Purpose { get; }
            public string Id { get; }
            public DateTimeOffset Created { get; }

            /// <summary>The job's tasks as the module last listed them, just before it removed the job.</summary>
            public IReadOnlyList<EngineSwarmTask> LastTasks { get; set; } = Array.Empty<EngineSwarmTask>();
        }
    }
}
