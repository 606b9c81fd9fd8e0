using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated;

/// <summary>
/// The fields and operations of one model, read once from the compact description the generator writes into each
/// model class. Generated builders, the emulator and tools all read field limits, allowed values and docs from here,
/// so the generated code does not repeat them.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ModelMetadata
{
    private readonly string _modelId;
    private readonly JsonElement[] _operations;
    private readonly GenerationResultKind _resultKind;
    private readonly PricingInfo? _pricing;

    private ModelMetadata(string modelId, GenerationResultKind resultKind, FieldInfo[] fields, JsonElement[] operations, PricingInfo? pricing)
    {
        _modelId = modelId;
        _resultKind = resultKind;
        Fields = fields;
        _operations = operations;
        _pricing = pricing;
    }

    /// <summary>Every field of the model, each once; operations and generated code refer to them by position.</summary>
    public IReadOnlyList<FieldInfo> Fields { get; }

    /// <summary>Reads the description the generator wrote for <paramref name="modelId"/>.</summary>
    /// <param name="modelId">The model id.</param>
    /// <param name="utf8Json">The description as UTF-8 JSON: generated code passes a <c>u8</c> literal, data in the assembly rather than a
    /// string in its user-string heap (16 MB of UTF-16 for the whole assembly), so a model with a huge enumeration still builds.</param>
    public static ModelMetadata Parse(string modelId, ReadOnlySpan<byte> utf8Json)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        var document = JsonSerializer.Deserialize(utf8Json, ModelMetadataJson.Default.ModelDocument)
            ?? throw new JsonException($"The metadata of {modelId} is null.");
        // A kind this runtime does not know yet (a newer manifest) is Unknown rather than a failure to load the model.
        var resultKind = Enum.TryParse<GenerationResultKind>(document.Result, ignoreCase: true, out var kind) ? kind : GenerationResultKind.Unknown;
        return new ModelMetadata(modelId, resultKind, document.Fields, document.Operations, document.Pricing);
    }

    /// <summary>The operation at <paramref name="index"/> in the manifest, speaking <paramref name="profile"/>.</summary>
    public OperationInfo Operation(int index, ProtocolProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var operation = _operations[index];
        var fields = new List<FieldInfo>();
        foreach (var position in operation.GetProperty("fields").EnumerateArray()) fields.Add(Fields[position.GetInt32()]);
        var rules = new List<RuleInfo>();
        if (operation.TryGetProperty("rules", out var ruleArray))
        {
            foreach (var rule in ruleArray.EnumerateArray()) rules.Add(rule.Deserialize(ModelMetadataJson.Default.RuleInfo)!);
        }

        return new OperationInfo
        {
            ModelId = _modelId,
            OperationId = operation.GetProperty("id").GetString()!,
            ResultKind = _resultKind,
            Description = String(operation, "description") ?? "",
            Profile = profile,
            SubmitPathOverride = String(operation, "submitPath"),
            ContentType = String(operation, "contentType") == "multipart" ? RequestContentType.Multipart : RequestContentType.Json,
            IdentifiedBy = Strings(operation, "identifiedBy"),
            Fields = fields.ToArray(),
            Rules = rules.ToArray(),
            Pricing = _pricing,
        };
    }

    private static string? String(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static string[] Strings(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var array)) return [];
        var values = new string[array.GetArrayLength()];
        var i = 0;
        foreach (var value in array.EnumerateArray()) values[i++] = value.GetString()!;
        return values;
    }
}

/// <summary>
/// The shape of the metadata the generator writes: the generator's model, each member under the name the runtime's
/// <see cref="FieldInfo"/>, <see cref="RuleInfo"/> and <see cref="PricingInfo"/> give it (camelCase), enums by member name.
/// </summary>
internal sealed class ModelDocument
{
    public required string Result { get; init; }

    public required FieldInfo[] Fields { get; init; }

    /// <summary>Kept as JSON and read when the operation is first asked for: a consumer rarely uses every operation.</summary>
    public required JsonElement[] Operations { get; init; }

    public PricingInfo? Pricing { get; init; }
}

/// <summary>Reads a role this runtime does not know yet (from a newer generator) as <see cref="FieldRole.None"/>, as if undeclared.</summary>
internal sealed class LenientFieldRoleConverter : JsonConverter<FieldRole>
{
    public override FieldRole Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Enum.TryParse<FieldRole>(reader.GetString(), ignoreCase: true, out var role) ? role : FieldRole.None;

    public override void Write(Utf8JsonWriter writer, FieldRole value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, Converters = [typeof(LenientFieldRoleConverter)])]
[JsonSerializable(typeof(ModelDocument))]
[JsonSerializable(typeof(RuleInfo))]
internal sealed partial class ModelMetadataJson : JsonSerializerContext
{
}
