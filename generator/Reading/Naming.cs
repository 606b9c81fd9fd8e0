using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace HappyHorse.Generated.Generator.Reading;

/// <summary>How manifest names become C# names.</summary>
internal static class Naming
{
    /// <summary><c>aspect_ratio</c> → <c>AspectRatio</c>; <c>happyhorse-app</c> → <c>HappyhorseApp</c>.</summary>
    public static string ToPascalCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        if (builder.Length == 0 || char.IsDigit(builder[0])) builder.Insert(0, '_');
        return builder.ToString();
    }

    /// <summary><c>AspectRatio</c> → <c>aspectRatio</c>, escaped when it is a keyword.</summary>
    /// <summary><c>NegativePrompt</c> → <c>negativePrompt</c>: how a manifest spells an enum member (a role).</summary>
    public static string ToCamelCase(string pascal) => char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);

    public static string ToParameterName(string propertyName)
    {
        var name = char.ToLowerInvariant(propertyName[0]) + propertyName.Substring(1);
        return SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
    }

    public static bool IsIdentifier(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

    /// <summary>
    /// A body path: names of letters, digits, '_' or '-', joined by '.', a name optionally followed by array indexes
    /// <c>[0]</c>–<c>[99]</c> (<c>instances[0].prompt</c>); it ends with a name. Returns why not, or null when valid.
    /// </summary>
    public static string? CheckBodyPath(string path)
    {
        if (path.Length == 0) return "it is empty";
        var segmentLength = 0;
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '.')
            {
                if (segmentLength == 0) return "it has an empty segment";
                segmentLength = 0;
            }
            else if (c == '[')
            {
                if (segmentLength == 0) return "an index must follow a name ('instances[0]')";
                var close = path.IndexOf(']', i);
                var digits = close < 0 ? string.Empty : path.Substring(i + 1, close - i - 1);
                if (digits.Length is 0 or > 2 || digits.Any(d => d is < '0' or > '9') || (digits.Length == 2 && digits[0] == '0'))
                {
                    return "an index must be a number from 0 to 99 in brackets ('[*]' names no one place to write)";
                }

                i = close;
                if (i + 1 == path.Length) return "it ends with an index: a body path ends with a name ('instances[0].prompt')";
                if (path[i + 1] is not ('.' or '[')) return "an index must be followed by '.' or another index";
            }
            else if (char.IsLetterOrDigit(c) || c == '_' || c == '-')
            {
                segmentLength++;
            }
            else
            {
                return $"'{c}' is not allowed (use letters, digits, '_' or '-' joined by '.', with [n] indexes after a name)";
            }
        }

        return segmentLength == 0 ? "it has an empty segment" : null;
    }

    /// <summary>The steps of a valid body path: <c>instances[0].prompt</c> → <c>instances</c>, <c>[0]</c>, <c>prompt</c>.</summary>
    public static IEnumerable<string> BodyPathSteps(string path)
    {
        var start = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] is not ('.' or '[' or ']')) continue;
            if (i > start) yield return path.Substring(start, i - start);
            if (i < path.Length && path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                yield return path.Substring(i, close - i + 1);
                i = close;
            }

            start = i + 1;
        }
    }

    /// <summary>A response path: names joined by dots, with optional [n] indexes. Returns why not, or null when valid.</summary>
    public static string? CheckResponsePath(string path)
    {
        if (path.Length == 0) return "it is empty";
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close == i + 2 && path[i + 1] == '*')
                {
                    i = close + 1;
                    if (i < path.Length && path[i] == '.') i++;
                    continue;
                }

                if (close <= i + 1) return "an index must be digits in brackets, or [*] for every item";
                for (var j = i + 1; j < close; j++)
                {
                    if (path[j] < '0' || path[j] > '9') return "an index must be digits in brackets, or [*] for every item";
                }

                i = close + 1;
                if (i < path.Length && path[i] == '.') i++;
                continue;
            }

            var start = i;
            while (i < path.Length && path[i] != '.' && path[i] != '[')
            {
                if (path[i] == ']') return "']' without '['";
                i++;
            }

            if (i == start) return "it has an empty segment";
            if (i < path.Length && path[i] == '.')
            {
                i++;
                if (i == path.Length) return "it ends with '.'";
            }
        }

        return null;
    }
}
