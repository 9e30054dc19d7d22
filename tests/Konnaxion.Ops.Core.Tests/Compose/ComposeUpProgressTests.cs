using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Tests.Integration;
using Konnaxion.Ops.Tests.Processes;

namespace Konnaxion.Ops.Tests.Compose
{
    /// <summary>Progress of `up -d --build` from the lines compose v1 (1.29) and v2 (2.26) really print; see .ci and the sample backend.</summary>
    public sealed class ComposeUpProgressTests
    {
        private const int Id = 100;
        private const string Activity = "Build and start django, postgres, worker";

        // docker-compose 1.29.2 with BuildKit, all on stderr (the sample backend, project kxp1; CACHED/DONE lines trimmed).
        private static readonly string[] V1Up =
        {
            "Creating network \"kxp1_default\" with the default driver",
            "Creating volume \"kxp1_konnaxion_local_postgres_data\" with default driver",
            "Building postgres",
            "#0 building with \"default\" instance using docker driver",
            "",
            "#1 [internal] load build definition from Dockerfile",
            "#1 transferring dockerfile: 1.30kB done",
            "#4 [1/5] FROM docker.io/konnaxion-ops/base:bookworm",
            "#9 [5/5] RUN sed -i 's/\\r$//g' /usr/local/bin/konnaxion-postgres-entrypoint     && chmod +x /usr/local/bin/konnaxion-postgres-entrypoint",
            "#9 CACHED",
            "#10 exporting to image",
            "#10 naming to docker.io/library/konnaxion_production_postgres done",
            "Building django",
            "#4 [1/9] FROM docker.io/konnaxion-ops/base:bookworm",
            "#13 [9/9] COPY . /app",
            "#13 DONE 0.0s",
            "Building worker",
            "#10 [4/9] RUN python -c \"import django, psycopg2\" 2>/dev/null     || pip install --no-cache-dir -r /requirements/local.txt",
            "Creating kxp1_postgres_1 ... ",
            "Creating kxp1_postgres_1 ... done",
            "Creating kxp1_django_1   ... ",
            "Creating kxp1_worker_1   ... ",
            "Creating kxp1_worker_1   ... done",
            "Creating kxp1_django_1   ... done",
        };

        // docker compose 2.26.1: BuildKit on stdout, containers on stderr (project kxp2).
        private static readonly ProcessLine[] V2Up =
        {
            Out("#0 building with \"default\" instance using docker driver"),
            Out("#1 [postgres internal] load build definition from Dockerfile"),
            Out("#5 [postgres 2/5] COPY ./compose/production/postgres/maintenance /usr/local/bin/maintenance"),
            Out("#5 CACHED"),
            Out("#9 [postgres] exporting to image"),
            Out("#11 [django internal] load build definition from Dockerfile"),
            Out("#3 [worker 1/9] FROM docker.io/konnaxion-ops/base:bookworm"),
            Out("#24 [django 9/9] COPY . /app"),
            Out("#9 [worker] exporting to image"),
            Err("time=\"2026-11-21T20:34:47Z\" level=warning msg=\"docker-compose.local.yml: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion\""),
            Err(" Network kxp2_default  Creating"),
            Err(" Network kxp2_default  Created"),
            Err(" Container kxp2-postgres-1  Creating"),
            Err(" Container kxp2-postgres-1  Created"),
            Err(" Container kxp2-worker-1  Creating"),
            Err(" Container kxp2-django-1  Creating"),
            Err(" Container kxp2-worker-1  Created"),
            Err(" Container kxp2-django-1  Created"),
            Err(" Container kxp2-postgres-1  Starting"),
            Err(" Container kxp2-postgres-1  Started"),
            Err(" Container kxp2-django-1  Starting"),
            Err(" Container kxp2-worker-1  Starting"),
            Err(" Container kxp2-worker-1  Started"),
            Err(" Container kxp2-django-1  Started"),
        };

        private static readonly string Backend = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend");

        [Fact]
        public void V1_build_steps_belong_to_the_service_named_by_Building_and_Creating_done_means_up()
        {
            var output = Run("kxp1", V1Up.Select(Err));

            Assert.Equal(new[]
            {
                "Building",
                "Building: load build definition from Dockerfile",
                "Building: step 1/5 FROM docker.io/konnaxion-ops/base:bookworm",
                "Building: step 5/5 RUN sed -i 's/\\r$//g' /usr/local/bin/konnaxion-postgres-ent…",
                "Creating",
                "Creating: done",
            }, StatusesOf(output, "postgres"));
            Assert.Equal(new[] { "Building", "Building: step 1/9 FROM docker.io/konnaxion-ops/base:bookworm", "Building: step 9/9 COPY . /app", "Creating", "Creating: done" },
                StatusesOf(output, "django"));
            Assert.Equal(new[] { 0, 11, 99, -1, 100 }, RecordsOf(output, "django").Where(p => !p.Completed).Select(p => p.PercentComplete));
            Assert.Equal(new[] { "Building", "Building: step 4/9 RUN python -c \"import django, psycopg2\" 2>/dev/null || pip …", "Creating", "Creating: done" },
                StatusesOf(output, "worker"));
            AssertEveryActivityEndsCompleted(output, "3 of 3 services up");
        }

        [Fact]
        public void V2_build_steps_name_their_service_and_Started_means_up()
        {
            var output = Run("kxp2", V2Up);

            Assert.Equal(new[]
            {
                "Building: load build definition from Dockerfile",
                "Building: step 2/5 COPY ./compose/production/postgres/maintenance /usr/local/b…",
                "Building: exporting to image",
                "Creating", "Created", "Starting", "Started",
            }, StatusesOf(output, "postgres"));
            Assert.Equal(new[] { "Building: load build definition from Dockerfile", "Building: step 9/9 COPY . /app", "Creating", "Created", "Starting", "Started" },
                StatusesOf(output, "django"));
            Assert.Equal(new[] { -1, 99, -1, -1, -1, 100 }, RecordsOf(output, "django").Where(p => !p.Completed).Select(p => p.PercentComplete));
            Assert.All(new[] { "django", "postgres", "worker" }, service =>
                Assert.All(RecordsOf(output, service), p => Assert.Equal(Id, p.ParentActivityId)));
            Assert.Equal(new[] { 101, 102, 103 }, new[] { "django", "postgres", "worker" }.Select(s => RecordsOf(output, s).First().ActivityId));
            AssertEveryActivityEndsCompleted(output, "3 of 3 services up");
        }

        [Fact]
        public void The_overall_activity_counts_the_services_that_are_up()
        {
            var output = Run("kxp2", V2Up);

            var overall = output.Progress.Where(p => p.ActivityId == Id).ToList();
            Assert.Equal(("Starting compose", 0), (overall[0].Status, overall[0].PercentComplete));
            Assert.Contains(overall, p => p.Status == "django: Building: step 9/9 COPY . /app" && p.PercentComplete == 0);
            Assert.Equal(66, overall.Single(p => p.Status == "worker: Started").PercentComplete);
            Assert.All(overall, p => Assert.Equal((Activity, -1), (p.Activity, p.ParentActivityId)));
        }

        [Fact]
        public void V1_up_to_date_and_restarted_containers_are_up()
        {
            var output = Run("kxp1", new[]
            {
                Err("kxp1_postgres_1 is up-to-date"),
                Err("Recreating kxp1_django_1 ... "),
                Err("Recreating kxp1_django_1 ... done"),
                Err("Starting kxp1_worker_1 ... done"),
            });

            Assert.Equal(new[] { "Up to date" }, StatusesOf(output, "postgres"));
            Assert.Equal(new[] { "Recreating", "Recreating: done" }, StatusesOf(output, "django"));
            Assert.Equal(new[] { "Starting: done" }, StatusesOf(output, "worker"));
            AssertEveryActivityEndsCompleted(output, "3 of 3 services up");
        }

        [Fact]
        public void The_classic_builder_steps_are_read_too()
        {
            var output = Run("kxp1", new[] { Err("Building django"), Out("Step 3/12 : COPY ./requirements /requirements"), Out(" ---> Using cache") });

            Assert.Equal(new[] { "Building", "Building: step 3/12 COPY ./requirements /requirements" }, StatusesOf(output, "django"));
            Assert.Equal(25, RecordsOf(output, "django")[1].PercentComplete);
        }

        [Fact]
        public void A_failed_container_is_reported_and_its_activity_still_completed()
        {
            var output = Run("kxp2", new[]
            {
                Err(" Container kxp2-postgres-1  Started"),
                Err(" Container kxp2-django-1  Error"),
                Err("Error response from daemon: driver failed programming external connectivity on endpoint kxp2-django-1: Bind for 0.0.0.0:8000 failed: port is already allocated"),
            });

            Assert.Equal(new[] { "Failed" }, StatusesOf(output, "django"));
            Assert.Empty(StatusesOf(output, "worker"));
            var django = RecordsOf(output, "django").Last();
            Assert.Equal(("Failed", true), (django.Status, django.Completed));
            AssertEveryActivityEndsCompleted(output, "1 of 3 services up");
        }

        [Fact]
        public void Containers_of_other_projects_and_lines_about_other_things_are_ignored()
        {
            var output = Run("kxp2", new[]
            {
                Err(" Container other-django-1  Started"),
                Err(" Container kxp2-redis-1  Started"),
                Err(" Container kxp2-django-one  Started"),
                Out("#7 [frontend 2/3] RUN npm ci"),
                Err("PostgreSQL is available"),
            });

            Assert.Equal(2, output.Progress.Count);
            AssertEveryActivityEndsCompleted(output, "0 of 3 services up");
        }

        [Fact]
        public void A_container_name_from_the_compose_file_maps_to_its_service()
        {
            var output = new RecordingOutput();
            var services = Services().Select(s => s.Name == "postgres" ? Service("postgres", "konnaxion-db") : s).ToList();
            using (var progress = new ComposeUpProgress(output, Id, Activity, "kxp2", services))
            {
                progress.Observe(Err(" Container konnaxion-db  Started"));
            }

            Assert.Equal(new[] { "Started" }, StatusesOf(output, "postgres"));
        }

        [Fact]
        public void Build_completes_its_progress_when_compose_is_cancelled()
        {
            var runner = new FakeProcessRunner { Otherwise = _ => new FakeResponse(0, V2Up.Take(8).ToArray()) { Then = _ => throw new OperationCanceledException() } }
                .On("docker compose version", 0, "Docker Compose version v2.26.1");
            using var project = KxProject.Open(Backend, KxEnvironment.Local, new KxProjectOptions { Compose = ComposeFlavor.V2, ProjectName = "kxp2", ProcessRunner = runner });
            var output = new RecordingOutput();

            var error = Assert.Throws<KxException>(() => project.Build().Invoke(output, CancellationToken.None));

            Assert.Equal(KxErrorIds.OperationCancelled, error.ErrorId);
            Assert.Contains("Building: step 9/9 COPY . /app", StatusesOf(output, "django"));
            AssertEveryActivityEndsCompleted(output, "0 of 3 services up");
        }

        [Fact]
        public void Build_completes_its_progress_when_compose_fails()
        {
            var runner = new FakeProcessRunner { Otherwise = _ => new FakeResponse(1, Err("Building django"), Err("ERROR: Service 'django' failed to build : Build failed")) }
                .On("docker-compose version", 0, "docker-compose version 1.29.2, build unknown");
            using var project = KxProject.Open(Backend, KxEnvironment.Local, new KxProjectOptions { Compose = ComposeFlavor.V1, ProjectName = "kxp1", ProcessRunner = runner });
            var output = new RecordingOutput();

            var result = project.Build().Invoke(output, CancellationToken.None);

            Assert.False(result.Success);
            Assert.Equal(new[] { "Building" }, StatusesOf(output, "django"));
            AssertEveryActivityEndsCompleted(output, "0 of 3 services up");
        }

        private static RecordingOutput Run(string project, IEnumerable<ProcessLine> lines)
        {
            var output = new RecordingOutput();
            using (var progress = new ComposeUpProgress(output, Id, Activity, project, Services()))
            {
                foreach (var line in lines)
                {
                    progress.Observe(line);
                }
            }

            return output;
        }

        /// <summary>Each activity's last record is its Completed one, and the overall activity is the very last record.</summary>
        private static void AssertEveryActivityEndsCompleted(RecordingOutput output, string finalStatus)
        {
            foreach (var activity in output.Progress.GroupBy(p => p.ActivityId))
            {
                Assert.True(activity.Last().Completed, $"activity {activity.Key} ({activity.Last().Activity}) was left open");
                Assert.Single(activity, p => p.Completed);
            }

            var last = output.Progress.Last();
            Assert.True(last.Completed);
            Assert.True(last.ActivityId == Id || last.ActivityId == 0x4b42, $"the last record is of activity {last.ActivityId}");
            Assert.Equal(finalStatus, last.Status);
        }

        private static List<KxProgress> RecordsOf(RecordingOutput output, string service) =>
            output.Progress.Where(p => p.Activity == service).ToList();

        /// <summary>What the service's progress line said, in order (the Completed record repeats the last).</summary>
        private static List<string> StatusesOf(RecordingOutput output, string service) =>
            RecordsOf(output, service).Where(p => !p.Completed).Select(p => p.Status).ToList();

        private static IReadOnlyList<ComposeService> Services() => new[] { Service("django"), Service("postgres"), Service("worker") };

        private static ComposeService Service(string name, string? containerName = null) =>
            new ComposeService(name, null, new ComposeBuild("/src", "Dockerfile"), containerName, Array.Empty<ComposeEnvFile>(), Array.Empty<ComposeDependency>(),
                hasHealthCheck: false, Array.Empty<ComposeVolume>(), workingDir: null, Array.Empty<ComposePort>(), Array.Empty<string>());

        private static ProcessLine Out(string text) => new ProcessLine(ProcessStream.StandardOutput, text);

        private static ProcessLine Err(string text) => new ProcessLine(ProcessStream.StandardError, text);
    }
}
