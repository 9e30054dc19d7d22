using System.IO;
using System.Text;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Tests.Discovery;

namespace Konnaxion.Ops.Tests.Migrations
{
    public sealed class MigrationLedgerTests
    {
        private const string Migration = "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = []\n";

        [Fact]
        public void A_crlf_checkout_has_the_checksum_of_the_lf_file_and_any_other_change_does_not()
        {
            using var tree = new TempTree();
            var lf = tree.File("lf.py", Migration);
            var crlf = tree.File("crlf.py", Migration.Replace("\n", "\r\n"));
            var edited = tree.File("edited.py", Migration + "# edited\n");
            var loneCarriageReturns = tree.File("cr.py", Migration.Replace("\n", "\r"));

            Assert.Equal(MigrationLedger.Checksum(lf), MigrationLedger.Checksum(crlf));
            Assert.NotEqual(MigrationLedger.Checksum(lf), MigrationLedger.Checksum(edited));
            Assert.NotEqual(MigrationLedger.Checksum(lf), MigrationLedger.Checksum(loneCarriageReturns));
            Assert.Equal("sha256:5fc36f7dc6d77b49cabeb5a3b1f2129942a966f56b8d14f8e2ec63b8daa8740c", MigrationLedger.Checksum(lf));
        }

        [Fact]
        public void Saves_sorted_one_line_per_migration_per_environment_and_reads_it_back()
        {
            using var tree = new TempTree();
            var ledger = MigrationLedger.Load(tree.Root);
            Assert.False(File.Exists(ledger.Path));
            ledger.Record(KxEnvironment.Production, "ideas", "0001_initial", "sha256:p1");
            ledger.Record(KxEnvironment.Local, "ideas", "0002_vote", "sha256:l2");
            ledger.Record(KxEnvironment.Local, "blog", "0001_initial", "sha256:b1");
            ledger.Record(KxEnvironment.Local, "ideas", "0001_initial", "sha256:l1");
            Assert.True(ledger.Changed);

            ledger.Save();

            Assert.False(ledger.Changed);
            Assert.Equal(Path.Combine(tree.Root, ".konnaxion-ops", "migrations.ledger.json"), ledger.Path);
            var text = File.ReadAllText(ledger.Path, Encoding.UTF8);
            Assert.EndsWith(
                "  \"version\": 1,\n" +
                "  \"environments\": {\n" +
                "    \"local\": {\n" +
                "      \"blog.0001_initial\": \"sha256:b1\",\n" +
                "      \"ideas.0001_initial\": \"sha256:l1\",\n" +
                "      \"ideas.0002_vote\": \"sha256:l2\"\n" +
                "    },\n" +
                "    \"production\": {\n" +
                "      \"ideas.0001_initial\": \"sha256:p1\"\n" +
                "    }\n" +
                "  }\n" +
                "}\n", text);
            Assert.StartsWith("{\n  \"about\": \"Konnaxion.Ops migration ledger: ", text);
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(ledger.Path)!));
            Assert.NotEqual(0xEF, File.ReadAllBytes(ledger.Path)[0]);

            var read = MigrationLedger.Load(tree.Root);
            Assert.Equal("sha256:l1", read.Find(KxEnvironment.Local, "ideas", "0001_initial"));
            Assert.Equal("sha256:p1", read.Find(KxEnvironment.Production, "ideas", "0001_initial"));
            Assert.Null(read.Find(KxEnvironment.Production, "ideas", "0002_vote"));
            Assert.False(read.Changed);
        }

        [Fact]
        public void Recording_the_same_checksum_changes_nothing_and_removing_a_rolled_back_migration_keeps_the_other_environment()
        {
            using var tree = new TempTree();
            var ledger = MigrationLedger.Load(tree.Root);
            ledger.Record(KxEnvironment.Local, "ideas", "0002_vote", "sha256:a");
            ledger.Record(KxEnvironment.Production, "ideas", "0002_vote", "sha256:a");
            ledger.Save();

            ledger.Record(KxEnvironment.Local, "ideas", "0002_vote", "sha256:a");
            Assert.False(ledger.Changed);
            ledger.Remove(KxEnvironment.Local, "ideas", "0003_absent");
            Assert.False(ledger.Changed);
            ledger.Remove(KxEnvironment.Local, "ideas", "0002_vote");
            Assert.True(ledger.Changed);
            ledger.Save();

            var read = MigrationLedger.Load(tree.Root);
            Assert.Null(read.Find(KxEnvironment.Local, "ideas", "0002_vote"));
            Assert.Equal("sha256:a", read.Find(KxEnvironment.Production, "ideas", "0002_vote"));
            Assert.DoesNotContain("\"local\"", File.ReadAllText(read.Path));
        }

        [Theory]
        [InlineData("{ not json")]
        [InlineData("[]")]
        [InlineData("{\"version\": 2, \"environments\": {}}")]
        [InlineData("{\"version\": 1, \"environments\": {\"local\": {\"ideas.0001_initial\": 5}}}")]
        public void An_unreadable_ledger_is_reported_with_how_to_restore_it(string content)
        {
            using var tree = new TempTree();
            var path = tree.File(".konnaxion-ops/migrations.ledger.json", content);

            var error = Assert.Throws<KxException>(() => MigrationLedger.Load(tree.Root));

            Assert.Equal((KxErrorIds.MigrationLedgerInvalid, KxErrorCategory.InvalidData, (object)path), (error.ErrorId, error.Category, error.TargetObject));
            Assert.StartsWith($"The migration ledger {path} cannot be read: ", error.Message);
            Assert.Equal("Restore it from version control (git checkout -- .konnaxion-ops/migrations.ledger.json), or delete it to start a new one.",
                error.RecommendedAction);
        }
    }
}
