using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using Konnaxion.Ops.PowerShell.Tests.Engine;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Runbook
{
    /// <summary>New-KxSuperuser: a user that can log in, with a password that was nowhere but in the container's environment.</summary>
    public abstract partial class RunbookTests
    {
        [EngineFact]
        public void New_KxSuperuser_with_a_credential_makes_a_user_who_can_log_in_and_shows_the_password_nowhere()
        {
            using var session = NewSession();
            var (username, password) = NewUser();

            AssertCreatedSecretly(session, username, password,
                $"New-KxSuperuser -Credential ([pscredential]::new('{username}', (ConvertTo-SecureString '{password}' -AsPlainText -Force))) -Email {username}@example.com");
        }

        [EngineFact]
        public void New_KxSuperuser_without_a_password_asks_the_host_for_it_and_the_user_can_log_in_with_it()
        {
            using var session = NewSession();
            var (username, password) = NewUser();
            session.Screen.AnswerCredential(new PSCredential(username, new NetworkCredential(string.Empty, password).SecurePassword));

            var run = AssertCreatedSecretly(session, username, password, $"New-KxSuperuser -Username {username} -Email {username}@example.com");

            Assert.Equal("New-KxSuperuser", Assert.Single(run.Prompts).Caption);
        }

        [EngineFact]
        public void New_KxSuperuser_WhatIf_without_a_password_asks_nothing_and_creates_nobody()
        {
            using var session = NewSession();
            var (username, _) = NewUser();

            // The recording host fails a credential prompt it was not given an answer for.
            var run = RunbookSession.AssertSucceeded(session.Run($"New-KxSuperuser -Username {username} -Email {username}@example.com -WhatIf"));

            Assert.Empty(run.Prompts);
            Assert.Contains($"python manage.py createsuperuser --username {username} --email {username}@example.com --noinput", run.Shown);
            Assert.Equal("0", Backend.Sql($"SELECT count(*) FROM auth_user WHERE username = '{username}'"));
        }

        private static (string Username, string Password) NewUser() =>
            ("runbook-" + Guid.NewGuid().ToString("N").Substring(0, 8), "Kx-" + Guid.NewGuid().ToString("N"));

        /// <summary>
        /// Types the command line and asserts that it made the superuser, that the user logs in with the password, and
        /// that the password was in no stream, on no screen, in no container's configuration and on no process's argument list.
        /// </summary>
        private PowerShellRun AssertCreatedSecretly(RunbookSession session, string username, string password, string commandLine)
        {
            var arguments = new ProcessArguments();
            var run = RunbookSession.AssertSucceeded(session.Show(commandLine + " -OutVariable made"));
            var seen = arguments.Stop();

            Assert.Contains(username, run.Shown);
            Assert.DoesNotContain(password, run.Everything(), StringComparison.Ordinal);
            var user = Assert.Single(session.Invoke("$made"));
            Assert.Equal("Konnaxion.Ops.KxSuperuser", user.BaseObject.GetType().FullName);
            Assert.Equal((Backend.ProjectName, username, username + "@example.com"),
                ((string)Property(user, "Project")!, (string)Property(user, "Username")!, (string)Property(user, "Email")!));

            Assert.Contains(seen, a => a.Contains("createsuperuser", StringComparison.Ordinal));
            Assert.DoesNotContain(seen, a => a.Contains(password, StringComparison.Ordinal));
            var inspected = string.Join("\n", DockerCli.Run(new[] { "inspect" }.Concat(DockerCli.Containers(Backend.ProjectName)).ToList()));
            Assert.Contains(Backend.ProjectName, inspected);
            Assert.DoesNotContain(password, inspected, StringComparison.Ordinal);
            Assert.Equal("login True", LogIn(username, password));
            return run;
        }

        /// <summary>Asks Django in the running django container whether the superuser logs in with that password, which reaches it by environment only.</summary>
        private string LogIn(string username, string password)
        {
            var django = DockerCli.Containers(Backend.ProjectName, "django", all: false).Single();
            var check = $"import os; from django.contrib.auth import authenticate; u = authenticate(username='{username}', password=os.environ['KX_LOGIN_PASSWORD']); print('login', u is not None and u.is_superuser)";
            return DockerCli.Run(new[] { "exec", "-e", "KX_LOGIN_PASSWORD", django, "/entrypoint", "python", "manage.py", "shell", "--command", check },
                new Dictionary<string, string> { ["KX_LOGIN_PASSWORD"] = password }).Last();
        }
    }
}
