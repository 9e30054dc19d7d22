using System;

namespace Konnaxion.Ops.Tests.Http
{
    /// <summary>A test of Unix sockets, /tmp/CoreFxPipe_* pipes or shell scripts; skipped on Windows.</summary>
    public sealed class UnixFactAttribute : FactAttribute
    {
        public UnixFactAttribute()
        {
            if (OperatingSystem.IsWindows())
            {
                Skip = "Needs Unix domain sockets and /bin/sh";
            }
        }
    }
}
