using System;
using System.Management.Automation;
using Konnaxion.Ops.Engine;

namespace Konnaxion.Ops.Commands.Infrastructure
{
    /// <summary>
    /// The engine connections every cmdlet call of this process rents, so that one call after another connects and
    /// negotiates the API version once. Idle ones close after a minute; Remove-Module closes them all.
    /// </summary>
    public sealed class ModuleConnections : IModuleAssemblyCleanup
    {
        private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

        private static readonly object Gate = new object();
        private static KxEnginePool? _pool;

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
