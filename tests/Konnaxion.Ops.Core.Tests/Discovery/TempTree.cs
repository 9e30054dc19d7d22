using System;
using System.IO;

namespace Konnaxion.Ops.Tests.Discovery
{
    /// <summary>A uniquely named temporary folder, deleted with everything in it on dispose.</summary>
    internal sealed class TempTree : IDisposable
    {
        public TempTree()
        {
            Root = Path.Combine(Path.GetTempPath(), "kx-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
        }

        public string Root { get; }

        /// <summary>The absolute path of a relative one written with '/'.</summary>
        public string PathOf(string relative) =>
            Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

        public string Folder(string relative)
        {
            var path = PathOf(relative);
            Directory.CreateDirectory(path);
            return path;
        }

        public string File(string relative, string content = "services: {}\n")
        {
            var path = PathOf(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            System.IO.File.WriteAllText(path, content);
            return path;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover temp folder must not fail the test that made it.
            }
        }
    }
}
