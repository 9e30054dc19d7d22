using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Konnaxion.Ops.Json
{
    /// <summary>Thrown for text that is not JSON (RFC 8259); the position is a character offset.</summary>
    internal sealed class JsonParseException : FormatException
    {
        public JsonParseException(string message, int position)
            : base($"{message} at offset {position}.")
        {
            Position = position;
        }

        public int Position { get; }
    }

    /// <summary>
    /// A strict RFC 8259 parser into plain values, because netstandard2.0 has no System.Text.Json without a package:
    /// objects become Dictionary&lt;string, object?&gt; (a repeated key keeps its last value, as Go does),
    /// arrays List&lt;object?&gt;, strings string, integers that fit long, other numbers double, true/false bool
    /// and null null.
    /// </summary>
    internal sealed class JsonParser
    {
        // Deep enough for any engine response or file the module reads, shallow enough that recursion cannot overflow the stack.
        private const int MaxDepth = 128;

        private readonly string _text;
        private int _position;
        private int _depth;

        private JsonParser(string text)
        {
            _text = text;
        }

        public static object? Parse(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            var parser = new JsonParser(text);
            parser.SkipWhiteSpace();
            var value = parser.ReadValue();
            parser.SkipWhiteSpace();
            if (parser._position < text.Length)
            {
                throw parser.Error("Unexpected text after the JSON value");
            }

            return value;
        }

        private object? ReadValue()
        {
            if (_position >= _text.Length)
            {
                throw Error("Unexpected end of JSON");
            }

            switch (_text[_position])
            {
                case '{':
                    return ReadObject();
                case '[':
                    return ReadArray();
                case '"':
                    return ReadString();
                case 't':
                    ReadLiteral("true");
                    return true;
                case 'f':
                    ReadLiteral("false");
                    return false;
                case 'n':
                    ReadLiteral("null");
                    return null;
                default:
                    var c = _text[_position];
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ReadNumber();
                    }

                    throw Error($"Unexpected character '{Printable(c)}'");
            }
        }

        private Dictionary<string, object?> ReadObject()
        {
            Enter();
            _position++;
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            SkipWhiteSpace();
            if (TryConsume('}'))
            {
                _depth--;
                return result;
            }

            while (true)
            {
                SkipWhiteSpace();
                if (_position >= _text.Length || _text[_position] != '"')
                {
                    throw Error("Expected a property name in double quotes");
                }

                var name = ReadString();
                SkipWhiteSpace();
                Expect(':');
                SkipWhiteSpace();
                result[name] = ReadValue();
                SkipWhiteSpace();
                if (TryConsume('}'))
                {
                    _depth--;
                    return result;
                }

                Expect(',');
            }
        }

        private List<object?> ReadArray()
        {
            Enter();
            _position++;
            var result = new List<object?>();
            SkipWhiteSpace();
            if (TryConsume(']'))
            {
                _depth--;
                return result;
            }

            while (true)
            {
                SkipWhiteSpace();
                result.Add(ReadValue());
                SkipWhiteSpace();
                if (TryConsume(']'))
                {
                    _depth--;
                    return result;
                }

                Expect(',');
            }
        }

        private string ReadString()
        {
            _position++;
            StringBuilder? builder = null;
            var runStart = _position;
            while (true)
            {
                if (_position >= _text.Length)
                {
                    throw Error("Unterminated string");
                }

                var c = _text[_position];
                if (c == '"')
                {
                    var tail = _text.Substring(runStart, _position - runStart);
                    _position++;
                    return builder == null ? tail : builder.Append(tail).ToString();
                }

                if (c < ' ')
                {
                    throw Error("Control character in a string (it must be escaped)");
                }

                if (c != '\\')
                {
                    _position++;
                    continue;
                }

                builder ??= new StringBuilder();
                builder.Append(_text, runStart, _position - runStart);
                _position++;
                if (_position >= _text.Length)
                {
                    throw Error("Unterminated string");
                }

                var escape = _text[_position++];
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        // A surrogate pair arrives as two \u escapes; appending both UTF-16 units rebuilds the character.
                        // A lone surrogate is kept as is: C# strings can hold it and JSON does not forbid it.
                        builder.Append(ReadHex4());
                        break;
                    default:
                        _position--;
                        throw Error($"Invalid escape '\\{Printable(escape)}'");
                }

                runStart = _position;
            }
        }

        private char ReadHex4()
        {
            if (_position + 4 > _text.Length)
            {
                throw Error("Incomplete \\u escape");
            }

            var value = 0;
            for (var i = 0; i < 4; i++)
            {
                var c = _text[_position];
                int digit;
                if (c >= '0' && c <= '9')
                {
                    digit = c - '0';
                }
                else if (c >= 'a' && c <= 'f')
                {
                    digit = c - 'a' + 10;
                }
                else if (c >= 'A' && c <= 'F')
                {
                    digit = c - 'A' + 10;
                }
                else
                {
                    throw Error("Invalid hex digit in a \\u escape");
                }

                value = value * 16 + digit;
                _position++;
            }

            return (char)value;
        }

        private object ReadNumber()
        {
            var start = _position;
            TryConsume('-');
            if (TryConsume('0'))
            {
                if (_position < _text.Length && IsDigit(_text[_position]))
                {
                    throw Error("A number may not have a leading zero");
                }
            }
            else
            {
                ReadDigits();
            }

            var integral = true;
            if (TryConsume('.'))
            {
                integral = false;
                ReadDigits();
            }

            if (_position < _text.Length && (_text[_position] == 'e' || _text[_position] == 'E'))
            {
                integral = false;
                _position++;
                if (!TryConsume('+'))
                {
                    TryConsume('-');
                }

                ReadDigits();
            }

            var literal = _text.Substring(start, _position - start);
            if (integral && long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                return whole;
            }

            // .NET Framework refuses an exponent beyond double's range where .NET Core returns infinity.
            if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            {
                throw new JsonParseException("Number out of range", start);
            }

            return real;
        }

        private void ReadDigits()
        {
            if (_position >= _text.Length || !IsDigit(_text[_position]))
            {
                throw Error("Expected a digit");
            }

            while (_position < _text.Length && IsDigit(_text[_position]))
            {
                _position++;
            }
        }

        private void ReadLiteral(string literal)
        {
            if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
            {
                throw Error($"Unexpected character '{Printable(_text[_position])}'");
            }

            _position += literal.Length;
        }

        private void Enter()
        {
            if (++_depth > MaxDepth)
            {
                throw Error($"JSON nested deeper than {MaxDepth} levels");
            }
        }

        private void Expect(char expected)
        {
            if (!TryConsume(expected))
            {
                throw _position >= _text.Length
                    ? Error("Unexpected end of JSON")
                    : Error($"Expected '{expected}' but found '{Printable(_text[_position])}'");
            }
        }

        private bool TryConsume(char expected)
        {
            if (_position < _text.Length && _text[_position] == expected)
            {
                _position++;
                return true;
            }

            return false;
        }

        private void SkipWhiteSpace()
        {
            while (_position < _text.Length)
            {
                var c = _text[_position];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                {
                    return;
                }

                _position++;
            }
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static string Printable(char c) => c < ' ' ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString();

        private JsonParseException Error(string message) => new JsonParseException(message, _position);
    }
}
