using System;
using System.Collections.Generic;
using System.Text;

namespace Konnaxion.Ops.Http
{
    /// <summary>One HTTP/1.x response with its body fully read.</summary>
    internal sealed class HttpResponse
    {
        public HttpResponse(int statusCode, string reasonPhrase, IReadOnlyDictionary<string, string> headers, byte[] body, bool keepAlive)
        {
            StatusCode = statusCode;
            ReasonPhrase = reasonPhrase;
            Headers = headers;
            Body = body;
            KeepAlive = keepAlive;
        }

        public int StatusCode { get; }

        public string ReasonPhrase { get; }

        /// <summary>Names compare case-insensitively; repeated headers are joined with ", " as RFC 9110 allows.</summary>
        public IReadOnlyDictionary<string, string> Headers { get; }

        public byte[] Body { get; }

        /// <summary>Whether the server left the connection open for another request.</summary>
        public bool KeepAlive { get; }

        public bool IsSuccess => StatusCode >= 200 && StatusCode <= 299;

        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

        public string BodyText() => Encoding.UTF8.GetString(Body);

        internal static Dictionary<string, string> NewHeaderDictionary() => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    }
}
