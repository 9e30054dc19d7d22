using System;
using System.IO;
using System.Threading;

namespace Konnaxion.Ops.Compose
{
    /// <summary>
    /// Parses a small compose document in memory on a thread-pool thread, once per process, so that the YAML reader,
    /// YamlDotNet and the compose parser are compiled (JIT) before the first real parse needs them: the module starts it as
    /// it is imported, since in PowerShell 7 that first parse was most of the first cmdlet call's time. It reads no file,
    /// writes nothing and keeps nothing; whatever happens in it is dropped, so it can neither fail an import nor show anything.
    /// </summary>
    public static class ComposeParseWarmUp
    {
        // The shapes the sample's files use: an anchor and a merge key, interpolation with defaults, lists and maps.
        private const string Document =
            "services:\n" +
            "  web: &web\n" +
            "    build:\n      context: .\n      args:\n        BASE: \"${KX_WARM_BASE:-base}\"\n" +
            "    image: warm_web\n" +
            "    depends_on:\n      - db\n" +
            "    ports:\n      - \"${KX_WARM_PORT:-8000}:8000\"\n" +
            "    command: /start\n" +
            "  db:\n" +
            "    image: warm_db\n" +
            "    healthcheck:\n      test: [\"CMD-SHELL\", \"true $$X\"]\n      interval: 2s\n" +
            "  worker:\n    <<: *web\n    ports: []\n";

        private static int _started;

        public static void Start()
        {
            if (Interlocked.Exchange(ref _started, 1) == 0)
            {
                ThreadPool.QueueUserWorkItem(_ => Run());
            }
        }

        /// <summary>The warm-up's parse itself; it reads no file.</summary>
        internal static ComposeFile Parse() =>
            ComposeFileParser.Parse(Document, Path.Combine(Path.GetTempPath(), "kx-warm-up", "docker-compose.yml"), _ => null);

        private static void Run()
        {
            try
            {
                Parse();
            }
            catch (Exception)
            {
                // Only a head start: the first real parse meets and reports whatever this one met.
            }
        }
    }
}
