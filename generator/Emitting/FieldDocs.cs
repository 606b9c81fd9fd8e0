using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HappyHorse.Generated.Generator.Model;

namespace HappyHorse.Generated.Generator.Emitting;

/// <summary>The words generated docs use for fields, media limits and rules.</summary>
internal static class FieldDocs
{
    /// <summary>Lists longer than this name their first values and a count, so a huge enumeration does not make huge docs.</summary>
    private const int ListedValues = 24;

    /// <summary>The doc text of a field: its description, then its default and every limit.</summary>
    public static string Of(FieldSpec field)
    {
        var parts = new List<string>();
        if (field.Description.Length > 0) parts.Add(CodeWriter.Xml(field.Description.TrimEnd('.') + "."));
        parts.Add(field.IsRequired ? "Required." : "Optional.");
        if (field.AllowedValues.Count > 0) parts.Add("One of " + Values(field.AllowedValues) + ".");
        // The rule sentences run-time validation and the analyzer use, so the docs say what a broken rule will say.
        foreach (var rule in LimitText.Rules(Number(field.Minimum), Number(field.Maximum), field.MinLength, field.MaxLength, field.CjkCountsDouble, field.MinItems, field.MaxItems))
        {
            parts.Add(Sentence(rule));
        }

        if (field.Format == "url") parts.Add(field.Kind == FieldKind.StringArray ? "Each item is an absolute http(s) URL." : "An absolute http(s) URL.");
        if (field.Media is { } media) parts.Add(Media(media));
        if (field.MirrorOf is not null) parts.Add($"Written as a copy of <c>{CodeWriter.Xml(field.MirrorOf)}</c>.");
        if (field.DefaultJson is not null) parts.Add($"Service default: <c>{CodeWriter.Xml(field.DefaultJson)}</c>.");
        if (field.ErrorCode is not null) parts.Add($"The service rejects a bad value with <c>{CodeWriter.Xml(field.ErrorCode)}</c>.");
        parts.Add($"JSON: <c>{CodeWriter.Xml(field.Path)}</c>.");
        return string.Join(" ", parts);
    }

    /// <summary><c>a</c>, <c>b</c>, <c>c</c>; past <see cref="ListedValues"/>, the first ones and how many there are.</summary>
    public static string Values(EquatableArray<EnumValueSpec> values)
    {
        var listed = string.Join(", ", values.Take(ListedValues).Select(v => $"<c>{CodeWriter.Xml(v.Value)}</c>"));
        return values.Count <= ListedValues ? listed : $"{listed}, … ({values.Count} values in all)";
    }

    private static string Media(MediaSpec media)
    {
        var limits = new List<string>();
        if (media.Formats.Count > 0) limits.Add(string.Join("/", media.Formats.Select(f => f.ToUpperInvariant())));
        if (media.MaxMegabytes is not null) limits.Add($"at most {media.MaxMegabytes} MB");
        if (media.MinSide is not null) limits.Add($"sides at least {media.MinSide} px");
        if (media.MaxSide is not null) limits.Add($"sides at most {media.MaxSide} px");
        if (media.MinSeconds is not null && media.MaxSeconds is not null) limits.Add($"{media.MinSeconds}-{media.MaxSeconds} s");
        else if (media.MaxSeconds is not null) limits.Add($"at most {media.MaxSeconds} s");
        else if (media.MinSeconds is not null) limits.Add($"at least {media.MinSeconds} s");
        var text = limits.Count == 0 ? $"Media ({media.Kind})." : $"Media ({media.Kind}): {string.Join(", ", limits)}.";
        if (media.Notes.Length > 0) text += " " + CodeWriter.Xml(media.Notes.TrimEnd('.')) + ".";
        return text + " Only the file extension is checked before sending; the service checks the rest.";
    }

    /// <summary>A rule in words, for the docs of the request it binds.</summary>
    public static string Rule(RuleSpec rule)
    {
        if (rule.Description.Length > 0) return CodeWriter.Xml(rule.Description.TrimEnd('.'));
        return rule.Kind switch
        {
            RuleKind.Sum => Code(rule.Field!) + " " + CodeWriter.Xml(LimitText.SumRule(rule.List!, rule.ItemField!)),
            RuleKind.Count => Code(rule.List!) + " " + CodeWriter.Xml(LimitText.CountRule(rule.ItemField!, rule.Value!, rule.Min, rule.Max)),
            RuleKind.TotalCount => string.Join(" + ", rule.Fields.Select(Code)) + " " + LimitText.TotalCountRule(rule.Min, rule.Max),
            _ => string.Join("; ", rule.Fields.Select(f => Code(f) + " " + CodeWriter.Xml(LimitText.RequiresRule(rule.Field!)))),
        };
    }

    private static string Code(string name) => $"<c>{CodeWriter.Xml(name)}</c>";

    /// <summary>A rule sentence as a doc sentence: "must be between 3 and 15" → "Must be between 3 and 15.".</summary>
    private static string Sentence(string rule) => CodeWriter.Xml(char.ToUpperInvariant(rule[0]) + rule.Substring(1)) + ".";

    private static double? Number(string? text) => text is null ? null : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
