using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;

namespace HappyHorse.Generated.Generator.Json
{
    /// <summary>
    /// A strict RFC 8259 reader that keeps the source offset of every value and property name.
    /// </summary>
    /// <remarks>
    /// System.Text.Json cannot be loaded by a source generator on every host, and it does not expose locations anyway,
    /// so manifests are read with this instead. It accepts exactly what <c>JsonDocument.Parse(string)</c> accepts with
    /// default options (no comments, no trailing commas, maximum depth 64), with two deliberate differences:
    /// a leading BOM is skipped (editors write one; JsonDocument only skips it when reading a stream), and a <c>\u</c>
    /// escape that leaves a surrogate unpaired is rejected (JsonDocument parses it but then cannot produce the string,
    /// so rejecting here is the only way to give it a location). A raw unpaired surrogate is rejected by both.
    /// Malformed input never throws; it yields a <see cref="JsonSyntaxError"/>.
    /// </remarks>
    internal static class LocatedJsonReader
    {
        /// <summary>Same default as JsonDocumentOptions.MaxDepth; it also bounds the recursion, so no input can exhaust the stack.</summary>
        internal const int MaxDepth = 64;

        /// <summary>Parses <paramref name="text"/> as one JSON document.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> is null (a caller bug, not malformed input).</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        public static JsonParseResult Parse(string text, CancellationToken cancellationToken = default)
        {
            if (text is null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            return new Parser(text, cancellationToken).ParseDocument();
        }

        /// <summary>
        /// Recursive descent over the string. Every method that can fail returns null after recording the error,
        /// which keeps rejection cheap (no exceptions) when a build sees many broken files.
        /// </summary>
        private sealed class Parser
        {
            private readonly string _text;
            private readonly CancellationToken _cancellationToken;
            private int _pos;
            private JsonSyntaxError? _error;

            // Shared by all strings with escapes in this document; strings without escapes are plain substrings.
            private StringBuilder? _builder;

            public Parser(string text, CancellationToken cancellationToken)
            {
                _text = text;
                _cancellationToken = cancellationToken;
            }

            public JsonParseResult ParseDocument()
            {
                if (_text.Length > 0 && _text[0] == '\uFEFF')
                {
                    _pos = 1;
                }

                SkipWhitespace();
                var root = ParseValue(0);
                if (root is null)
                {
                    return new JsonParseResult(_error!);
                }

                SkipWhitespace();
                if (_pos < _text.Length)
                {
                    return new JsonParseResult(
                        IsCommentStart() ? CommentError() : new JsonSyntaxError($"Unexpected character {Describe(_pos)} after the JSON value", _pos));
                }

                return new JsonParseResult(root);
            }

            /// <summary>Parses the value at <see cref="_pos"/> (whitespace already skipped); <paramref name="depth"/> counts enclosing containers.</summary>
            private JsonNode? ParseValue(int depth)
            {
                _cancellationToken.ThrowIfCancellationRequested();

                if (_pos >= _text.Length)
                {
                    return Fail("Unexpected end of input; expected a value", _pos);
                }

                char c = _text[_pos];
                switch (c)
                {
                    case '{':
                        return depth >= MaxDepth ? DepthError() : ParseObject(depth + 1);
                    case '[':
                        return depth >= MaxDepth ? DepthError() : ParseArray(depth + 1);
                    case '"':
                        int start = _pos;
                        var value = ParseString();
                        return value is null ? null : JsonNode.CreateString(start, _pos - start, value);
                    case 't':
                        return ParseLiteral("true", JsonKind.True);
                    case 'f':
                        return ParseLiteral("false", JsonKind.False);
                    case 'n':
                        return ParseLiteral("null", JsonKind.Null);
                    case '-':
                        return ParseNumber();
                    case '\'':
                        return Fail("Strings must be enclosed in double quotes", _pos);
                    case 'N':
                    case 'I':
                        if (IsNonFiniteLiteral(_pos))
                        {
                            return Fail("NaN and Infinity are not allowed", _pos);
                        }

                        break;
                    default:
                        if (c >= '0' && c <= '9')
                        {
                            return ParseNumber();
                        }

                        if (IsCommentStart())
                        {
                            return Fail(CommentError());
                        }

                        break;
                }

                return Fail($"Unexpected character {Describe(_pos)}; expected a value", _pos);
            }

            private JsonNode? ParseObject(int depth)
            {
                int start = _pos++;
                List<JsonProperty>? properties = null;

                SkipWhitespace();
                if (_pos < _text.Length && _text[_pos] == '}')
                {
                    _pos++;
                    return JsonNode.CreateObject(start, _pos - start, null);
                }

                while (true)
                {
                    if (_pos >= _text.Length)
                    {
                        return Fail("Unexpected end of input; expected a property name", _pos);
                    }

                    if (_text[_pos] != '"')
                    {
                        return Fail(PropertyNameError(afterComma: properties is not null));
                    }

                    int nameStart = _pos;
                    var name = ParseString();
                    if (name is null)
                    {
                        return null;
                    }

                    int nameLength = _pos - nameStart;

                    SkipWhitespace();
                    if (_pos >= _text.Length)
                    {
                        return Fail("Unexpected end of input; expected ':' after a property name", _pos);
                    }

                    if (_text[_pos] != ':')
                    {
                        return Fail(IsCommentStart() ? CommentError() : new JsonSyntaxError("Expected ':' after a property name", _pos));
                    }

                    _pos++;
                    SkipWhitespace();
                    var value = ParseValue(depth);
                    if (value is null)
                    {
                        return null;
                    }

                    (properties ??= new List<JsonProperty>()).Add(new JsonProperty(name, nameStart, nameLength, value));

                    SkipWhitespace();
                    if (_pos >= _text.Length)
                    {
                        return Fail("Unexpected end of input; expected ',' or '}'", _pos);
                    }

                    char c = _text[_pos];
                    if (c == '}')
                    {
                        _pos++;
                        return JsonNode.CreateObject(start, _pos - start, properties);
                    }

                    if (c != ',')
                    {
                        return Fail(IsCommentStart() ? CommentError() : new JsonSyntaxError("Expected ',' or '}' after a property value", _pos));
                    }

                    int comma = _pos++;
                    SkipWhitespace();
                    if (_pos < _text.Length && _text[_pos] == '}')
                    {
                        return Fail("Trailing comma before '}' is not allowed", comma);
                    }
                }
            }

            private JsonNode? ParseArray(int depth)
            {
                int start = _pos++;
                List<JsonNode>? items = null;

                SkipWhitespace();
                if (_pos < _text.Length && _text[_pos] == ']')
                {
                    _pos++;
                    return JsonNode.CreateArray(start, _pos - start, null);
                }

                while (true)
                {
                    var item = ParseValue(depth);
                    if (item is null)
                    {
                        return null;
                    }

                    (items ??= new List<JsonNode>()).Add(item);

                    SkipWhitespace();
                    if (_pos >= _text.Length)
                    {
                        return Fail("Unexpected end of input; expected ',' or ']'", _pos);
                    }

                    char c = _text[_pos];
                    if (c == ']')
                    {
                        _pos++;
                        return JsonNode.CreateArray(start, _pos - start, items);
                    }

                    if (c != ',')
                    {
                        return Fail(IsCommentStart() ? CommentError() : new JsonSyntaxError("Expected ',' or ']' after an array item", _pos));
                    }

                    int comma = _pos++;
                    SkipWhitespace();
                    if (_pos < _text.Length && _text[_pos] == ']')
                    {
                        return Fail("Trailing comma before ']' is not allowed", comma);
                    }
                }
            }

            /// <summary>Reads the string token at <see cref="_pos"/> (an opening quote) and leaves <see cref="_pos"/> after the closing quote.</summary>
            private string? ParseString()
            {
                string text = _text;
                int quote = _pos;
                int i = quote + 1;
                int runStart = i;
                StringBuilder? builder = null;

                while (i < text.Length)
                {
                    char c = text[i];
                    if (c == '"')
                    {
                        _pos = i + 1;
                        if (builder is null)
                        {
                            return text.Substring(runStart, i - runStart);
                        }

                        var result = builder.Append(text, runStart, i - runStart).ToString();
                        builder.Clear();
                        return result;
                    }

                    if (c == '\\')
                    {
                        if (builder is null)
                        {
                            builder = _builder ??= new StringBuilder();
                            builder.Clear();
                        }

                        builder.Append(text, runStart, i - runStart);
                        int escapeLength = AppendEscape(i, quote, builder);
                        if (escapeLength == 0)
                        {
                            return null;
                        }

                        i += escapeLength;
                        runStart = i;
                        continue;
                    }

                    // Ordinary text (most chars) takes this single comparison pair.
                    if (c >= ' ' && c < '\uD800')
                    {
                        i++;
                        continue;
                    }

                    if (c < ' ')
                    {
                        return FailString($"Control character U+{(int)c:X4} must be escaped in a string", i);
                    }

                    if (c <= '\uDBFF')
                    {
                        if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                        {
                            i += 2;
                            continue;
                        }

                        return FailString($"Unpaired surrogate U+{(int)c:X4} in a string", i);
                    }

                    if (c <= '\uDFFF')
                    {
                        return FailString($"Unpaired surrogate U+{(int)c:X4} in a string", i);
                    }

                    i++;
                }

                return FailString("Unterminated string", quote);
            }

            /// <summary>Decodes the escape whose backslash is at <paramref name="at"/>; returns the chars it spans, or 0 after recording an error.</summary>
            private int AppendEscape(int at, int quote, StringBuilder builder)
            {
                string text = _text;
                if (at + 1 >= text.Length)
                {
                    return FailEscape("Unterminated string", quote);
                }

                char c = text[at + 1];
                switch (c)
                {
                    case '"':
                    case '\\':
                    case '/':
                        builder.Append(c);
                        return 2;
                    case 'b':
                        builder.Append('\b');
                        return 2;
                    case 'f':
                        builder.Append('\f');
                        return 2;
                    case 'n':
                        builder.Append('\n');
                        return 2;
                    case 'r':
                        builder.Append('\r');
                        return 2;
                    case 't':
                        builder.Append('\t');
                        return 2;
                    case 'u':
                        break;
                    default:
                        return FailEscape(
                            IsPrintableAscii(c)
                                ? $"Invalid escape sequence '\\{c}'"
                                : $"Invalid escape sequence: '\\' followed by {Describe(at + 1)}",
                            at);
                }

                int unit = ReadHex4(at + 2);
                if (unit < 0)
                {
                    return FailEscape("Invalid \\u escape; expected four hex digits", at);
                }

                if (unit < 0xD800 || unit > 0xDFFF)
                {
                    builder.Append((char)unit);
                    return 6;
                }

                // A .NET string could hold an unpaired surrogate, but it cannot be encoded back to UTF-8 and
                // JsonDocument refuses to read it (GetString throws), so it is reported here, where it has a location.
                if (unit <= 0xDBFF
                    && at + 7 < text.Length
                    && text[at + 6] == '\\'
                    && text[at + 7] == 'u')
                {
                    int low = ReadHex4(at + 8);
                    if (low >= 0xDC00 && low <= 0xDFFF)
                    {
                        builder.Append((char)unit).Append((char)low);
                        return 12;
                    }
                }

                return FailEscape($"Unpaired surrogate in escape sequence '{text.Substring(at, 6)}'", at);
            }

            /// <summary>Returns the value of four hex digits at <paramref name="at"/>, or -1 if there are not four.</summary>
            private int ReadHex4(int at)
            {
                if (at + 4 > _text.Length)
                {
                    return -1;
                }

                int value = 0;
                for (int i = at; i < at + 4; i++)
                {
                    int digit = HexValue(_text[i]);
                    if (digit < 0)
                    {
                        return -1;
                    }

                    value = (value << 4) | digit;
                }

                return value;
            }

            private JsonNode? ParseNumber()
            {
                string text = _text;
                int start = _pos;
                int i = start;
                bool isIntegral = true;

                if (text[i] == '-')
                {
                    i++;
                    if (i >= text.Length)
                    {
                        return Fail("Unexpected end of input; expected a digit after '-'", i);
                    }

                    if (!IsDigit(text[i]))
                    {
                        return Fail(text[i] == 'I' && IsNonFiniteLiteral(i) ? "NaN and Infinity are not allowed" : "Expected a digit after '-'", i);
                    }
                }

                if (text[i] == '0')
                {
                    i++;
                    if (i < text.Length && IsDigit(text[i]))
                    {
                        return Fail("Leading zeros are not allowed", i - 1);
                    }
                }
                else
                {
                    while (i < text.Length && IsDigit(text[i]))
                    {
                        i++;
                    }
                }

                if (i < text.Length && text[i] == '.')
                {
                    isIntegral = false;
                    i++;
                    if (i >= text.Length)
                    {
                        return Fail("Unexpected end of input; expected a digit after the decimal point", i);
                    }

                    if (!IsDigit(text[i]))
                    {
                        return Fail("Expected a digit after the decimal point", i);
                    }

                    while (i < text.Length && IsDigit(text[i]))
                    {
                        i++;
                    }
                }

                if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
                {
                    isIntegral = false;
                    i++;
                    if (i < text.Length && (text[i] == '+' || text[i] == '-'))
                    {
                        i++;
                    }

                    if (i >= text.Length)
                    {
                        return Fail("Unexpected end of input; expected a digit in the exponent", i);
                    }

                    if (!IsDigit(text[i]))
                    {
                        return Fail("Expected a digit in the exponent", i);
                    }

                    while (i < text.Length && IsDigit(text[i]))
                    {
                        i++;
                    }
                }

                _pos = i;
                return JsonNode.CreateNumber(start, text.Substring(start, i - start), isIntegral);
            }

            private JsonNode? ParseLiteral(string literal, JsonKind kind)
            {
                int start = _pos;
                for (int k = 0; k < literal.Length; k++)
                {
                    int i = start + k;
                    if (i >= _text.Length)
                    {
                        return Fail($"Unexpected end of input; expected '{literal}'", i);
                    }

                    if (_text[i] != literal[k])
                    {
                        return Fail($"Invalid literal; expected '{literal}'", i);
                    }
                }

                _pos = start + literal.Length;
                return JsonNode.CreateLiteral(kind, start, literal.Length);
            }

            private void SkipWhitespace()
            {
                string text = _text;
                int i = _pos;
                while (i < text.Length)
                {
                    char c = text[i];
                    if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
                    {
                        break;
                    }

                    i++;
                }

                _pos = i;
            }

            private JsonSyntaxError PropertyNameError(bool afterComma)
            {
                char c = _text[_pos];
                if (c == '\'' || c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
                {
                    return new JsonSyntaxError("Property names must be enclosed in double quotes", _pos);
                }

                if (IsCommentStart())
                {
                    return CommentError();
                }

                return new JsonSyntaxError(afterComma ? "Expected a property name after ','" : "Expected a property name or '}'", _pos);
            }

            private bool IsCommentStart() =>
                _pos + 1 < _text.Length && _text[_pos] == '/' && (_text[_pos + 1] == '/' || _text[_pos + 1] == '*');

            private JsonSyntaxError CommentError() => new("Comments are not allowed", _pos);

            private JsonNode? DepthError() =>
                Fail($"Maximum nesting depth of {MaxDepth} exceeded", _pos);

            private bool IsNonFiniteLiteral(int at) =>
                string.CompareOrdinal(_text, at, "NaN", 0, 3) == 0 || string.CompareOrdinal(_text, at, "Infinity", 0, 8) == 0;

            /// <summary>Names the char (or surrogate pair) at <paramref name="at"/> readably: <c>'x'</c> for printable ASCII, <c>U+XXXX</c> otherwise.</summary>
            private string Describe(int at)
            {
                char c = _text[at];
                if (IsPrintableAscii(c))
                {
                    return c == '\'' ? "\"'\"" : "'" + c + "'";
                }

                int codePoint = c;
                if (char.IsHighSurrogate(c) && at + 1 < _text.Length && char.IsLowSurrogate(_text[at + 1]))
                {
                    codePoint = char.ConvertToUtf32(c, _text[at + 1]);
                }

                return "U+" + codePoint.ToString("X4", CultureInfo.InvariantCulture);
            }

            private JsonNode? Fail(string message, int position)
            {
                _error = new JsonSyntaxError(message, position);
                return null;
            }

            private JsonNode? Fail(JsonSyntaxError error)
            {
                _error = error;
                return null;
            }

            private string? FailString(string message, int position)
            {
                _error = new JsonSyntaxError(message, position);
                return null;
            }

            private int FailEscape(string message, int position)
            {
                _error = new JsonSyntaxError(message, position);
                return 0;
            }

            private static bool IsDigit(char c) => c >= '0' && c <= '9';

            private static bool IsPrintableAscii(char c) => c > ' ' && c < '\u007F';

            private static int HexValue(char c)
            {
                if (c >= '0' && c <= '9')
                {
                    return c - '0';
                }

                if (c >= 'a' && c <= 'f')
                {
                    return c - 'a' + 10;
                }

                if (c >= 'A' && c <= 'F')
                {
                    return c - 'A' + 10;
                }

                return -1;
            }
        }
    }
}
