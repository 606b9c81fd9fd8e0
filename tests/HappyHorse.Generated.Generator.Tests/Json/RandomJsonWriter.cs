using System;
using System.Globalization;
using System.Text;

namespace HappyHorse.Generated.Generator.Tests.Json;

/// <summary>
/// Writes random but valid JSON documents from a seed, covering every grammar branch the reader has:
/// all escapes (with mixed-case hex), escaped and raw surrogate pairs, CJK, non-characters, every number form
/// (including values that overflow long and double), duplicate and escaped property names, and odd whitespace.
/// </summary>
internal sealed class RandomJsonWriter
{
    private static readonly string[] SpecialNumbers =
    {
        "0", "-0", "0.0", "-0.0e-0", "1E+2", "1e-0", "0.1", "5e0", "5.0",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "123456789012345678901234567890",
        "1e400", "-1e400", "1e-400", "4.9e-324", "5e-324", "2.2250738585072014e-308",
        "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
        "0.0000000000000000000000000001", "3.141592653589793238462643383279",
    };

    private static readonly string[] SimpleEscapes = { "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t" };

    // A small pool makes duplicate names frequent; "\\u0061" decodes to the same name as "a".
    private static readonly string[] NamePool = { "a", "b", "\\u0061", "名前", "id", "", "\\n", "🐴" };

    private readonly Random _random;
    private readonly StringBuilder _builder = new();

    public RandomJsonWriter(int seed)
    {
        _random = new Random(seed);
    }

    public string NextDocument(int maxDepth, bool allowBom = true)
    {
        _builder.Clear();
        if (allowBom && _random.Next(20) == 0)
        {
            _builder.Append('\uFEFF');
        }

        Whitespace();
        WriteValue(0, maxDepth);
        Whitespace();
        return _builder.ToString();
    }

    private void WriteValue(int depth, int maxDepth)
    {
        int pick = depth >= maxDepth ? _random.Next(6) : _random.Next(depth == 0 ? 12 : 9);
        switch (pick)
        {
            case 0:
                WriteString();
                break;
            case 1:
            case 2:
                WriteNumber();
                break;
            case 3:
                _builder.Append("true");
                break;
            case 4:
                _builder.Append("false");
                break;
            case 5:
                _builder.Append("null");
                break;
            default:
                if (_random.Next(2) == 0)
                {
                    WriteObject(depth + 1, maxDepth);
                }
                else
                {
                    WriteArray(depth + 1, maxDepth);
                }

                break;
        }
    }

    private void WriteObject(int depth, int maxDepth)
    {
        _builder.Append('{');
        Whitespace();
        int count = _random.Next(6);
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                _builder.Append(',');
                Whitespace();
            }

            if (_random.Next(3) == 0)
            {
                _builder.Append('"').Append(NamePool[_random.Next(NamePool.Length)]).Append('"');
            }
            else
            {
                WriteString();
            }

            Whitespace();
            _builder.Append(':');
            Whitespace();
            WriteValue(depth, maxDepth);
            Whitespace();
        }

        _builder.Append('}');
    }

    private void WriteArray(int depth, int maxDepth)
    {
        _builder.Append('[');
        Whitespace();
        int count = _random.Next(6);
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                _builder.Append(',');
                Whitespace();
            }

            WriteValue(depth, maxDepth);
            Whitespace();
        }

        _builder.Append(']');
    }

    private void Whitespace()
    {
        if (_random.Next(2) == 0)
        {
            return;
        }

        int count = 1 + _random.Next(3);
        for (int i = 0; i < count; i++)
        {
            _builder.Append(" \t\r\n"[_random.Next(4)]);
        }
    }

    private void WriteString()
    {
        _builder.Append('"');
        int length = _random.Next(10);
        for (int i = 0; i < length; i++)
        {
            switch (_random.Next(14))
            {
                case 0:
                case 1:
                case 2:
                case 3:
                    char c = (char)_random.Next(0x20, 0x7F);
                    _builder.Append(c == '"' || c == '\\' ? 'q' : c);
                    break;
                case 4:
                    _builder.Append(SimpleEscapes[_random.Next(SimpleEscapes.Length)]);
                    break;
                case 5:
                    // Control chars are the main reason \u escapes exist in practice.
                    UnicodeEscape(_random.Next(3) == 0 ? _random.Next(0x20) : NonSurrogateBmp());
                    break;
                case 6:
                    var pair = char.ConvertFromUtf32(_random.Next(0x10000, 0x110000));
                    UnicodeEscape(pair[0]);
                    UnicodeEscape(pair[1]);
                    break;
                case 7:
                    _builder.Append((char)_random.Next(0x4E00, 0xA000));
                    break;
                case 8:
                    _builder.Append(char.ConvertFromUtf32(_random.Next(0x1F300, 0x1FB00)));
                    break;
                case 9:
                    // Raw non-ASCII, including U+FEFF, U+2028 and the non-characters U+FFFE/U+FFFF, all legal inside strings.
                    _builder.Append((char)NonSurrogateBmp());
                    break;
                case 10:
                    _builder.Append(char.ConvertFromUtf32(_random.Next(0x10000, 0x110000)));
                    break;
                case 11:
                    _builder.Append('\u007F');
                    break;
                case 12:
                    _builder.Append(new[] { '\uFEFF', '\u2028', '\uFFFE', '\uFFFF', '\u00A0', '\u00E9' }[_random.Next(6)]);
                    break;
                default:
                    UnicodeEscape(_random.Next(0x20, 0x80));
                    break;
            }
        }

        _builder.Append('"');
    }

    private int NonSurrogateBmp() =>
        _random.Next(2) == 0 ? _random.Next(0x80, 0xD800) : _random.Next(0xE000, 0x10000);

    private void UnicodeEscape(int unit)
    {
        _builder.Append('\\').Append('u');
        foreach (char digit in unit.ToString("X4", CultureInfo.InvariantCulture))
        {
            _builder.Append(_random.Next(2) == 0 ? char.ToLowerInvariant(digit) : digit);
        }
    }

    private void WriteNumber()
    {
        if (_random.Next(6) == 0)
        {
            _builder.Append(SpecialNumbers[_random.Next(SpecialNumbers.Length)]);
            return;
        }

        if (_random.Next(3) == 0)
        {
            _builder.Append('-');
        }

        if (_random.Next(4) == 0)
        {
            _builder.Append('0');
        }
        else
        {
            _builder.Append((char)('1' + _random.Next(9)));
            Digits(_random.Next(0, 21));
        }

        if (_random.Next(3) == 0)
        {
            _builder.Append('.');
            Digits(1 + _random.Next(18));
        }

        if (_random.Next(4) == 0)
        {
            _builder.Append(_random.Next(2) == 0 ? 'e' : 'E');
            int sign = _random.Next(3);
            if (sign > 0)
            {
                _builder.Append(sign == 1 ? '+' : '-');
            }

            Digits(1 + _random.Next(_random.Next(8) == 0 ? 4 : 2));
        }
    }

    private void Digits(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _builder.Append((char)('0' + _random.Next(10)));
        }
    }
}
