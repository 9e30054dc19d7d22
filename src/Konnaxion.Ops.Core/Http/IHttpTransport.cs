using System;
using System.IO;
using System.Threading;

namespace Konnaxion.Ops.Http
{
    /// <summary>Opens fresh duplex byte streams to one server; the HTTP layer above decides when it needs one.</summary>
    internal interface IHttpTransport
    {
        /// <exception cref="Errors.KxException">The server cannot be reached, worded by the transport's <see cref="IConnectionErrors"/>.</exception>
        Stream Connect(TimeSpan timeout, CancellationToken cancellationToken);
    }
}
