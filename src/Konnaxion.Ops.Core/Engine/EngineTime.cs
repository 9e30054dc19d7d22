using System;
using System.Globalization;

namespace Konnaxion.Ops.Engine
{
    /// <summary>The engine's timestamps: RFC 3339 with up to nine fractional digits, Go's zero time meaning "never".</summary>
    internal static class EngineTime
    {
        /// <summary>Null for an empty value or Go's zero time 0001-01-01T00:00:00Z.</summary>
        /// <exception cref="EngineProtocolException">The text is not an RFC 3339 timestamp.</exception>
        public static DateTimeOffset? Parse(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            var value = text!;
            // DateTimeOffset parses at most seven fractional digits (100 ns ticks); the engine writes nine.
            var dot = value.IndexOf('.');
            if (dot >= 0)
            {
                var end = dot + 1;
                while (end < value.Length && value[end] >= '0' && value[end] <= '9')
                {
                    end++;
                }

                var digits = end - dot - 1;
                if (digits > 7)
                {
                    value = value.Substring(0, dot + 8) + value.Substring(end);
                }
            }

            if (!DateTimeOffset.TryParseExact(value, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out var parsed)
                || !HasZone(value))
            {
                throw new EngineProtocolException($"'{text}' is not an RFC 3339 timestamp.");
            }

            return parsed.Year == 1 ? (DateTimeOffset?)null : parsed;
        }

        // K also accepts no zone at all, which RFC 3339 forbids and which would silently mean local time.
        private static bool HasZone(string value) =>
            value.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || (value.Length > 6 && (value[value.Length - 6] == '+' || value[value.Length - 6] == '-'));
    }
}
