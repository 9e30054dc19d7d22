using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Konnaxion.Ops.Json
{
    /// <summary>
    /// Writes the little JSON the module writes: strings (the migration ledger's too), string arrays (an exec's command
    /// and environment), objects of string arrays (the filters parameter), and nested values (a Swarm service spec).
    /// </summary>
    internal static class JsonWriter
    {
        /// <summary>{"key":["a","b"],...} in the dictionary's order.</summary>
        public static string ObjectOfStringArrays(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> properties)
        {
            var builder = new StringBuilder("{");
            var firstProperty = true;
            foreach (var property in properties)
            {
                if (!firstProperty)
                {
                    builder.Append(',');
                }

                firstProperty = false;
                AppendString(builder, property.Key);
                builder.Append(':');
                AppendStringArray(builder, property.Value);
            }

            return builder.Append('}').ToString();
        }

        /// <summary>
        /// A value made of dictionaries with string keys (objects, in their order), other enumerables (arrays), strings,
        /// booleans, integers and null; anything else is a programming error.
        /// </summary>
        public static string Value(object? value)
        {
            var builder = new StringBuilder();
            AppendValue(builder, value);
            return builder.ToString();
        }

        private static void AppendValue(StringBuilder builder, object? value)
        {
            switch (value)
            {
                case null:
                    builder.Append("null");
                    break;
                case string text:
                    AppendString(builder, text);
                    break;
                case bool flag:
                    builder.Append(flag ? "true" : "false");
                    break;
                case int number:
                    builder.Append(number.ToString(CultureInfo.InvariantCulture));
                    break;
                case long number:
                    builder.Append(number.ToString(CultureInfo.InvariantCulture));
                    break;
                case IDictionary properties:
                    builder.Append('{');
                    var firstProperty = true;
                    foreach (DictionaryEntry property in properties)
                    {
                        if (!firstProperty)
                        {
                            builder.Append(',');
                        }

                        firstProperty = false;
                        AppendString(builder, (string)property.Key);
                        builder.Append(':');
                        AppendValue(builder, property.Value);
                    }

                    builder.Append('}');
                    break;
                case IEnumerable items:
                    builder.Append('[');
                    var firstItem = true;
                    foreach (var item in items)
                    {
                        if (!firstItem)
                        {
                            builder.Append(',');
                        }

                        firstItem = false;
                        AppendValue(builder, item);
                    }

                    builder.Append(']');
                    break;
                default:
                    throw new ArgumentException($"JsonWriter cannot write a {value.GetType().Name}.", nameof(value));
            }
        }

        /// <summary>["a","b"].</summary>
        public static string StringArray(IEnumerable<string> values)
        {
            var builder = new StringBuilder();
            AppendStringArray(builder, values);
            return builder.ToString();
        }

        private static void AppendStringArray(StringBuilder builder, IEnumerable<string> values)
        {
            builder.Append('[');
            var first = true;
            foreach (var value in values)
            {
                if (!first)
                {
                    builder.Append(',');
                }

                first = false;
                AppendString(builder, value);
            }

            builder.Append(']');
        }

        /// <summary>A JSON string literal, quotes included.</summary>
        public static string String(string value)
        {
            var builder = new StringBuilder();
            AppendString(builder, value);
            return builder.ToString();
        }

        private static void AppendString(StringBuilder builder, string value)
        {
            builder.Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    case '\b': builder.Append("\\b"); break;
                    case '\f': builder.Append("\\f"); break;
                    default:
                        if (c < ' ')
                        {
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            builder.Append('"');
        }
    }
}
