using System.IO;
using System.Management.Automation;
using Konnaxion.Ops.PowerShell.Tests.Engine;

namespace Konnaxion.Ops.PowerShell.Tests.Runbook
{
    /// <summary>Against production a change asks first (ShouldContinue) unless -Force, and makemigrations is refused.</summary>
    public abstract partial class RunbookTests
    {
        private string Production => $"-Environment Production -ProjectName {Backend.ProductionProjectName}";

        [EngineFact]
        public void A_production_restart_asks_first_No_runs_nothing_Yes_runs_it_and_Force_does_not_ask()
        {
            Backend.StartProduction();
            using var session = NewSession();
            var started = Containers.StartedAt(Backend.ProductionProjectName, "django");

            session.Screen.AnswerChoice("No");
            var refused = session.Run($"Restart-KxService {Production}");
            var question = Assert.Single(refused.Prompts);
            Assert.Equal("Confirm production change", question.Caption);
            Assert.Contains("PRODUCTION", question.Message);
            Assert.Contains("restart django", question.Message);
            RunbookSession.AssertSucceeded(refused);
            Assert.Empty(refused.Output);
            Assert.Equal(started, Containers.StartedAt(Backend.ProductionProjectName, "django"));

            session.Screen.AnswerChoice("Yes");
            var agreed = Assert.Single(session.Invoke($"Restart-KxService {Production}"));
            Assert.Equal("django", Property(agreed, "Service"));
            var restarted = Containers.StartedAt(Backend.ProductionProjectName, "django");
            Assert.True(restarted > started, "Answered Yes, the production django was not restarted.");

            // The recording host fails any prompt it was not told to expect, so -Force passing proves it asked nothing.
            var forced = session.Run($"Restart-KxService {Production} -Force");
            RunbookSession.AssertSucceeded(forced);
            Assert.Empty(forced.Prompts);
            Assert.Equal("django", Property(Assert.Single(forced.Output), "Service"));
            Assert.True(Containers.StartedAt(Backend.ProductionProjectName, "django") > restarted, "With -Force, the production django was not restarted.");
        }

        [EngineFact]
        public void New_KxMigration_against_production_is_refused_with_MakeMigrationsRefusedInProduction()
        {
            using var session = NewSession();

            var run = session.Run($"New-KxMigration {Production}");

            AssertError(run.Error, "MakeMigrationsRefusedInProduction", ErrorCategory.InvalidOperation,
                Path.Combine(Backend.Backend, "docker-compose.production.yml"));
            Assert.Empty(run.Output);
            Assert.Empty(run.Prompts);
        }
    }
}
