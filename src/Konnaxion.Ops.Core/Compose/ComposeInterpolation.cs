using System;
using System.Text;
using Konnaxion.Ops.Errors;

namespace Konnaxion.Ops.Compose
{
    /// <summary>
    /// Compose's variable substitution: <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>,
    /// <c>${VAR:?error}</c>, <c>${VAR?error}</c>, <c>${VAR:+alt}</c>, <c>${VAR+alt}</c> and <c>$$</c>, with nested
    /// defaults as compose v2 resolves them.
    /// </summary>
    public static class ComposeInterpolation
    {
        public static string Interpolate(string value, Func<string, string?> lookup, string location)
        {
            if (value.IndexOf('$') < 0)
            {
                return value;
            }

            var result = new StringBuilder(value.Length);
            var i = 0;
            while (i < value.Length)
            {
                var c = value[i];
                if (c != '$' || i + 1 >= value.Length)
                {
                    result.Append(c);
                    i++;
                    continue;
                }

                var next = value[i + 1];
                if (next == '$')
                {
                    result.Append('$');
                    i += 2;
                }
                else if (next == '{')
                {
                    var close = FindClosingBrace(value, i + 2);
                    if (close < 0)
                    {
                        throw Invalid(location, $"unclosed '${{' in \"{value}\"");
                    }

                    result.Append(Substitute(value.Substring(i + 2, close - i - 2), lookup, location));
                    i = close + 1;
                }
                else if (IsNameStart(next))
                {
                    var end = i + 1;
                    while (end < value.Length && IsNamePart(value[end]))
                    {
                        end++;
                    }

                    result.Append(lookup(value.Substring(i + 1, end - i - 1)) ?? string.Empty);
                    i = end;
                }
                else
                {
                    result.Append(c);
                    i++;
                }
            }

            return result.ToString();
        }

        private static string Substitute(string expression, Func<string, string?> lookup, string location)
        {
            var nameEnd = 0;
            while (nameEnd < expression.Length && IsNamePart(expression[nameEnd]))
            {
                nameEnd++;
            }

            var name = expression.Substring(0, nameEnd);
            if (name.Length == 0 || !IsNameStart(name[0]))
            {
                throw Invalid(location, $"invalid variable reference '${{{expression}}}'");
            }

            var value = lookup(name);
            if (nameEnd == expression.Length)
            {
                return value ?? string.Empty;
            }

            var colon = expression[nameEnd] == ':';
            var operatorIndex = colon ? nameEnd + 1 : nameEnd;
            if (operatorIndex >= expression.Length)
            {
                throw Invalid(location, $"invalid variable reference '${{{expression}}}'");
            }

            var op = expression[operatorIndex];
            var argument = expression.Substring(operatorIndex + 1);
            var isSet = colon ? !string.IsNullOrEmpty(value) : value != null;
            switch (op)
            {
                case '-':
                    return isSet ? value! : Interpolate(argument, lookup, location);
                case '+':
                    return isSet ? Interpolate(argument, lookup, location) : string.Empty;
                case '?':
                    if (!isSet)
                    {
                        throw Invalid(location, $"required variable {name} is missing a value: {argument}");
                    }

                    return value!;
                default:
                    throw Invalid(location, $"invalid variable reference '${{{expression}}}'");
            }
        }

        private static int FindClosingBrace(string value, int start)
        {
            var depth = 1;
            for (var i = start; i < value.Length; i++)
            {
                if (value[i] == '{' && i > 0 && value[i - 1] == '$')
                {
                    depth++;
                }
                else if (value[i] == '}' && --depth == 0)
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool IsNameStart(char c) => c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

        private static bool IsNamePart(char c) => IsNameStart(c) || (c >= '0' && c <= '9');

        private static KxException Invalid(string location, string problem) =>
            new KxException(KxErrorIds.ComposeFileInvalid, KxErrorCategory.InvalidData, location,
                $"Cannot interpolate {location}: {problem}.",
                "Fix the variable reference in the compose file, or set the variable in the environment or the .env file.");
    }
}
