using System;
using System.Collections.Generic;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Commands.Infrastructure
{
    /// <summary>
    /// Which failures end a cmdlet and which let it go on, as PowerShell's guidelines have it: an error about one object
    /// of pipeline input is written and the cmdlet goes on with the next object; anything that stops all further work
    /// (no project, no engine, no compose, a command that failed) terminates. README.md's error table says which is which.
    /// </summary>
    internal static class ErrorPolicy
    {
        /// <summary>Errors about one service: when services come down the pipeline, the next one may well be fine.</summary>
        private static readonly HashSet<string> AboutOneService = new HashSet<string>(StringComparer.Ordinal)
        {
            KxErrorIds.ServiceNotFound,
            KxErrorIds.ServiceExited,
            KxErrorIds.ServiceUnhealthy,
            KxErrorIds.ServiceRestartLoop,
            KxErrorIds.ServiceWaitTimeout,
        };

        public static bool ConcernsOnePipedObject(string errorId) => AboutOneService.Contains(errorId);
    }
}
