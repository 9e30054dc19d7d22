using System;
using System.Collections.Generic;

namespace Konnaxion.Ops.Json
{
    /// <summary>
    /// Typed reads of parsed JSON objects. A missing field or one of another type reads as absent: the documents read
    /// (the engine's responses above all) add and drop fields between versions, and a reader should not fail over a
    /// field it does not need.
    /// </summary>
    internal static class JsonFields
    {
        public static Dictionary<string, object?>? GetObject(this IReadOnlyDictionary<string, object?> json, string name) =>
            json.TryGetValue(name, out var value) ? value as Dictionary<string, object?> : null;

        public static List<object?>? GetArray(this IReadOnlyDictionary<string, object?> json, string name) =>
            json.TryGetValue(name, out var value) ? value as List<object?> : null;

        public static string? GetString(this IReadOnlyDictionary<string, object?> json, string name) =>
            json.TryGetValue(name, out var value) ? value as string : null;

        public static long? GetInteger(this IReadOnlyDictionary<string, object?> json, string name) =>
            json.TryGetValue(name, out var value) && value is long number ? number : (long?)null;

        public static bool GetBoolean(this IReadOnlyDictionary<string, object?> json, string name) =>
            json.TryGetValue(name, out var value) && value is bool flag && flag;

        /// <summary>A JSON object of strings, such as Labels; non-string values are skipped.</summary>
        public static IReadOnlyDictionary<string, string> GetStringMap(this IReadOnlyDictionary<string, object?> json, string name)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            var source = json.GetObject(name);
            if (source != null)
            {
                foreach (var pair in source)
                {
                    if (pair.Value is string text)
                    {
                        map[pair.Key] = text;
                    }
                }
            }

            return map;
        }
    }
}
