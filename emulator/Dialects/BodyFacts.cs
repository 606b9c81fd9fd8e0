using System;
using System.Globalization;
using System.Text.Json;
using HappyHorse.Generated;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Emulator.Dialects;

/// <summary>
/// The few request values the emulator acts on beyond validation: how many images and whether they come back
/// inline (sizes, lengths and sound: <c>Media.RequestedMedia</c>), each from the field whose manifest declares that role. Read leniently (a form
/// sends numbers as text).
/// </summary>
internal static class BodyFacts
{
    /// <summary>The most images one task returns, whatever <c>n</c> asks for (the documentation says "usually keep 1").</summary>
    public const int MaxImages = 10;

    /// <summary>The body's image count, from the field the manifest declares as the <c>count</c> (1 when absent), at most <see cref="MaxImages"/>.</summary>
    public static int ImageCount(JsonElement body, OperationInfo operation) =>
        NumberAt(body, operation.FieldWithRole(FieldRole.Count)) is { } count ? (int)Math.Clamp(count, 1, MaxImages) : 1;

    /// <summary>Whether the body asks for base64 images: <c>b64_json</c> in the field declared as the <c>responseFormat</c>.</summary>
    public static bool WantsBase64(JsonElement body, OperationInfo operation) =>
        operation.FieldWithRole(FieldRole.ResponseFormat) is { } field && ResponsePath.Parse(field.Path).TryFind(body, out var format)
        && format.ValueKind == JsonValueKind.String && format.GetString() == "b64_json";

    private static double? NumberAt(JsonElement body, FieldInfo? field)
    {
        if (field is null || !ResponsePath.Parse(field.Path).TryFind(body, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
        return value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
    }
}
