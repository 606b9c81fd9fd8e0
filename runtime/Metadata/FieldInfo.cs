using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HappyHorse.Generated;

/// <summary>
/// One field of a request, with every rule its manifest gives it: what the generated builders check, the emulator
/// checks bodies with, and tools (a command line, adapters) read to offer the field.
/// </summary>
/// <remarks>
/// Read from the generator's metadata by System.Text.Json's source generator, which sets an init-only member the JSON
/// leaves out to <see langword="null"/> (dotnet/runtime#84484): so each defaulted list or text turns null into its default.
/// </remarks>
public sealed class FieldInfo
{
    /// <summary>The manifest name of the field, e.g. <c>duration</c>; problems are reported under it.</summary>
    public required string Name { get; init; }

    /// <summary>Where the field goes in the request body, dot-separated with list indexes, e.g. <c>input.prompt</c> or <c>instances[0].prompt</c>.</summary>
    public required string Path
    {
        get;
        init
        {
            field = value;
            ParentLength = value.LastIndexOf('.');
            JsonName = JsonEncodedText.Encode(value.AsSpan(ParentLength + 1));
        }
    }

    /// <summary>The length of the parent object's path in <see cref="Path"/> (<c>input</c> in <c>input.prompt</c>), or -1 for a top-level field.</summary>
    internal int ParentLength { get; private init; }

    /// <summary>The parsed <see cref="Path"/>, made on first use; <see langword="null"/> when the path is empty.</summary>
    internal HappyHorse.Generated.Protocol.ResponsePath? BodyPath => Path.Length == 0 ? null : field ??= HappyHorse.Generated.Protocol.ResponsePath.Parse(Path);

    /// <summary>The field's name in its JSON object (the last segment of <see cref="Path"/>), encoded once for writers.</summary>
    [JsonIgnore]
    public JsonEncodedText JsonName { get; private init; }

    /// <summary>The generated C# property, e.g. <c>Duration</c> (its setter is <c>With</c> + this name).</summary>
    public required string PropertyName { get; init; }

    /// <summary>The JSON shape of the value.</summary>
    public required FieldKind Kind { get; init; }

    /// <summary>What the field is for, as the manifest declares it (<see cref="FieldRole.None"/> when it declares none).</summary>
    public FieldRole Role { get; init; }

    /// <summary>Whether every request must set it.</summary>
    public bool IsRequired { get; init; }

    /// <summary>The value the service applies when the field is left out, as JSON text, or <see langword="null"/>.</summary>
    public string? DefaultJson { get; init; }

    /// <summary>What the field means, in the service's words.</summary>
    public string Description { get; init => field = value ?? ""; } = "";

    /// <summary>The values a closed set allows, in manifest order; empty for an open field.</summary>
    public IReadOnlyList<string> AllowedValues { get; init => field = value ?? []; } = [];

    /// <summary>The smallest number allowed, if any.</summary>
    public double? Minimum { get; init; }

    /// <summary>The largest number allowed, if any.</summary>
    public double? Maximum { get; init; }

    /// <summary>The fewest characters allowed, if any.</summary>
    public int? MinLength { get; init; }

    /// <summary>The most characters allowed, if any.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Whether a Chinese, Japanese or Korean character counts as two toward the length.</summary>
    public bool CjkCountsDouble { get; init; }

    /// <summary>The fewest items a list holds, if any.</summary>
    public int? MinItems { get; init; }

    /// <summary>The most items a list holds, if any.</summary>
    public int? MaxItems { get; init; }

    /// <summary>The format of the value (or of each item), e.g. <c>url</c>, or <see langword="null"/>.</summary>
    public string? Format { get; init; }

    /// <summary>What a media input may be, or <see langword="null"/> when the field is not a media link.</summary>
    public MediaLimits? Media { get; init; }

    /// <summary>The code the service answers a bad value with, when the manifest names one.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The fixed value the operation always sends, as JSON text; such a field has no setter.</summary>
    public string? ConstantJson { get; init; }

    /// <summary>The field this one is sent as a copy of, or <see langword="null"/>; such a field has no setter.</summary>
    public string? MirrorOf { get; init; }

    /// <summary>The fields of each item of an <see cref="FieldKind.ObjectArray"/>.</summary>
    public IReadOnlyList<FieldInfo> ItemFields { get; init => field = value ?? []; } = [];

    /// <summary>The shapes a <see cref="FieldKind.OneOf"/> value may take, each a field without a path of its own.</summary>
    public IReadOnlyList<FieldInfo> Variants { get; init => field = value ?? []; } = [];

    /// <summary>The allowed values as a set, built on first use for long lists.</summary>
    internal FrozenSet<string> AllowedSet => field ??= AllowedValues.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The field's range, length and item-count limits as the sentences validation reports a broken one with
    /// (<c>must be between 3 and 15</c>, <c>must not be empty</c>); empty when it has none.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<string> LimitRules => field ??= LimitText.Rules(Minimum, Maximum, MinLength, MaxLength, CjkCountsDouble, MinItems, MaxItems);

    /// <summary>Whether a caller sets it (neither fixed nor a copy of another field).</summary>
    [JsonIgnore]
    public bool IsSettable => ConstantJson is null && MirrorOf is null;

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>The field named <paramref name="name"/> among <paramref name="fields"/>, or <see langword="null"/>.</summary>
    internal static FieldInfo? Find(IReadOnlyList<FieldInfo> fields, string name)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Name == name) return fields[i];
        }

        return null;
    }
}

/// <summary>What a media input may be. Only the file extension is checked before sending; the service checks the rest.</summary>
public sealed class MediaLimits
{
    /// <summary><c>image</c>, <c>video</c> or <c>audio</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The file formats accepted, lower case (e.g. <c>png</c>); empty when any.</summary>
    public IReadOnlyList<string> Formats { get; init => field = value ?? []; } = [];

    /// <summary>The largest file, in megabytes, if any.</summary>
    public double? MaxMegabytes { get; init; }

    /// <summary>The shortest side in pixels, if any.</summary>
    public int? MinSide { get; init; }

    /// <summary>The longest side in pixels, if any.</summary>
    public int? MaxSide { get; init; }

    /// <summary>The shortest duration in seconds, if any.</summary>
    public double? MinSeconds { get; init; }

    /// <summary>The longest duration in seconds, if any.</summary>
    public double? MaxSeconds { get; init; }

    /// <summary>Other limits, in the service's words.</summary>
    public string Notes { get; init => field = value ?? ""; } = "";
}

/// <summary>A rule that binds several fields of one operation.</summary>
public sealed class RuleInfo
{
    /// <summary>What the rule checks.</summary>
    public required RuleKind Kind { get; init; }

    /// <summary>The field the rule is about (<see cref="RuleKind.Sum"/>, <see cref="RuleKind.Requires"/>).</summary>
    public string? Field { get; init; }

    /// <summary>The list field whose items are counted or summed.</summary>
    public string? List { get; init; }

    /// <summary>The item field that is summed or compared.</summary>
    public string? ItemField { get; init; }

    /// <summary>The item value counted (<see cref="RuleKind.Count"/>).</summary>
    public string? Value { get; init; }

    /// <summary>The fields counted together or required together.</summary>
    public IReadOnlyList<string> Fields { get; init => field = value ?? []; } = [];

    /// <summary>The fewest allowed, if any.</summary>
    public int? Min { get; init; }

    /// <summary>The most allowed, if any.</summary>
    public int? Max { get; init; }

    /// <summary>The rule in the service's words, when the manifest gives them.</summary>
    public string Description { get; init => field = value ?? ""; } = "";

    /// <summary>The code the service answers a broken rule with, when the manifest names one.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The rule in the words validation reports it with, e.g. <c>media must hold exactly 1 item whose type is 'video'</c>.</summary>
    public override string ToString() => Kind switch
    {
        RuleKind.Sum => Field + " " + LimitText.SumRule(List!, ItemField!),
        RuleKind.Count => List + " " + LimitText.CountRule(ItemField!, Value!, Min, Max),
        RuleKind.TotalCount => string.Join(" + ", Fields) + " " + LimitText.TotalCountRule(Min, Max),
        _ => string.Join("; ", Fields.Select(f => f + " " + LimitText.RequiresRule(Field!))),
    };
}
