using System;
using System.Collections.Generic;
using System.Linq;
using Konnaxion.Ops.Json;

namespace Konnaxion.Ops.Engine
{
    /// <summary>The `filters` query parameter of GET /containers/json for label conditions.</summary>
    internal static class LabelFilter
    {
        /// <summary>{"label":["key=value","key"]}, sorted so that equal filters give equal URLs.</summary>
        public static string ToJson(IReadOnlyDictionary<string, string?> labels)
        {
            var conditions = labels
                .OrderBy(label => label.Key, StringComparer.Ordinal)
                .Select(label => label.Value == null ? label.Key : label.Key + "=" + label.Value)
                .ToList();
            return JsonWriter.ObjectOfStringArrays(new[] { new KeyValuePair<string, IReadOnlyList<string>>("label", conditions) });
        }

        /// <summary>The JSON percent-encoded for a query string.</summary>
        public static string ToQueryValue(IReadOnlyDictionary<string, string?> labels) => Uri.EscapeDataString(ToJson(labels));
    }
}
