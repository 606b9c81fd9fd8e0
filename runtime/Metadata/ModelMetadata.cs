using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
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
    public static ModelMetadata Parse(string modelId, string json)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var fields = ReadFields(root, "fields");
        var operations = new List<JsonElement>();
        foreach (var operation in root.GetProperty("operations").EnumerateArray()) operations.Add(operation.Clone());
        var pricing = root.TryGetProperty("pricing", out var table) ? ReadPricing(table) : null;
        // A kind this runtime does not know yet (a newer manifest) is Unknown rather than a failure to load the model.
        var resultKind = Enum.TryParse<GenerationResultKind>(String(root, "result"), ignoreCase: true, out var kind) ? kind : GenerationResultKind.Unknown;
        return new ModelMetadata(modelId, resultKind, fields, operations.ToArray(), pricing);
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
            foreach (var rule in ruleArray.EnumerateArray()) rules.Add(ReadRule(rule));
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

    private static PricingInfo ReadPricing(JsonElement table)
    {
        var rates = new List<RateInfo>();
        foreach (var rate in table.GetProperty("rates").EnumerateArray())
        {
            var when = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var condition in rate.GetProperty("when").EnumerateObject()) when[condition.Name] = condition.Value.Clone();
            rates.Add(new RateInfo { When = when, CreditsPerSecond = rate.GetProperty("credits").GetDouble() });
        }

        return new PricingInfo { PerSecondOf = table.GetProperty("perSecondOf").GetString()!, Description = String(table, "description") ?? "", Rates = rates.ToArray() };
    }

    /// <summary>The fields listed under <paramref name="name"/>; none when it is absent.</summary>
    private static FieldInfo[] ReadFields(JsonElement owner, string name)
    {
        if (!owner.TryGetProperty(name, out var array)) return [];
        var fields = new FieldInfo[array.GetArrayLength()];
        var i = 0;
        foreach (var field in array.EnumerateArray()) fields[i++] = ReadField(field);
        return fields;
    }

    private static FieldInfo ReadField(JsonElement field)
    {
        return new FieldInfo
        {
            Name = String(field, "name") ?? "",
            Path = String(field, "path") ?? "",
            PropertyName = String(field, "property") ?? "",
            Kind = Enum.Parse<FieldKind>(field.GetProperty("kind").GetString()!, ignoreCase: true),
            // A role this runtime does not know yet (a newer manifest) is None, as if undeclared.
            Role = Enum.TryParse<FieldRole>(String(field, "role"), ignoreCase: true, out var role) ? role : FieldRole.None,
            IsRequired = field.TryGetProperty("required", out var required) && required.GetBoolean(),
            DefaultJson = String(field, "default"),
            Description = String(field, "description") ?? "",
            AllowedValues = Strings(field, "values"),
            Minimum = Double(field, "minimum"),
            Maximum = Double(field, "maximum"),
            MinLength = Int(field, "minLength"),
            MaxLength = Int(field, "maxLength"),
            CjkCountsDouble = field.TryGetProperty("cjkCountsDouble", out var cjk) && cjk.GetBoolean(),
            MinItems = Int(field, "minItems"),
            MaxItems = Int(field, "maxItems"),
            Format = String(field, "format"),
            Media = field.TryGetProperty("media", out var media) ? ReadMedia(media) : null,
            ErrorCode = String(field, "errorCode"),
            ConstantJson = String(field, "const"),
            MirrorOf = String(field, "mirrorOf"),
            ItemFields = ReadFields(field, "items"),
            Variants = ReadFields(field, "variants"),
        };
    }

    private static MediaLimits ReadMedia(JsonElement media) => new()
    {
        Kind = String(media, "kind") ?? "",
        Formats = Strings(media, "formats"),
        MaxMegabytes = Double(media, "maxMegabytes"),
        MinSide = Int(media, "minSide"),
        MaxSide = Int(media, "maxSide"),
        MinSeconds = Double(media, "minSeconds"),
        MaxSeconds = Double(media, "maxSeconds"),
        Notes = String(media, "notes") ?? "",
    };

    private static RuleInfo ReadRule(JsonElement rule) => new()
    {
        Kind = Enum.Parse<RuleKind>(rule.GetProperty("kind").GetString()!, ignoreCase: true),
        Field = String(rule, "field"),
        List = String(rule, "list"),
        ItemField = String(rule, "itemField"),
        Value = String(rule, "value"),
        Fields = Strings(rule, "fields"),
        Min = Int(rule, "min"),
        Max = Int(rule, "max"),
        Description = String(rule, "description") ?? "",
        ErrorCode = String(rule, "errorCode"),
    };

    private static string? String(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetInt32() : null;

    private static double? Double(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? double.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    private static string[] Strings(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var array)) return [];
        var values = new string[array.GetArrayLength()];
        var i = 0;
        foreach (var value in array.EnumerateArray()) values[i++] = value.GetString()!;
        return values;
    }
}
