using System;
using Konnaxion.Ops.Postgres;

namespace Konnaxion.Ops.Tests.Postgres
{
    public sealed class MaintenanceOutputTests
    {
        private const string Esc = "\u001b";

        [Fact]
        public void Reads_the_file_the_backup_script_created_through_its_colours()
        {
            var created = MaintenanceOutput.ReadCreated(new[]
            {
                $"{Esc}[1mBacking up the 'konnaxion' database...{Esc}[0m",
                $"{Esc}[32mSUCCESS{Esc}[0m: 'konnaxion' database backup 'backup_2024_05_01_12_00_07.sql.gz' has been created and placed in '/backups'.",
            });

            Assert.Equal(("backup_2024_05_01_12_00_07.sql.gz", "/backups"), created);
        }

        [Fact]
        public void A_backup_script_that_reported_no_file_created_none_and_its_error_line_says_why()
        {
            var stdout = new[]
            {
                $"{Esc}[1mBacking up the 'konnaxion' database...{Esc}[0m",
                $"{Esc}[31mERROR{Esc}[0m: Backing up as 'postgres' user is not supported. Assign 'POSTGRES_USER' env with another one and try again.",
            };

            Assert.Null(MaintenanceOutput.ReadCreated(stdout));
            Assert.Equal("Backing up as 'postgres' user is not supported. Assign 'POSTGRES_USER' env with another one and try again.", MaintenanceOutput.ReadError(stdout));
            Assert.Null(MaintenanceOutput.ReadError(new[] { "all fine" }));
        }

        [Fact]
        public void Reads_the_listing_of_the_backups_script_newest_first_with_sizes()
        {
            var listing = MaintenanceOutput.ReadListing(new[]
            {
                $"{Esc}[1mThese are the backups you have got:{Esc}[0m",
                "total 12K",
                "-rw-r--r-- 1 root root 2.1K May  1 12:00 backup_2024_05_01_12_00_07.sql.gz",
                "-rw-r--r-- 1 root root  512 Apr 30  2023 backup_2023_04_30T09_15_00.sql.gz",
                "drwxr-xr-x 2 root root 4.0K Apr 30  2023 old",
                "-rw-r--r-- 1 postgres postgres 1.0M Apr 29 08:00 manual copy.sql.gz",
            });

            Assert.Equal(new[]
            {
                ("backup_2024_05_01_12_00_07.sql.gz", "2.1K"),
                ("backup_2023_04_30T09_15_00.sql.gz", "512"),
                ("manual copy.sql.gz", "1.0M"),
            }, listing);
        }

        [Theory]
        [InlineData("backup_2024_05_01_12_00_07.sql.gz", "2024-05-01T12:00:07")]
        [InlineData("backup_2024_05_01T12_00_07.sql.gz", "2024-05-01T12:00:07")]
        [InlineData("nightly_2023_12_31_23_59_59.sql.gz", "2023-12-31T23:59:59")]
        public void Reads_when_a_backup_was_taken_from_its_name_with_or_without_the_T(string fileName, string taken)
        {
            Assert.Equal(DateTime.Parse(taken, System.Globalization.CultureInfo.InvariantCulture), MaintenanceOutput.ReadTimestamp(fileName));
        }

        [Theory]
        [InlineData("manual copy.sql.gz")]
        [InlineData("backup_2024_13_01_12_00_07.sql.gz")]
        public void A_name_without_a_valid_timestamp_has_none(string fileName)
        {
            Assert.Null(MaintenanceOutput.ReadTimestamp(fileName));
        }
    }
}
