namespace HappyHorse.Generated.Generator.Model;

// The manifest model the reader produces and the emitters consume. Records with named init members (as
// System.Text.Json's PropertyGenerationSpec) compared by value, so the incremental pipeline caches them. A member that
// the runtime reads back from the generated metadata has the name of the runtime's member (FieldInfo, MediaLimits,
// RuleInfo, PricingInfo, RateInfo): MetadataEmitter writes each under that name in camelCase, and ModelMetadata reads
// it with a camelCase JSON policy, so no name is translated in between. FieldKind, RuleKind and FieldRole are the
// runtime's own enums (runtime/Metadata, linked into this project).

/// <summary>One model, as its manifest describes it; the unit the emitter turns into a C# file.</summary>
internal sealed record ModelSpec
{
    public required string ModelId { get; init; }

    public required string TypeName { get; init; }

    public required string Title { get; init; }

    public required string Description { get; init; }

    public required string ProfileId { get; init; }

    public required ModelLocations Locations { get; init; }

    /// <summary>What a task of the model makes (<c>image</c>, <c>video</c>, …), as the manifest's <c>result</c> says.</summary>
    public required string Result { get; init; }

    public EquatableArray<OperationSpec> Operations { get; init; }

    public PricingSpec? Pricing { get; init; }
}

/// <summary>Where a model's identity is written, for the diagnostics that need other files to be judged (unknown profile, duplicates).</summary>
internal sealed record ModelLocations
{
    public required LocationInfo Model { get; init; }

    public LocationInfo? TypeName { get; init; }

    public required LocationInfo Profile { get; init; }
}

/// <summary>One operation of a model: the fields a request of that kind may carry.</summary>
internal sealed record OperationSpec
{
    public required string Id { get; init; }

    public required string TypeName { get; init; }

    public string Description { get; init; } = string.Empty;

    public string? SubmitPath { get; init; }

    public string? ContentType { get; init; }

    public EquatableArray<string> IdentifiedBy { get; init; }

    public EquatableArray<FieldSpec> Fields { get; init; }

    public EquatableArray<RuleSpec> Rules { get; init; }
}

/// <summary>A cross-field rule (the runtime's <c>RuleInfo</c>); which members matter depends on <see cref="Kind"/>.</summary>
internal sealed record RuleSpec
{
    public required RuleKind Kind { get; init; }

    public string? Field { get; init; }

    public string? List { get; init; }

    public string? ItemField { get; init; }

    public string? Value { get; init; }

    public EquatableArray<string> Fields { get; init; }

    public int? Min { get; init; }

    public int? Max { get; init; }

    public string Description { get; init; } = string.Empty;

    public string? ErrorCode { get; init; }
}

/// <summary>
/// One field of a request body with every rule the manifest gives it (the runtime's <c>FieldInfo</c>). Numbers stay as
/// their manifest text so output never depends on culture.
/// </summary>
internal sealed record FieldSpec
{
    /// <summary>The manifest name; empty for a variant of a union, which is named as the union.</summary>
    public required string Name { get; init; }

    public required string Path { get; init; }

    public required string PropertyName { get; init; }

    public required FieldKind Kind { get; init; }

    public FieldRole Role { get; init; }

    public bool IsRequired { get; init; }

    public string? DefaultJson { get; init; }

    public string Description { get; init; } = string.Empty;

    /// <summary>The values of a closed set, in manifest order, each with the C# member it becomes; written to metadata as the values only.</summary>
    public EquatableArray<EnumValueSpec> AllowedValues { get; init; }

    public string? Minimum { get; init; }

    public string? Maximum { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public bool CjkCountsDouble { get; init; }

    public int? MinItems { get; init; }

    public int? MaxItems { get; init; }

    public string? Format { get; init; }

    public MediaSpec? Media { get; init; }

    public string? ErrorCode { get; init; }

    public string? ConstantJson { get; init; }

    public string? MirrorOf { get; init; }

    /// <summary>The item class of an array of objects; its fields are written to metadata as <c>itemFields</c>.</summary>
    public ItemTypeSpec? ItemType { get; init; }

    /// <summary>The class of a field of several shapes; its variants are written to metadata as <c>variants</c>.</summary>
    public UnionTypeSpec? UnionType { get; init; }
}

/// <summary>A field that takes one of several shapes (e.g. a string or a list of parts), emitted as a nested class with one property per variant.</summary>
internal sealed record UnionTypeSpec
{
    public required string TypeName { get; init; }

    public string Description { get; init; } = string.Empty;

    public EquatableArray<FieldSpec> Variants { get; init; }
}

/// <summary>The object type of an array-of-objects field, emitted once per model as a nested class.</summary>
internal sealed record ItemTypeSpec
{
    public required string TypeName { get; init; }

    public string Description { get; init; } = string.Empty;

    public EquatableArray<FieldSpec> Fields { get; init; }
}

/// <summary>One allowed value of an enumerated string field.</summary>
internal sealed record EnumValueSpec
{
    public required string Value { get; init; }

    public required string MemberName { get; init; }

    public string Description { get; init; } = string.Empty;
}

/// <summary>What a media input may be (the runtime's <c>MediaLimits</c>). Only what needs no download is checked (the URL's file extension); the rest is documented.</summary>
internal sealed record MediaSpec
{
    public required string Kind { get; init; }

    public EquatableArray<string> Formats { get; init; }

    public string? MaxMegabytes { get; init; }

    public int? MinSide { get; init; }

    public int? MaxSide { get; init; }

    public string? MinSeconds { get; init; }

    public string? MaxSeconds { get; init; }

    public string Notes { get; init; } = string.Empty;
}

/// <summary>Credits per second of output, chosen by the values of enumerated or boolean fields (the runtime's <c>PricingInfo</c>).</summary>
internal sealed record PricingSpec
{
    /// <summary>The field that gives the seconds of output.</summary>
    public required string PerSecondOf { get; init; }

    public EquatableArray<RateSpec> Rates { get; init; }

    public string Description { get; init; } = string.Empty;
}

/// <summary>One rate: the credits per second when every condition holds (defaults applied); the runtime's <c>RateInfo</c>.</summary>
internal sealed record RateSpec
{
    /// <summary>Each condition's field and value; written to metadata as one JSON object.</summary>
    public EquatableArray<ConditionSpec> When { get; init; }

    /// <summary>The manifest's number text.</summary>
    public required string CreditsPerSecond { get; init; }
}

/// <summary>A field and the JSON value it must have.</summary>
internal sealed record ConditionSpec
{
    public required string Field { get; init; }

    public required string ValueJson { get; init; }
}
