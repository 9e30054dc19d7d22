using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Konnaxion.Ops.Compose;

namespace Konnaxion.Ops.Tests.Compose
{
    public sealed class DotEnvFileTests
    {
        private static void AssertValues(IReadOnlyDictionary<string, string> actual, params (string Key, string Value)[] expected) =>
            Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal).ToArray(),
                actual.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value)).ToArray());

        [Fact]
        public void ReadsACookiecutterDjangoEnvFile()
        {
            const string text = "# General\n" +
                                "# ------------------------------------------------------------------------------\n" +
                                "USE_DOCKER=yes\n" +
                                "IPYTHONDIR=/app/.ipython\n" +
                                "\n" +
                                "# Redis\n" +
                                "REDIS_URL=redis://redis:6379/0\n" +
                                "   \n" +
                                "  CELERY_FLOWER_USER=debug  \n";

            AssertValues(DotEnvFile.Parse(text),
                ("USE_DOCKER", "yes"),
                ("IPYTHONDIR", "/app/.ipython"),
                ("REDIS_URL", "redis://redis:6379/0"),
                ("CELERY_FLOWER_USER", "debug"));
        }

        [Fact]
        public void ReadsCrlfLines()
        {
            AssertValues(DotEnvFile.Parse("POSTGRES_HOST=postgres\r\nPOSTGRES_PORT=5432\r\n# comment\r\nPOSTGRES_DB=konnaxion\r\n"),
                ("POSTGRES_HOST", "postgres"),
                ("POSTGRES_PORT", "5432"),
                ("POSTGRES_DB", "konnaxion"));
        }

        [Fact]
        public void StripsExport()
        {
            AssertValues(DotEnvFile.Parse("export DJANGO_SETTINGS_MODULE=config.settings.local\nexport   TAG=1.0\nexporter=kept\n"),
                ("DJANGO_SETTINGS_MODULE", "config.settings.local"),
                ("TAG", "1.0"),
                ("exporter", "kept"));
        }

        [Fact]
        public void KeepsEqualsSignsInTheValue()
        {
            AssertValues(DotEnvFile.Parse("DATABASE_URL=postgres://u:p@db:5432/k?sslmode=require&x=y\nSECRET=abc==\n"),
                ("DATABASE_URL", "postgres://u:p@db:5432/k?sslmode=require&x=y"),
                ("SECRET", "abc=="));
        }

        [Fact]
        public void ReadsEmptyValues()
        {
            AssertValues(DotEnvFile.Parse("EMPTY=\nQUOTED_EMPTY=\"\"\nSINGLE_EMPTY=''\nSPACES=   \n"),
                ("EMPTY", string.Empty),
                ("QUOTED_EMPTY", string.Empty),
                ("SINGLE_EMPTY", string.Empty),
                ("SPACES", string.Empty));
        }

        [Fact]
        public void UnquotesValues()
        {
            const string text = "DOUBLE=\"a value with spaces\"\n" +
                                "SINGLE='it is $literal'\n" +
                                "NEWLINE=\"line1\\nline2\"\n" +
                                "SINGLE_NO_ESCAPES='line1\\nline2'\n" +
                                "ESCAPED_QUOTE=\"say \\\"bonjour\\\" please\"\n";

            AssertValues(DotEnvFile.Parse(text),
                ("DOUBLE", "a value with spaces"),
                ("SINGLE", "it is $literal"),
                ("NEWLINE", "line1\nline2"),
                ("SINGLE_NO_ESCAPES", "line1\\nline2"),
                ("ESCAPED_QUOTE", "say \"bonjour\" please"));
        }

        [Fact]
        public void DropsInlineCommentsOnlyAfterWhiteSpaceAndOutsideQuotes()
        {
            const string text = "PLAIN=value # a comment\n" +
                                "HASH=abc#def\n" +
                                "QUOTED=\"not # a comment\" # but this is\n" +
                                "SINGLE='# kept' # dropped\n" +
                                "COLOUR=#ff0000\n";

            AssertValues(DotEnvFile.Parse(text),
                ("PLAIN", "value"),
                ("HASH", "abc#def"),
                ("QUOTED", "not # a comment"),
                ("SINGLE", "# kept"),
                ("COLOUR", "#ff0000"));
        }

        [Fact]
        public void SkipsLinesWithoutAKeyAndLetTheLastDuplicateWin()
        {
            AssertValues(DotEnvFile.Parse("=no key\nJUST_A_WORD\nTAG=1\nTAG=2\n  # indented comment\n"),
                ("TAG", "2"));
        }

        [Fact]
        public void KeepsNonAsciiValues()
        {
            AssertValues(DotEnvFile.Parse("SITE_NAME=\"Konnaxion – Idées partagées 🌍\"\nCITY=Montréal\n"),
                ("SITE_NAME", "Konnaxion – Idées partagées 🌍"),
                ("CITY", "Montréal"));
        }

        [Fact]
        public void ReadsAUtf8FileFromDisk()
        {
            var path = Path.Combine(Path.GetTempPath(), "kx-tests-" + Guid.NewGuid().ToString("N") + ".env");
            try
            {
                File.WriteAllText(path, "CITY=Montréal\r\nexport TAG=\"1.0\"\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

                AssertValues(DotEnvFile.Read(path), ("CITY", "Montréal"), ("TAG", "1.0"));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
