using System.Collections.Generic;
using System.IO;
using System.Linq;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Output;
using Konnaxion.Ops.Tests.Integration;

namespace Konnaxion.Ops.Tests.Output
{
    public sealed class SecretRedactorTests
    {
        private const string Mask = SecretRedactor.Mask;

        [Fact]
        public void Masks_the_values_of_variables_whose_names_look_secret_and_nothing_else()
        {
            var redactor = Redactor(("POSTGRES_PASSWORD", "hunter2-pg"), ("DJANGO_SECRET_KEY", "k3y-v@lue"), ("MAILGUN_API_TOKEN", "tok-123"),
                ("SENTRY_DSN", "dsn-value"), ("DATABASE_URL", "sqlite:///db.sqlite3"), ("POSTGRES_HOST", "postgres"), ("POSTGRES_USER", "kx_user"));

            Assert.Equal($"connect postgres as kx_user with {Mask}, sign with {Mask}, send with {Mask}, report to {Mask}, use {Mask}",
                redactor.Redact("connect postgres as kx_user with hunter2-pg, sign with k3y-v@lue, send with tok-123, report to dsn-value, use sqlite:///db.sqlite3"));
            Assert.Equal(5, redactor.Count);
        }

        [Fact]
        public void Masks_the_password_of_a_url_valued_variable_whatever_its_name()
        {
            var redactor = Redactor(("CELERY_BROKER_URL", "redis://:br0ker-pass@redis:6379/0"), ("CACHE_LOCATION", "redis://user:p%40ss%2Fword@cache:6379"));

            Assert.Equal($"broker password {Mask}; decoded {Mask}; encoded {Mask}",
                redactor.Redact("broker password br0ker-pass; decoded p@ss/word; encoded p%40ss%2Fword"));
        }

        [Fact]
        public void Masks_the_password_of_any_url_in_a_line_even_one_no_env_file_holds()
        {
            var line = "DATABASE_URL: postgres://kx_local_user:built@at-runtime@postgres:5432/konnaxion and ftp://u:p@host/";

            Assert.Equal($"DATABASE_URL: postgres://kx_local_user:{Mask}@postgres:5432/konnaxion and ftp://u:{Mask}@host/", SecretRedactor.None.Redact(line));
        }

        [Theory]
        [InlineData("Starting development server at http://0.0.0.0:8000/")]
        [InlineData("see https://docs.djangoproject.com/en/3.2/ref/settings/ for user@example.com")]
        [InlineData("ssh://deploy@vps.example:22")]
        [InlineData("postgres://user:@host/db")]
        public void Leaves_urls_without_a_password_alone(string line)
        {
            Assert.Equal(line, SecretRedactor.None.Redact(line));
        }

        [Fact]
        public void Leaves_flags_and_very_short_values_of_secret_looking_variables_alone()
        {
            var redactor = Redactor(("AWS_QUERYSTRING_AUTH_KEY", "False"), ("SECRET_KEY_FALLBACKS", "none"), ("API_KEY_VERSION", "2"), ("TOKEN_TTL", "60"));

            Assert.Equal("False none 2 60", redactor.Redact("False none 2 60"));
            Assert.Equal(0, redactor.Count);
        }

        [Fact]
        public void Masks_a_secret_that_contains_another_as_a_whole()
        {
            var redactor = Redactor(("SHORT_SECRET", "abcdef"), ("LONG_SECRET", "abcdef-ghijkl"));

            Assert.Equal($"{Mask} and {Mask}", redactor.Redact("abcdef-ghijkl and abcdef"));
        }

        [Fact]
        public void The_wrapped_output_redacts_process_lines_verbose_warnings_and_progress()
        {
            var inner = new RecordingOutput();
            var output = Redactor(("POSTGRES_PASSWORD", "s3cr3t-value")).Wrap(inner);

            output.WriteProcessLine(new ProcessLine(ProcessStream.StandardError, "password s3cr3t-value"));
            output.WriteVerbose("verbose s3cr3t-value");
            output.WriteWarning("warning s3cr3t-value");
            output.WriteProgress(new KxProgress(7, "activity s3cr3t-value", "status s3cr3t-value", 50, parentActivityId: 3));

            Assert.Equal((ProcessStream.StandardError, $"password {Mask}"), (inner.ProcessLines.Single().Stream, inner.ProcessLines.Single().Text));
            Assert.Equal(new[] { $"verbose {Mask}" }, inner.Verbose);
            Assert.Equal(new[] { $"warning {Mask}" }, inner.Warnings);
            var progress = inner.Progress.Single();
            Assert.Equal((7, $"activity {Mask}", $"status {Mask}", 50, 3), (progress.ActivityId, progress.Activity, progress.Status, progress.PercentComplete, progress.ParentActivityId));
            Assert.DoesNotContain("s3cr3t-value", inner.AllText);
        }

        [Fact]
        public void Wrapping_twice_with_the_same_redactor_wraps_once()
        {
            var redactor = SecretRedactor.None;
            var once = redactor.Wrap(new RecordingOutput());

            Assert.Same(once, redactor.Wrap(once));
        }

        [Fact]
        public void Every_secret_of_the_sample_env_files_is_masked_in_the_entrypoints_echo()
        {
            var envs = Path.Combine(SampleStack.RepositoryRoot, "examples", "konnaxion", "backend", ".envs", ".local");
            var variables = DotEnvFile.Read(Path.Combine(envs, ".django")).Concat(DotEnvFile.Read(Path.Combine(envs, ".postgres"))).ToList();
            var redactor = new SecretRedactor(variables);

            var echoed = redactor.Redact("DATABASE_URL: postgres://kx_local_user:kx-local-sample-password@postgres:5432/konnaxion");

            Assert.Equal($"DATABASE_URL: postgres://kx_local_user:{Mask}@postgres:5432/konnaxion", echoed);
            Assert.Equal(Mask, redactor.Redact("local-sample-secret-key-not-for-production-0123456789abcdef"));
        }

        private static SecretRedactor Redactor(params (string Name, string Value)[] variables) =>
            new SecretRedactor(variables.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)));
    }
}
