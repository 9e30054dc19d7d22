using System;

namespace Konnaxion.Ops
{
    /// <summary>A database backup file in the PostgreSQL service's backup folder (cookiecutter-django's maintenance scripts).</summary>
    public sealed class KxDatabaseBackup
    {
        public KxDatabaseBackup(string project, KxEnvironment environment, string service, string fileName, string path, DateTime? createdAt, string? size)
        {
            Project = project;
            Environment = environment;
            Service = service;
            FileName = fileName;
            Path = path;
            CreatedAt = createdAt;
            Size = size;
        }

        public string Project { get; }
        public KxEnvironment Environment { get; }

        /// <summary>The PostgreSQL service that holds the file.</summary>
        public string Service { get; }

        /// <summary>The name to give the restore script, for example backup_2024_05_01_12_00_00.sql.gz.</summary>
        public string FileName { get; }

        /// <summary>The file's path inside the service's container (/backups/…).</summary>
        public string Path { get; }

        /// <summary>When the backup was taken, read from its name as the container's clock wrote it (UTC unless the image sets TZ); null for another name.</summary>
        public DateTime? CreatedAt { get; }

        /// <summary>The size as the backups script's `ls -lh` printed it (for example 1.9K); null when it was not listed.</summary>
        public string? Size { get; }

        public override string ToString() => FileName;
    }
}
