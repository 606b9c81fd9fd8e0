using System;
using System.Collections.Generic;
using System.Text.Json;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated;

/// <summary>
/// One operation of one model: where it is sent, how, and every field with its limits, allowed values and docs
/// (what tools such as a command line or an adapter read to offer the fields).
/// </summary>
public sealed class OperationInfo
{
    /// <summary>The model id the service expects, e.g. <c>happyhorse-1.0/video</c>.</summary>
    public required string ModelId { get; init; }

    /// <summary>The operation id from the manifest, e.g. <c>text-to-video</c>.</summary>
    public required string OperationId { get; init; }

    /// <summary>What the model makes (videos or images), as its manifest states it.</summary>
    public GenerationResultKind ResultKind { get; init; }

    /// <summary>What the operation does, in the service's words.</summary>
    public string Description { get; init; } = "";

    /// <summary>The dialect the model speaks.</summary>
    public required ProtocolProfile Profile
    {
        get;
        init
        {
            field = value;
            ModelFieldName = value.Submit.ModelField is { } name ? JsonEncodedText.Encode(name) : null;
        }
    }

    /// <summary>The model's price table, or <see langword="null"/> when the manifest gives none.</summary>
    public PricingInfo? Pricing { get; init; }

    /// <summary>The submit path when the operation differs from its profile's, else <see langword="null"/>.</summary>
    public string? SubmitPathOverride { get; init; }

    /// <summary>Every field the manifest declares for this operation, in manifest order.</summary>
    public IReadOnlyList<FieldInfo> Fields { get; init; } = [];

    /// <summary>The rules that bind several fields of this operation.</summary>
    public IReadOnlyList<RuleInfo> Rules { get; init; } = [];

    /// <summary>The JSON path of every field the manifest declares for this operation.</summary>
    public IReadOnlyList<string> FieldPaths => field ??= Array.ConvertAll([.. Fields], f => f.Path);

    /// <summary>How the request body is encoded.</summary>
    internal RequestContentType ContentType { get; init; }

    /// <summary>
    /// What tells a body of this operation apart from the model's others: JSON paths that must be present
    /// (<c>image_urls</c>) or list items that must hold a value (<c>input.media[].type=last_frame</c>).
    /// </summary>
    public IReadOnlyList<string> IdentifiedBy { get; init; } = [];

    /// <summary>The field named <paramref name="name"/> in the manifest, or <see langword="null"/>.</summary>
    public FieldInfo? FindField(string name) => FieldInfo.Find(Fields, name);

    /// <summary>The settable field whose manifest declares <paramref name="role"/>, or <see langword="null"/>.</summary>
    public FieldInfo? FieldWithRole(FieldRole role)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Role == role && Fields[i].IsSettable) return Fields[i];
        }

        return null;
    }

    /// <summary>Checks a JSON request body of this operation against every rule of its fields: the service's (and the emulator's) view of a request.</summary>
    public ValidationResult ValidateBody(JsonElement body) => BodyValidator.Validate(this, body);

    /// <summary>
    /// The credits <paramref name="request"/> costs by the model's price table, read from the body it would send (see
    /// <see cref="EstimateCredits(JsonElement)"/>): typed requests and requests held as JSON are priced by one rule.
    /// </summary>
    public double? EstimateCredits(IGenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Pricing is null) return null;
        using var body = JsonDocument.Parse(RequestBody.ToUtf8Json(request));
        return EstimateCredits(body.RootElement);
    }

    /// <summary>
    /// The credits a request body of this operation costs by the model's price table: the rate for its values times
    /// the seconds of output (the duration field, else the sum its rules give, else the service's default).
    /// <see langword="null"/> when the model has no price table or the table has no rate for the values.
    /// </summary>
    public double? EstimateCredits(JsonElement body)
    {
        if (Pricing is not { } pricing || FindField(pricing.PerSecondOf) is not { } durationField) return null;
        var seconds = Number(ValueOf(body, durationField));
        foreach (var rule in Rules)
        {
            if (seconds is not null) break;
            if (rule.Kind != RuleKind.Sum || rule.Field != durationField.Name || FindField(rule.List!) is not { } list) continue;
            if (ValueOf(body, list) is not { ValueKind: JsonValueKind.Array } items || FieldInfo.Find(list.ItemFields, rule.ItemField!) is not { } part) continue;
            double sum = 0;
            foreach (var item in items.EnumerateArray()) sum += Number(ValueOf(item, part)) ?? 0;
            seconds = sum;
        }

        if ((seconds ?? Number(Default(durationField))) is not { } total) return null;
        foreach (var rate in pricing.Rates)
        {
            var matches = true;
            foreach (var (name, expected) in rate.When)
            {
                var field = FindField(name);
                var actual = field is null ? null : ValueOf(body, field) ?? Default(field);
                if (actual is not { } value || value.GetRawText() != expected.GetRawText()) matches = false;
            }

            if (matches) return rate.CreditsPerSecond * total;
        }

        return null;

        static JsonElement? ValueOf(JsonElement owner, FieldInfo field) =>
            field.BodyPath is { } path && path.TryFind(owner, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

        static JsonElement? Default(FieldInfo field) => field.DefaultJson is { } json ? JsonElement.Parse(json) : null;

        static double? Number(JsonElement? value) => value is { ValueKind: JsonValueKind.Number } number ? number.GetDouble() : null;
    }

    /// <summary>Whether <paramref name="body"/> has everything <see cref="IdentifiedBy"/> lists.</summary>
    public bool IsIdentifiedBy(JsonElement body)
    {
        foreach (var marker in IdentifiedBy)
        {
            var list = marker.IndexOf("[].", StringComparison.Ordinal);
            if (list < 0)
            {
                if (!ResponsePath.Parse(marker).TryFind(body, out _)) return false;
                continue;
            }

            var equals = marker.IndexOf('=', StringComparison.Ordinal);
            var itemPath = ResponsePath.Parse(marker[(list + 3)..equals]);
            var expected = marker[(equals + 1)..];
            if (!ResponsePath.Parse(marker[..list]).TryFind(body, out var items) || items.ValueKind != JsonValueKind.Array) return false;
            var found = false;
            foreach (var item in items.EnumerateArray())
            {
                if (itemPath.TryFind(item, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() == expected) found = true;
            }

            if (!found) return false;
        }

        return true;
    }

    /// <summary>The name the model id is sent under, encoded once for writers.</summary>
    internal JsonEncodedText? ModelFieldName { get; private init; }

    /// <summary>Whether tasks of this operation can be canceled (its dialect has a cancel call).</summary>
    public bool CanCancel => Profile.Cancel is not null;

    /// <summary>The path requests are submitted to.</summary>
    public string SubmitPath => SubmitPathOverride ?? Profile.Submit.Path;

    /// <inheritdoc />
    public override string ToString() => $"{ModelId} {OperationId}";
}
