using System;
using System.IO;
using System.Net;
using System.Net.Sockets;

namespace Konnaxion.Ops.Testing
{
    /// <summary>
    /// What the engine tests of both test projects do to give each stack a private copy of the sample backend:
    /// copy a folder with its file modes (the sample's scripts must stay executable) and find a free host port.
    /// </summary>
    internal static class SampleCopy
    {
        public static void CopyDirectory(string source, string target)
        {
            foreach (var directory in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
            {
                Directory.CreateDirectory(directory.Replace(source, target, StringComparison.Ordinal));
            }

            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                var copy = file.Replace(source, target, StringComparison.Ordinal);
                File.Copy(file, copy);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(copy, File.GetUnixFileMode(file));
                }
            }
        }

        public static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
