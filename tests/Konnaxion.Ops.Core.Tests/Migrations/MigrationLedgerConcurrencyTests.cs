using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Konnaxion.Ops.Errors;
using Konnaxion.Ops.Migrations;
using Konnaxion.Ops.Tests.Discovery;

namespace Konnaxion.Ops.Tests.Migrations
{
    /// <summary>Two writers at once (a teammate and CI, two terminals) must not lose each other's entries.</summary>
    public sealed class MigrationLedgerConcurrencyTests
    {
        [Fact]
        public void A_writer_that_loaded_before_another_saved_keeps_the_other_writers_entry()
        {
            using var tree = new TempTree();
            var first = MigrationLedger.Load(tree.Root);
            var second = MigrationLedger.Load(tree.Root);

            first.Record(KxEnvironment.Local, "ideas", "0001_initial", "sha256:x");
            first.Save();
            second.Record(KxEnvironment.Local, "blog", "0001_initial", "sha256:y");
            second.Save();

            var read = MigrationLedger.Load(tree.Root);
            Assert.Equal("sha256:x", read.Find(KxEnvironment.Local, "ideas", "0001_initial"));
            Assert.Equal("sha256:y", read.Find(KxEnvironment.Local, "blog", "0001_initial"));
            Assert.Equal("sha256:x", second.Find(KxEnvironment.Local, "ideas", "0001_initial"));
        }

        [Fact]
        public void A_remove_by_one_writer_and_a_record_by_the_other_both_survive_in_either_order()
        {
            using var tree = new TempTree();
            var seed = MigrationLedger.Load(tree.Root);
            seed.Record(KxEnvironment.Local, "ideas", "0002_vote", "sha256:v");
            seed.Record(KxEnvironment.Local, "ideas", "0003_tag", "sha256:t");
            seed.Save();

            var removing = MigrationLedger.Load(tree.Root);
            var recording = MigrationLedger.Load(tree.Root);
            removing.Remove(KxEnvironment.Local, "ideas", "0002_vote");
            removing.Save();
            recording.Record(KxEnvironment.Production, "ideas", "0002_vote", "sha256:p");
            recording.Save();

            recording = MigrationLedger.Load(tree.Root);
            removing = MigrationLedger.Load(tree.Root);
            recording.Record(KxEnvironment.Local, "blog", "0001_initial", "sha256:b");
            recording.Save();
            removing.Remove(KxEnvironment.Local, "ideas", "0003_tag");
            removing.Save();

            var read = MigrationLedger.Load(tree.Root);
            Assert.Null(read.Find(KxEnvironment.Local, "ideas", "0002_vote"));
            Assert.Null(read.Find(KxEnvironment.Local, "ideas", "0003_tag"));
            Assert.Equal("sha256:p", read.Find(KxEnvironment.Production, "ideas", "0002_vote"));
            Assert.Equal("sha256:b", read.Find(KxEnvironment.Local, "blog", "0001_initial"));
        }

        [Fact]
        public void Parallel_writers_each_loading_recording_and_saving_keep_every_entry()
        {
            const int Writers = 4;
            const int SavesPerWriter = 25;
            using var tree = new TempTree();

            Parallel.For(0, Writers, new ParallelOptions { MaxDegreeOfParallelism = Writers }, writer =>
            {
                for (var save = 0; save < SavesPerWriter; save++)
                {
                    var ledger = MigrationLedger.Load(tree.Root);
                    ledger.Record(KxEnvironment.Local, "app" + writer, Name(save), "sha256:" + writer + "-" + save);
                    ledger.Save();
                }
            });

            var read = MigrationLedger.Load(tree.Root);
            var missing = Enumerable.Range(0, Writers)
                .SelectMany(writer => Enumerable.Range(0, SavesPerWriter).Select(save => (writer, save)))
                .Where(entry => read.Find(KxEnvironment.Local, "app" + entry.writer, Name(entry.save)) != "sha256:" + entry.writer + "-" + entry.save)
                .ToList();
            Assert.Empty(missing);
        }

        [Fact]
        public void A_lock_file_held_by_someone_else_fails_the_save_after_the_timeout_with_what_to_do()
        {
            using var tree = new TempTree();
            var ledger = MigrationLedger.Load(tree.Root);
            ledger.Record(KxEnvironment.Local, "ideas", "0001_initial", "sha256:x");
            Directory.CreateDirectory(Path.GetDirectoryName(ledger.LockPath)!);
            Assert.Equal(ledger.Path + ".lock", ledger.LockPath);

            using (new FileStream(ledger.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            {
                var error = Assert.Throws<KxException>(() => ledger.Save(TimeSpan.FromMilliseconds(300)));

                Assert.Equal((KxErrorIds.MigrationLedgerInvalid, KxErrorCategory.OperationTimeout, (object)ledger.LockPath),
                    (error.ErrorId, error.Category, error.TargetObject));
                Assert.Equal($"The migration ledger's lock file {ledger.LockPath} stayed held for 0.3 s: " +
                             "another Konnaxion.Ops command is recording migrations in this project.", error.Message);
                Assert.Equal($"Run the command again once the other one has finished; if no Konnaxion.Ops command is running, delete {ledger.LockPath}.",
                    error.RecommendedAction);
                Assert.IsAssignableFrom<IOException>(error.InnerException);
                Assert.False(File.Exists(ledger.Path));
                Assert.True(ledger.Changed);
            }

            ledger.Save(TimeSpan.FromMilliseconds(300));

            Assert.Equal("sha256:x", MigrationLedger.Load(tree.Root).Find(KxEnvironment.Local, "ideas", "0001_initial"));
            Assert.Equal(new[] { ledger.Path }, Directory.GetFiles(Path.GetDirectoryName(ledger.Path)!));
        }

        private static string Name(int save) => save.ToString("0000", System.Globalization.CultureInfo.InvariantCulture) + "_step";
    }
}
