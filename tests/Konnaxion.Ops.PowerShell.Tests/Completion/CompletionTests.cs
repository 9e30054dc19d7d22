using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Completion
{
    /// <summary>
    /// Tab completion as PowerShell 7.6 runs it (CommandCompletion.CompleteInput on the session's runspace), on a small
    /// backend written to a temp folder: the local and production files have different services, so which file a
    /// completion read shows. No engine: completion reads files only.
    /// </summary>
    public sealed class CompletionTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "kxtest-completion-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        public CompletionTests()
        {
            Write("docker-compose.local.yml", "services:\n  django:\n    build: .\n  postgres:\n    image: postgres:16\n  worker:\n    build: .\n" +
                "  flower:\n    build: .\n    profiles: [monitoring]\n  mailpit:\n    image: axllent/mailpit\n    profiles: [tools, monitoring]\n");
            Write("docker-compose.production.yml", "services:\n  django:\n    build: .\n  postgres:\n    image: postgres:16\n  nginx:\n    image: nginx:1.27\n");
            Write("konnaxion/ideas/migrations/__init__.py", string.Empty);
            Write("konnaxion/ideas/migrations/0001_initial.py", string.Empty);
            Write("konnaxion/ideas/migrations/0002_vote.py", string.Empty);
            Write("konnaxion/ideas/migrations/0003_idea_created_at.py", string.Empty);
            Write("konnaxion/polls/migrations/__init__.py", string.Empty);
            // A folder with migration files but no package is no app to Django, nor to completion.
            Write("konnaxion/scratch/migrations/0001_initial.py", string.Empty);
        }

        [Fact]
        public void Service_completes_the_local_files_services_from_the_current_location()
        {
            using var session = new ModuleSession(_root);

            Assert.Equal(new[] { "django", "postgres", "worker" }, Complete(session, "Restart-KxService -Service "));
            Assert.Equal(new[] { "postgres" }, Complete(session, "Get-KxServiceStatus -Service po"));
        }

        [Fact]
        public void Service_completes_from_the_Path_and_Environment_given_before_it()
        {
            using var session = new ModuleSession(Path.GetTempPath());

            Assert.Equal(new[] { "django", "postgres", "nginx" }, Complete(session, $"Get-KxServiceStatus -Path {_root} -Environment Production -Service "));
            Assert.Equal(new[] { "django", "postgres", "worker" }, Complete(session, $"Wait-KxService -Path {_root} -Service "));
        }

        [Fact]
        public void Location_set_in_the_session_is_where_completion_looks()
        {
            using var session = new ModuleSession(Path.GetTempPath());
            Assert.Empty(Complete(session, "Restart-KxService -Service "));

            session.Invoke($"Set-Location '{Path.Combine(_root, "konnaxion")}'");

            Assert.Equal(new[] { "django", "postgres", "worker" }, Complete(session, "Restart-KxService -Service "));
        }

        [Fact]
        public void Profile_completes_the_files_profiles_and_Service_then_completes_their_services_too()
        {
            using var session = new ModuleSession(_root);

            Assert.Equal(new[] { "monitoring", "tools" }, Complete(session, "Invoke-KxBuild -Profile "));
            Assert.Equal(new[] { "django", "postgres", "worker", "mailpit" }, Complete(session, "Get-KxServiceStatus -Profile tools -Service "));
        }

        [Fact]
        public void App_completes_the_apps_that_have_a_migrations_package()
        {
            using var session = new ModuleSession(_root);

            Assert.Equal(new[] { "ideas", "polls" }, Complete(session, "Invoke-KxMigrate -App "));
            Assert.Equal(new[] { "ideas" }, Complete(session, $"New-KxMigration -Path {_root} -App i"));
        }

        [Fact]
        public void Target_completes_the_apps_migrations_newest_first_then_zero()
        {
            using var session = new ModuleSession(Path.GetTempPath());

            Assert.Equal(new[] { "0003_idea_created_at", "0002_vote", "0001_initial", "zero" },
                Complete(session, $"Invoke-KxMigrate -Path {_root} -Environment Local -App ideas -Target "));
            Assert.Equal(new[] { "zero" }, Complete(session, $"Invoke-KxMigrate -Path {_root} -App polls -Target "));
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);

        /// <summary>What Tab offers at the end of <paramref name="input"/>, in the order it offers it.</summary>
        private static IReadOnlyList<string> Complete(ModuleSession session, string input)
        {
            using var shell = System.Management.Automation.PowerShell.Create();
            shell.Runspace = session.Runspace;
            return CommandCompletion.CompleteInput(input, input.Length, new System.Collections.Hashtable(), shell)
                .CompletionMatches.Select(match => match.CompletionText).ToList();
        }

        private void Write(string relativePath, string text)
        {
            var path = Path.Combine(_root, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
    }
}
