using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>
/// Breaks real manifests the ways people and tools do: flipped bits, deleted or doubled tokens, values swapped
/// with each other, values replaced by edge cases, property names swapped. Deterministic for a seed.
/// </summary>
internal sealed class ManifestMutator
{
    private static readonly Regex Token = new("\"(?:\\\\.|[^\"\\\\])*\"|-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null|[{}\\[\\]:,]", RegexOptions.CultureInvariant);

    private static readonly string[] EdgeValues =
    {
        "-1", "0", "-0", "1.5", "-2.75", "1e400", "-1e400", "1E2", "2147483648", "-2147483649", "9223372036854775808",
        "\"\"", "\" \"", "\"a..b\"", "\".x\"", "\"x.\"", "\"/\"", "\"{task_id}\"", "\"\\u0000\"", "\"\\ud800\"", "\"class\"", "\"1abc\"",
        "\"中文字\"", "\"Ünïcödé\"", "\"<summary>&\"", "\"*/ // \\\"\"", "null", "true", "false", "[]", "{}", "[1, \"a\"]", "{\"a\": 1}",
        "\"string\"", "\"integer\"", "\"number\"", "\"boolean\"", "\"array\"", "\"object\"", "\"oneOf\"", "\"sum\"", "\"count\"",
        "\"totalCount\"", "\"requires\"", "\"multipart\"", "\"video\"", "\"image\"", "\"url\"", "\"cjkDouble\"",
    };

    private readonly Random _random;
    private readonly string[] _names;

    public ManifestMutator(int seed, IEnumerable<string> corpus)
    {
        _random = new Random(seed);
        _names = corpus.SelectMany(text => Tokens(text).Where(t => t.IsName).Select(t => t.Text)).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToArray();
    }

    /// <summary>One or two mutations of <paramref name="text"/>.</summary>
    public string Mutate(string text)
    {
        var rounds = 1 + _random.Next(2);
        for (var i = 0; i < rounds; i++) text = MutateOnce(text);
        return text;
    }

    private string MutateOnce(string text)
    {
        var tokens = Tokens(text);
        if (tokens.Count < 2) return FlipBit(text);
        // Structural damage (cases 0-2) mostly ends at invalid JSON; the rest keeps the JSON and breaks the meaning.
        switch (_random.Next(10))
        {
            case 0:
                return FlipBit(text);
            case 1:
            {
                var first = _random.Next(tokens.Count);
                var last = Math.Min(tokens.Count - 1, first + _random.Next(3));
                return text.Remove(tokens[first].Start, tokens[last].End - tokens[first].Start);
            }

            case 2:
            {
                var token = tokens[_random.Next(tokens.Count)];
                return text.Insert(token.Start, token.Text + " ");
            }

            case 3:
            case 4:
            {
                var values = tokens.Where(t => t.IsValue).ToList();
                if (values.Count < 2) return FlipBit(text);
                var a = values[_random.Next(values.Count)];
                var b = values[_random.Next(values.Count)];
                if (a.Start == b.Start) return text;
                var (first, second) = a.Start < b.Start ? (a, b) : (b, a);
                return text.Substring(0, first.Start) + second.Text + text.Substring(first.End, second.Start - first.End) + first.Text + text.Substring(second.End);
            }

            case 5:
            case 6:
            case 7:
            {
                var values = tokens.Where(t => t.IsValue).ToList();
                if (values.Count == 0) return FlipBit(text);
                var value = values[_random.Next(values.Count)];
                return Replace(text, value, EdgeValues[_random.Next(EdgeValues.Length)]);
            }

            default:
            {
                var names = tokens.Where(t => t.IsName).ToList();
                if (names.Count == 0 || _names.Length == 0) return FlipBit(text);
                return Replace(text, names[_random.Next(names.Count)], _names[_random.Next(_names.Length)]);
            }
        }
    }

    private string FlipBit(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0) return text;
        var index = _random.Next(bytes.Length);
        bytes[index] ^= (byte)(1 << _random.Next(8));
        return Encoding.UTF8.GetString(bytes);
    }

    private static string Replace(string text, TokenAt token, string replacement) =>
        text.Substring(0, token.Start) + replacement + text.Substring(token.End);

    private static List<TokenAt> Tokens(string text)
    {
        var tokens = new List<TokenAt>();
        var matches = Token.Matches(text);
        for (var i = 0; i < matches.Count; i++)
        {
            var match = matches[i];
            var isName = match.Value[0] == '"' && i + 1 < matches.Count && matches[i + 1].Value == ":";
            var isValue = !isName && match.Value.Length > 0 && "{}[]:,".IndexOf(match.Value[0]) < 0;
            tokens.Add(new TokenAt(match.Index, match.Value, isName, isValue));
        }

        return tokens;
    }

    private readonly record struct TokenAt(int Start, string Text, bool IsName, bool IsValue)
    {
        public int End => Start + Text.Length;
    }
}
