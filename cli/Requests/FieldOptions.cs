using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HappyHorse.Generated;

namespace HappyHorse.Cli.Requests;

/// <summary>A command-line option for one settable field of an operation.</summary>
/// <param name="Field">The field.</param>
/// <param name="Name">The option, e.g. <c>--image-urls</c>.</param>
internal sealed record FieldOption(FieldInfo Field, string Name)
{
    /// <summary>How the value is typed on the command line.</summary>
    public string ValueHint => Field.Kind switch
    {
        FieldKind.Integer => "<integer>",
        FieldKind.Number => "<number>",
        FieldKind.Boolean => "[true|false]",
        FieldKind.StringArray => "<a,b,...>",
        FieldKind.ObjectArray => "<json-array>",
        FieldKind.OneOf => "<value|json>",
        _ when Field.AllowedValues.Count is > 0 and <= 12 => "<" + string.Join("|", Field.AllowedValues) + ">",
        _ => "<text>",
    };

    /// <summary>The short form: <c>-p</c> for the field whose manifest declares it the prompt, <c>-n</c> for a one-letter field such as <c>n</c>; none for others.</summary>
    public string? Alias => Field.Role == FieldRole.Prompt ? "-p" : Name.Length == 3 && Name[2] is not ('o' or 'h' or 'p') ? "-" + Name[2] : null;
}

/// <summary>
/// The options an operation's fields give the command line, derived from the manifest metadata at run time: the
/// kebab-case of each settable field's name (<c>image_urls</c> → <c>--image-urls</c>, <c>input.prompt</c> →
/// <c>--prompt</c> unless another field ends the same way, then <c>--input-prompt</c>), and how their text becomes JSON.
/// </summary>
internal static class FieldOptions
{
    /// <summary>The options of every settable field of <paramref name="operation"/>, none named like one in <paramref name="reserved"/>.</summary>
    public static IReadOnlyList<FieldOption> For(OperationInfo operation, ICollection<string> reserved)
    {
        var settable = operation.Fields.Where(f => f.IsSettable).ToList();
        var shortNames = settable.Select(f => Kebab(LastSegment(f.Name))).ToList();
        var options = new List<FieldOption>();
        for (var i = 0; i < settable.Count; i++)
        {
            var name = shortNames.Count(n => n == shortNames[i]) == 1 ? shortNames[i] : Kebab(settable[i].Name);
            if (reserved.Contains("--" + name)) name = "field-" + name;
            options.Add(new FieldOption(settable[i], "--" + name));
        }

        return options;
    }

    /// <summary><c>image_urls</c> → <c>image-urls</c>, <c>parameters.prompt_extend</c> → <c>parameters-prompt-extend</c>, <c>cfgScale</c> → <c>cfg-scale</c>.</summary>
    public static string Kebab(string name)
    {
        var kebab = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '_' or '.' or ' ') c = '-';
            if (char.IsUpper(c) && i > 0 && kebab.Length > 0 && kebab[^1] != '-') kebab.Append('-');
            kebab.Append(char.ToLowerInvariant(c));
        }

        return kebab.ToString();
    }

    /// <summary>
    /// The JSON value of what was typed for <paramref name="field"/>, or <see langword="null"/> with a problem added.
    /// Lists take commas or repeats (or a JSON array); lists of objects and unions take JSON.
    /// </summary>
    public static JsonNode? Parse(FieldInfo field, string option, IReadOnlyList<string> typed, List<string> problems)
    {
        string Single() => typed.Count == 0 ? "" : typed[^1];
        switch (field.Kind)
        {
            case FieldKind.Integer:
                if (long.TryParse(Single(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer)) return integer;
                problems.Add($"{option}: '{Single()}' is not a whole number.");
                return null;
            case FieldKind.Number:
                if (double.TryParse(Single(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)) return number;
                problems.Add($"{option}: '{Single()}' is not a number.");
                return null;
            case FieldKind.Boolean:
                if (typed.Count == 0 || Single().Length == 0) return true;
                if (bool.TryParse(Single(), out var flag)) return flag;
                problems.Add($"{option}: '{Single()}' is not true or false.");
                return null;
            case FieldKind.StringArray:
                if (typed.Count == 1 && typed[0].TrimStart().StartsWith('['))
                {
                    return Json(option, typed[0], problems) is JsonArray array ? array : Invalid(option, "a JSON array of strings", problems);
                }

                var items = new JsonArray();
                foreach (var part in typed.SelectMany(t => t.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))) items.Add(part);
                return items;
            case FieldKind.ObjectArray:
                return Json(option, Single(), problems) is { } list ? list : null;
            case FieldKind.OneOf:
                return TryJson(Single()) ?? JsonValue.Create(Single());
            default:
                return JsonValue.Create(Single());
        }
    }

    /// <summary>The JSON text, or a string when it is not JSON (what <c>--set</c> and union options take).</summary>
    public static JsonNode? JsonOrText(string text) => TryJson(text) ?? JsonValue.Create(text);

    private static JsonNode? Invalid(string option, string expected, List<string> problems)
    {
        problems.Add($"{option}: expected {expected}.");
        return null;
    }

    private static JsonNode? Json(string option, string text, List<string> problems)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            problems.Add($"{option}: '{Shorten(text)}' is not JSON ({e.Message.Split('.')[0]}).");
            return null;
        }
    }

    private static JsonNode? TryJson(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static string LastSegment(string name) => name[(name.LastIndexOf('.') + 1)..];
}
