using System.Collections.Generic;
using System.Globalization;

namespace Konnaxion.Ops.Compose
{
    /// <summary>
    /// The short port syntax, <c>[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]</c> with port ranges, expanded to one
    /// port per container port as compose does (docker's nat.ParsePortSpec).
    /// </summary>
    internal static class ComposePortSyntax
    {
        public const string DefaultProtocol = "tcp";

        /// <summary>The ports the spec stands for, or null when it is not a port spec.</summary>
        public static IReadOnlyList<ComposePort>? Parse(string spec)
        {
            var protocol = DefaultProtocol;
            var slash = spec.LastIndexOf('/');
            if (slash >= 0)
            {
                protocol = spec.Substring(slash + 1).ToLowerInvariant();
                spec = spec.Substring(0, slash);
            }

            // The container port is the last part, the published one the part before; all before that is the IP,
            // which keeps its own colons (IPv6, in brackets or not).
            var lastColon = spec.LastIndexOf(':');
            var targetText = spec.Substring(lastColon + 1);
            string? publishedText = null;
            string? hostIp = null;
            if (lastColon >= 0)
            {
                var head = spec.Substring(0, lastColon);
                var ipColon = head.LastIndexOf(':');
                publishedText = head.Substring(ipColon + 1);
                hostIp = ipColon >= 0 ? head.Substring(0, ipColon).TrimStart('[').TrimEnd(']') : null;
            }

            if (protocol.Length == 0 || !TryRange(targetText, out var targetStart, out var targetEnd) || hostIp?.Length == 0)
            {
                return null;
            }

            var hostStart = 0;
            var hostEnd = 0;
            var hasPublished = !string.IsNullOrEmpty(publishedText);
            if (hasPublished && !TryRange(publishedText!, out hostStart, out hostEnd))
            {
                return null;
            }

            var count = targetEnd - targetStart + 1;
            var hostCount = hostEnd - hostStart + 1;
            if (hasPublished && count > 1 && hostCount != count)
            {
                return null;
            }

            var ports = new List<ComposePort>(count);
            for (var i = 0; i < count; i++)
            {
                // One container port published on a host range keeps the range: the engine picks a free port in it.
                var published = !hasPublished ? null
                    : count == 1 ? publishedText
                    : (hostStart + i).ToString(CultureInfo.InvariantCulture);
                ports.Add(new ComposePort(hostIp, targetStart + i, published, protocol));
            }

            return ports;
        }

        /// <summary>A port ("8000") or an inclusive range ("8000-8001").</summary>
        public static bool TryRange(string text, out int start, out int end)
        {
            var dash = text.IndexOf('-');
            if (dash < 0)
            {
                end = 0;
                return TryPort(text, out start) && TryPort(text, out end);
            }

            end = 0;
            return TryPort(text.Substring(0, dash), out start) && TryPort(text.Substring(dash + 1), out end) && end >= start;
        }

        private static bool TryPort(string text, out int port) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;
    }
}
