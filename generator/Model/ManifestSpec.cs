namespace HappyHorse.Generated.Generator.Model;

/// <summary>One model, as its manifest describes it; the unit the emitter turns into a C# file.</summary>
internal sealed record ModelSpec(
    string ModelId,
    string TypeName,
    string Title,
    string Description,
    string ProfileId,
    LocationInfo? ProfileLocation,
    string ResultKind,
    EquatableArray<OperationSpec> Operations);

/// <summary>One operation of a model: the fields a request of that kind may carry.</summary>
internal sealed record OperationSpec(
    string Id,
    string TypeName,
    string Description,
    string? SubmitPath,
    EquatableArray<string> IdentifiedBy,
    EquatableArray<FieldSpec> Fields,
    EquatableArray<SumRuleSpec> SumRules);

/// <summary>A cross-field rule: when both are set, <c>Field</c> must equal the sum of <c>ItemField</c> over the items of <c>ListField</c>.</summary>
internal sealed record SumRuleSpec(string Field, string ListField, string ItemField, string? ErrorCode);

/// <summary>The JSON shapes a field can take.</summary>
internal enum FieldKind
{
    String,
    Integer,
    Number,
    Boolean,
    StringArray,
    ObjectArray,
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
    int? MinItems,
    int? MaxItems,
    string? ItemFormat,
    string? ErrorCode,
    string? ConstJson,
    ItemTypeSpec? ItemType);

/// <summary>The object type of an array-of-objects field, emitted once per model as a nested class.</summary>
internal sealed record ItemTypeSpec(string TypeName, string Description, EquatableArray<FieldSpec> Fields);

/// <summary>One allowed value of an enumerated string field.</summary>
internal sealed record EnumValueSpec(string Value, string MemberName, string Description);
