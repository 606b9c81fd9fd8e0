using System;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using HappyHorse.Generated;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Emulator.Media;

/// <summary>
/// What a request asks its result files to be: an image's size, a video's size, length and sound. Each value is the
/// body's, else the manifest's default for the field (the model's documented default), else the emulator's choice.
/// </summary>
/// <remarks>Fields are found by the role their manifest declares (<see cref="FieldRole.Size"/>, <see cref="FieldRole.Resolution"/>,
/// <see cref="FieldRole.AspectRatio"/>, <see cref="FieldRole.Duration"/>, <see cref="FieldRole.Audio"/>), never by their names:
/// a manifest that declares none gets the emulator's choices.</remarks>
internal static partial class RequestedMedia
{
    /// <summary>An image's long side when the request names no size or tier.</summary>
    public const int DefaultImageSide = 1024;

    /// <summary>A video's short side when the request names no resolution.</summary>
    public const int DefaultVideoShortSide = 720;

    /// <summary>A video's length when neither the request nor the manifest gives one.</summary>
    public const double DefaultVideoSeconds = 5;

    /// <summary>The image size: the size as <c>WxH</c>; else a tier (the size or resolution <c>1K</c>/<c>2K</c>/<c>4K</c>: the long side in units of 1024) in the aspect ratio (or a size that is a ratio).</summary>
    public static (int Width, int Height) ImageSize(JsonElement body, OperationInfo operation)
    {
        var size = Text(body, operation, FieldRole.Size);
        if (size is not null && Pixels().Match(size) is { Success: true } pixels)
        {
            return (Math.Clamp(Int(pixels.Groups[1].Value), 1, PngFile.MaxSide), Math.Clamp(Int(pixels.Groups[2].Value), 1, PngFile.MaxSide));
        }

        var tier = Tier(size) ?? Tier(Text(body, operation, FieldRole.Resolution));
        var longSide = Math.Min(tier is { } k ? (int)Math.Round(k * 1024) : DefaultImageSide, PngFile.MaxSide);
        var (w, h) = Ratio(Text(body, operation, FieldRole.AspectRatio)) ?? Ratio(size) ?? (1, 1);
        return w >= h
            ? (longSide, Math.Max(1, (int)Math.Round(longSide * h / w)))
            : (Math.Max(1, (int)Math.Round(longSide * w / h)), longSide);
    }

    /// <summary>
    /// The video size: the resolution (<c>480P</c>, <c>720p</c>, <c>1080P</c>, <c>2K</c>, <c>4K</c>) as the short side in
    /// the aspect ratio (16:9 when none or <c>auto</c>), even, scaled down to fit 1920×1080 or 1080×1920.
    /// </summary>
    public static (int Width, int Height) VideoSize(JsonElement body, OperationInfo operation)
    {
        var resolution = Text(body, operation, FieldRole.Resolution);
        var shortSide = resolution is null ? DefaultVideoShortSide
            : Lines().Match(resolution) is { Success: true } lines ? Int(lines.Groups[1].Value)
            : resolution.Equals("2K", StringComparison.OrdinalIgnoreCase) ? 1440
            : resolution.Equals("4K", StringComparison.OrdinalIgnoreCase) ? 2160
            : DefaultVideoShortSide;
        var (w, h) = Ratio(Text(body, operation, FieldRole.AspectRatio)) ?? (16, 9);
        double width = w >= h ? shortSide * w / h : shortSide, height = w >= h ? shortSide : shortSide * h / w;
        var fit = Math.Min(1, Math.Min(Mp4File.MaxLongSide / Math.Max(width, height), Mp4File.MaxShortSide / Math.Min(width, height)));
        return (Even(width * fit), Even(height * fit));

        static int Even(double value) => Math.Max(2, 2 * (int)Math.Round(value / 2));
    }

    /// <summary>The video's seconds: the duration (wherever its path puts it), else its manifest default, else 5.</summary>
    public static double VideoSeconds(JsonElement body, OperationInfo operation) =>
        Value(body, operation, FieldRole.Duration) is { } value && Number(value) is > 0 and var seconds ? Math.Min(seconds, Mp4File.MaxSeconds) : DefaultVideoSeconds;

    /// <summary>Whether the video has sound: the audio field's value or default when it is a boolean (<c>sound</c>), or any value of an audio setting (keep or generate audio).</summary>
    public static bool HasSound(JsonElement body, OperationInfo operation) =>
        Value(body, operation, FieldRole.Audio) is { } audio
        && (operation.FieldWithRole(FieldRole.Audio)?.Kind != FieldKind.Boolean
            || audio.ValueKind == JsonValueKind.True || (audio.ValueKind == JsonValueKind.String && audio.GetString() == "true"));

    private static string? Text(JsonElement body, OperationInfo operation, FieldRole role) =>
        Value(body, operation, role) is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;

    /// <summary>The value of the field with <paramref name="role"/>: the body's, else the manifest's default.</summary>
    private static JsonElement? Value(JsonElement body, OperationInfo operation, FieldRole role)
    {
        if (operation.FieldWithRole(role) is not { } field) return null;
        if (ResponsePath.Parse(field.Path).TryFind(body, out var value) && value.ValueKind != JsonValueKind.Null) return value;
        return field.DefaultJson is { } json ? JsonElement.Parse(json) : null;
    }

    private static double? Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };

    private static double? Tier(string? text) =>
        text is not null && Thousands().Match(text) is { Success: true } tier ? double.Parse(tier.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static (double W, double H)? Ratio(string? text) =>
        text is not null && RatioPattern().Match(text) is { Success: true } ratio && Int(ratio.Groups[1].Value) > 0 && Int(ratio.Groups[2].Value) > 0
            ? (Int(ratio.Groups[1].Value), Int(ratio.Groups[2].Value))
            : null;

    private static int Int(string digits) => int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : int.MaxValue;

    [GeneratedRegex(@"^\s*(\d{1,5})\s*[xX×*]\s*(\d{1,5})\s*$")]
    private static partial Regex Pixels();

    [GeneratedRegex(@"^\s*(\d{1,4})\s*[pP]?\s*$")]
    private static partial Regex Lines();

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*[kK]\s*$")]
    private static partial Regex Thousands();

    [GeneratedRegex(@"^\s*(\d{1,3})\s*:\s*(\d{1,3})\s*$")]
    private static partial Regex RatioPattern();
}
