namespace HappyHorse.Generated.Generator.Model;

/// <summary>One model, as its manifest describes it; the unit the emitter turns into a C# file.</summary>
internal sealed record ModelSpec(
    string ModelId,
    string TypeName,
    string Title,
    string Description,
    string ProfileId,
    ModelLocations Locations,
    string ResultKind,
    EquatableArray<OperationSpec> Operations,
    PricingSpec? Pricing);

/// <summary>Where a model's identity is written, for the diagnostics that need other files to be judged (unknown profile, duplicates).</summary>
internal sealed record ModelLocations(LocationInfo Model, LocationInfo? TypeName, LocationInfo Profile);

/// <summary>One operation of a model: the fields a request of that kind may carry.</summary>
internal sealed record OperationSpec(
    string Id,
    string TypeName,
    string Description,
    string? SubmitPath,
    string? ContentType,
    EquatableArray<string> IdentifiedBy,
    EquatableArray<FieldSpec> Fields,
    EquatableArray<RuleSpec> Rules);

/// <summary>The kinds of cross-field rule.</summary>
internal enum RuleKind
{
    /// <summary><c>Field</c>, when set, equals the sum of <c>ItemField</c> over the items of <c>List</c>.</summary>
    Sum,

    /// <summary>The items of <c>List</c> whose <c>ItemField</c> equals <c>Value</c> number between <c>Min</c> and <c>Max</c>.</summary>
    Count,

    /// <summary>The values of <c>Fields</c> together (a set string counts 1, a list its items) number between <c>Min</c> and <c>Max</c>.</summary>
    TotalCount,

    /// <summary>When <c>Field</c> is set, every one of <c>Fields</c> must be set too.</summary>
    Requires,
}

/// <summary>A cross-field rule; which members matter depends on <see cref="Kind"/>.</summary>
internal sealed record RuleSpec(
    RuleKind Kind,
    string? Field,
    string? List,
    string? ItemField,
    string? Value,
    EquatableArray<string> Fields,
    int? Min,
    int? Max,
    string Description,
    string? ErrorCode);

/// <summary>The JSON shapes a field can take.</summary>
internal enum FieldKind
{
    String,
    Integer,
    Number,
    Boolean,
    StringArray,
    ObjectArray,
    Union,
}

/// <summary>One field of a request body with every rule the manifest gives it. Numbers stay as their manifest text so output never depends on culture.</summary>
internal sealed record FieldSpec(
    string Name,
    string Path,
    string PropertyName,
    FieldKind Kind,
    bool Required,
    string? DefaultJson,
    string Description,
    EquatableArray<EnumValueSpec> EnumValues,
    string? Minimum,
    string? Maximum,
    int? MinLength,
    int? MaxLength,
    bool CjkCountsDouble,
    int? MinItems,
    int? MaxItems,
    string? ItemFormat,
    string? ErrorCode,
    string? ConstJson,
    string? MirrorOf,
    MediaSpec? Media,
    ItemTypeSpec? ItemType,
    UnionTypeSpec? UnionType = null,
    FieldRole Role = FieldRole.None);

/// <summary>A field that takes one of several shapes (e.g. a string or a list of parts), emitted as a nested class with one property per variant.</summary>
internal sealed record UnionTypeSpec(string TypeName, string Description, EquatableArray<FieldSpec> Variants);

/// <summary>The object type of an array-of-objects field, emitted once per model as a nested class.</summary>
internal sealed record ItemTypeSpec(string TypeName, string Description, EquatableArray<FieldSpec> Fields);

/// <summary>One allowed value of an enumerated string field.</summary>
internal sealed record EnumValueSpec(string Value, string MemberName, string Description);

/// <summary>What a media input may be. Only what needs no download is checked (the URL's file extension); the rest is documented.</summary>
internal sealed record MediaSpec(
    string Kind,
    EquatableArray<string> Formats,
    string? MaxMegabytes,
    int? MinSide,
    int? MaxSide,
    string? MinSeconds,
    string? MaxSeconds,
    string Notes);

/// <summary>Credits per second of output, chosen by the values of enumerated or boolean fields.</summary>
internal sealed record PricingSpec(string DurationField, EquatableArray<RateSpec> Rates, string Description);

/// <summary>One rate: the credits per second when every condition holds (defaults applied).</summary>
internal sealed record RateSpec(EquatableArray<ConditionSpec> When, string CreditsPerSecond);

/// <summary>A field and the JSON value it must have.</summary>
internal sealed record ConditionSpec(string Field, string ValueJson);
