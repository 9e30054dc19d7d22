using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using Konnaxion.Ops.PowerShell.Tests.Engine;
using Konnaxion.Ops.PowerShell.Tests.Hosting;

namespace Konnaxion.Ops.PowerShell.Tests.Runbook
{
    /// <summary>New-KxMigration and Invoke-KxMigrate on a model added to the copy, and the plan that must start nothing under -WhatIf.</summary>
    public abstract partial class RunbookTests
    {
        private const string BallotModel = "\n\nclass RunbookBallot(models.Model):\n    idea = models.ForeignKey(Idea, on_delete=models.CASCADE)\n    value = models.SmallIntegerField(\"valeur\")\n";

        private const string TallyModel = "\n\nclass RunbookTally(models.Model):\n    total = models.IntegerField(\"total\", default=0)\n";

        private string IdeasFolder => Path.Combine(Backend.Backend, "konnaxion", "ideas");

        private string[] IdeasMigrations() =>
            Directory.GetFiles(Path.Combine(IdeasFolder, "migrations"), "0*.py").Select(Path.GetFileNameWithoutExtension).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;

        [EngineFact]
        public void A_model_change_is_made_into_a_migration_on_the_host_planned_applied_and_piped_from_New_KxMigration()
        {
            using var session = NewSession();
            WithModelChanges(session, () =>
            {
                File.AppendAllText(Path.Combine(IdeasFolder, "models.py"), BallotModel);
                var existing = IdeasMigrations();

                var preview = Assert.Single(session.Invoke("New-KxMigration -DryRun"));
                Assert.Equal("ideas", Property(preview, "App"));
                Assert.Equal(true, Property(preview, "DryRun"));
                Assert.Equal(existing, IdeasMigrations());

                var made = Assert.Single(session.Invoke("New-KxMigration -App ideas -Name runbook_ballot"));
                Assert.Equal("Konnaxion.Ops.KxMigrationFile", made.BaseObject.GetType().FullName);
                Assert.Equal("ideas", Property(made, "App"));
                var name = (string)Property(made, "Name")!;
                Assert.Matches("^[0-9]{4}_runbook_ballot$", name);
                Assert.Equal(Path.Combine(IdeasFolder, "migrations", name + ".py"), Property(made, "Path"));
                Assert.True(File.Exists((string)Property(made, "Path")!));
                Assert.Contains("Create model RunbookBallot", Strings(Property(made, "Operations")));

                var plan = session.Invoke("Invoke-KxMigrate -Plan");
                var planned = Assert.Single(plan, step => (string)Property(step, "Name")! == name);
                Assert.Equal("Konnaxion.Ops.KxMigrationStep", planned.BaseObject.GetType().FullName);
                Assert.Equal("Planned", Property(planned, "Outcome")!.ToString());
                Assert.Equal(string.Empty, Backend.Sql("SELECT to_regclass('ideas_runbookballot')"));

                var applied = Assert.Single(session.Invoke("Invoke-KxMigrate"));
                Assert.Equal(("ideas", name, "Apply", "Applied"),
                    ((string)Property(applied, "App")!, (string)Property(applied, "Name")!, Property(applied, "Action")!.ToString(), Property(applied, "Outcome")!.ToString()));
                Assert.Equal("ideas_runbookballot", Backend.Sql("SELECT to_regclass('ideas_runbookballot')"));

                // The runbook's pipeline: the new file's App binds to Invoke-KxMigrate, which migrates that app.
                File.AppendAllText(Path.Combine(IdeasFolder, "models.py"), TallyModel);
                var piped = Assert.Single(session.Invoke("New-KxMigration | Invoke-KxMigrate"));
                Assert.Equal("Konnaxion.Ops.KxMigrationStep", piped.BaseObject.GetType().FullName);
                Assert.Equal("ideas", Property(piped, "App"));
                Assert.Equal(IdeasMigrations().Last(), Property(piped, "Name"));
                Assert.Equal("Applied", Property(piped, "Outcome")!.ToString());
                Assert.Equal("ideas_runbooktally", Backend.Sql("SELECT to_regclass('ideas_runbooktally')"));
            });
        }

        [EngineFact]
        public void Two_piped_objects_of_one_app_migrate_it_once()
        {
            using var session = NewSession();

            var run = session.Run("[pscustomobject]@{ App = 'ideas' }, [pscustomobject]@{ App = 'ideas' } | Invoke-KxMigrate -Verbose");

            RunbookSession.AssertSucceeded(run);
            Assert.Single(run.Verbose, v => v.Message == "ideas is migrated already in this pipeline.");
            Assert.Single(run.Information, i => i.MessageData.ToString() == "Operations to perform:");
        }

        [EngineFact]
        public void Invoke_KxMigrate_Plan_and_Check_with_WhatIf_show_the_command_line_and_start_no_container()
        {
            using var session = NewSession();
            foreach (var (parameter, action, arguments) in new[] { ("-Plan", "Plan migrations", "migrate --noinput --plan"), ("-Check", "Check for unapplied migrations", "migrate --noinput --check --plan") })
            {
                PowerShellRun? run = null;
                var created = Containers.CreatedDuring(Backend.ProjectName, () => run = session.Run($"Invoke-KxMigrate {parameter} -WhatIf"));

                Assert.Empty(created);
                Assert.Empty(run!.Output);
                var whatIf = Assert.Single(Regex.Matches(run.Shown, "^What if: .*$", RegexOptions.Multiline)).Value.TrimEnd();
                // The one-off container's name ends in a fresh random id each time; its owner is this process, which hosts the session.
                var owner = $"--label io.konnaxion-ops.owner.host={Environment.MachineName} --label io.konnaxion-ops.owner.pid={Environment.ProcessId} --label io.konnaxion-ops.owner.started=<time>";
                Assert.Equal($"What if: Performing the operation \"{action} [{LocalComposeLine} run --rm --name {Backend.ProjectName}-django-kx-<id> {owner} -T django python manage.py {arguments}]\" on target \"{Backend.ProjectName} (Local)\".",
                    Regex.Replace(Regex.Replace(whatIf, "-kx-[0-9a-f]+ ", "-kx-<id> "), @"owner\.started=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ", "owner.started=<time> "));
            }
        }

        /// <summary>
        /// Runs <paramref name="change"/>, which adds models to the ideas app and migrates them, then takes it all away
        /// again: rolls the app back to its newest migration before, deletes the new files, restores models.py.
        /// </summary>
        private void WithModelChanges(RunbookSession session, Action change)
        {
            var models = Path.Combine(IdeasFolder, "models.py");
            var original = File.ReadAllText(models);
            var before = IdeasMigrations();
            try
            {
                change();
            }
            finally
            {
                if (IdeasMigrations().Length > before.Length)
                {
                    session.Invoke($"Invoke-KxMigrate -App ideas -Target {before.Last()} -Force");
                    foreach (var added in IdeasMigrations().Except(before))
                    {
                        File.Delete(Path.Combine(IdeasFolder, "migrations", added + ".py"));
                    }
                }

                File.WriteAllText(models, original);
            }
        }
    }
}
