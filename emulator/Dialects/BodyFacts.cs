using System;
using System.Globalization;
using System.Text.Json;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Emulator.Dialects;

/// <summary>
/// The few request values the emulator acts on beyond validation: how many images, how many seconds of video,
/// whether images come back inline. Read leniently (a form sends numbers as text).
/// </summary>
internal static class BodyFacts
{
    /// <summary>The most images one task returns, whatever <c>n</c> asks for (the seed says "usually keep 1").</summary>
    public const int MaxImages = 10;

    /// <summary>The video length assumed when a body gives none (the most common default in the seeds).</summary>
    public const double DefaultVideoSeconds = 5;

    // Where the catalog's video bodies carry their length: top level, HappyHorse's metadata, Wan's parameters.
    private static readonly ResponsePath[] DurationPaths = [ResponsePath.Parse("duration"), ResponsePath.Parse("metadata.duration"), ResponsePath.Parse("parameters.duration")];

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

    /// <summary>The body's video length in seconds, <see cref="DefaultVideoSeconds"/> when it gives none.</summary>
    public static double VideoSeconds(JsonElement body)
    {
        foreach (var path in DurationPaths)
        {
            if (NumberAt(body, path) is { } seconds && seconds > 0) return seconds;
        }

        return DefaultVideoSeconds;
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
