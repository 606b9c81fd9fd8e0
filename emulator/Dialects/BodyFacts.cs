using System;
using System.Globalization;
using System.Text.Json;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Emulator.Dialects;

/// <summary>
/// The few request values the emulator acts on beyond validation: how many images and whether they come back
/// inline (sizes, lengths and sound: <c>Media.RequestedMedia</c>). Read leniently (a form sends numbers as text).
/// </summary>
internal static class BodyFacts
{
    /// <summary>The most images one task returns, whatever <c>n</c> asks for (the seed says "usually keep 1").</summary>
    public const int MaxImages = 10;

    // Where image bodies carry their count: the gateway's n; queue-style num_images; an input-wrapped one.
    private static readonly ResponsePath[] ImageCountPaths = [ResponsePath.Parse("n"), ResponsePath.Parse("num_images"), ResponsePath.Parse("input.num_outputs")];

    /// <summary>The body's <c>n</c> (or <c>num_images</c>; 1 when absent), at most <see cref="MaxImages"/>.</summary>
    public static int ImageCount(JsonElement body)
    {
        foreach (var path in ImageCountPaths)
        {
            if (NumberAt(body, path) is { } count) return (int)Math.Clamp(count, 1, MaxImages);
        }

        return 1;
    }

    /// <summary>Whether the body asks for base64 images (<c>response_format: b64_json</c>).</summary>
    public static bool WantsBase64(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() == "b64_json";

    private static double? NumberAt(JsonElement body, ResponsePath path)
    {
        if (!path.TryFind(body, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
        return value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
    }
}
