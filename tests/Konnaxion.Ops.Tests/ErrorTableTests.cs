using System.IO;
using System.Linq;

namespace Konnaxion.Ops.Commands.Tests
{
    public sealed class ErrorTableTests
    {
        [Fact]
        public void Every_ErrorId_has_a_row_with_the_categories_it_is_raised_with()
        {
            var sources = Directory.GetFiles(Path.Combine(ModuleBuild.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
                .Select(File.ReadAllText);

            var raised = ErrorTable.RaisedIn(sources);

            Assert.Contains(("ServiceNotFound", "ObjectNotFound"), raised);
            Violations.AssertNone(ErrorTable.Violations(ErrorTable.Read(File.ReadAllText(ModuleBuild.Readme)), ModuleBuild.Module.ErrorIds, raised));
        }

        [Fact]
        public void The_error_table_rule_catches_a_missing_row_a_stale_row_and_a_missing_category()
        {
            var markdown = "Text.\n\n" + ErrorTable.Header + "\n| --- | --- | --- | --- |\n" +
                           "| `ProjectNotFound` | ObjectNotFound | No compose file. | Give -Path. |\n" +
                           "| `ServiceNotFound` | ObjectNotFound | Unknown service. | Use one listed. |\n" +
                           "| `RemovedLongAgo` | InvalidData | Never. | Nothing. |\n";
            var raised = ErrorTable.RaisedIn(new[]
            {
                "throw new KxException(KxErrorIds.ServiceNotFound, KxErrorCategory.ObjectNotFound, name, \"…\");",
                "throw new KxException(KxErrorIds.ProjectNotFound,\n    KxErrorCategory.InvalidArgument, start, \"…\");",
            });

            var violations = ErrorTable.Violations(ErrorTable.Read(markdown), new[] { "ProjectNotFound", "ServiceNotFound", "BackupFailed" }, raised);

            Assert.Equal(new[]
            {
                "BackupFailed has no row in the error table",
                "RemovedLongAgo is in the error table but not in KxErrorIds",
                "ProjectNotFound is raised as InvalidArgument, which its row does not list",
            }, violations);
        }
    }
}
