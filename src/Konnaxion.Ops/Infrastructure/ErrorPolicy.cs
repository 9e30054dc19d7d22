using System;
using System.Collections.Generic;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Commands.Infrastructure
{
    /// <summary>
    /// Which failures end a cmdlet and which let it go on, as PowerShell's guidelines have it: an error about one object
    /// of pipeline input is written and the cmdlet goes on with the next object; anything that stops all further work
    /// (no project, no engine, no compose, a command that failed) terminates. README.md's Errors section says which is which.
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

        /// <summary>Errors about one project: when folders come down the pipeline (Get-ChildItem -Directory | ...), the next one may be a backend.</summary>
        private static readonly HashSet<string> AboutOneProject = new HashSet<string>(StringComparer.Ordinal)
        {
            KxErrorIds.ProjectNotFound,
            KxErrorIds.ComposeFileInvalid,
            KxErrorIds.EnvFileMissing,
        };

        /// <param name="errorId">The KxErrorIds value raised.</param>
        /// <param name="pathPiped">The project's folder came from the pipeline, not from -Path or the current location.</param>
        public static bool ConcernsOnePipedObject(string errorId, bool pathPiped) =>
            AboutOneService.Contains(errorId) || (pathPiped && AboutOneProject.Contains(errorId));
    }
}
