using System;
using System.Management.Automation;
using Konnaxion.Ops.Compose;
using Konnaxion.Ops.Django;
using Konnaxion.Ops.Engine;

namespace Konnaxion.Ops.Commands.Infrastructure
{
    /// <summary>
    /// What one cmdlet call of this process keeps for the next: the engine connections it rents, so that one call after
    /// another connects and negotiates the API version once (idle ones close after a minute; Remove-Module closes them
    /// all), the parsed compose files, reused while a file and its variables are unchanged, and the environments
    /// running containers' entrypoints set up, for manage.py in the running container.
    /// </summary>
    public sealed class ModuleCaches : IModuleAssemblyCleanup
    {
        private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

        private static readonly object Gate = new object();
        private static KxEnginePool? _pool;

        /// <summary>Thread-safe, like the pool: every runspace of the process shares it.</summary>
        internal static ComposeFileCache ComposeFiles { get; } = new ComposeFileCache();

        /// <summary>Thread-safe too; secrets, so in memory only.</summary>
        internal static EntrypointEnvironmentCache EntrypointEnvironments { get; } = new EntrypointEnvironmentCache();

        /// <summary>The pool, made again after a Remove-Module and Import-Module in the same process.</summary>
        internal static KxEnginePool Pool
        {
            get
            {
                lock (Gate)
                {
                    return _pool ??= new KxEnginePool(IdleTimeout);
                }
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            lock (Gate)
            {
                _pool?.Dispose();
                _pool = null;
            }
        }
    }
}
