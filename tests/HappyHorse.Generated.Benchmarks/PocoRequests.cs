using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

using static HappyHorse.Generated.Benchmarks.BaselineChecks;

namespace HappyHorse.Generated.Benchmarks;

/// <summary>
/// Baseline 3: the request as an idiomatic System.Text.Json POCO (JsonPropertyName, nulls left out), checked by
/// hand with the manifest's rules and serialized through a source-generated context into the caller's writer.
/// </summary>
internal static class PocoRequests
{
    public static void MultiShot(MultiShotInput input, Utf8JsonWriter writer)
    {
        var shots = new ShotBody[input.Shots.Length];
        for (var i = 0; i < shots.Length; i++) shots[i] = new ShotBody(input.Shots[i].Prompt, input.Shots[i].Duration);
        var body = new MultiShotBody
        {
            Mode = input.Mode,
            Duration = input.Duration,
            AspectRatio = input.AspectRatio,
            MultiPrompt = shots,
            Sound = input.Sound,
        };

        List<string>? problems = null;
        if (body.Mode is not null && body.Mode is not ("pro" or "std")) Add(ref problems, $"mode must be one of pro, std (was '{body.Mode}')");
        if (body.Duration is { } duration && (duration < 3 || duration > 15)) Add(ref problems, $"duration must be between 3 and 15 (was {duration})");
        if (body.AspectRatio is not null && body.AspectRatio is not ("16:9" or "9:16" or "1:1")) Add(ref problems, $"aspect_ratio must be one of 16:9, 9:16, 1:1 (was '{body.AspectRatio}')");
        if (body.CfgScale is { } cfg && !(double.IsFinite(cfg) && cfg >= 0 && cfg <= 1)) Add(ref problems, $"cfg_scale must be between 0 and 1 (was {cfg})");
        if (body.Elements is { } elements)
        {
            if (elements.Count > 3) Add(ref problems, $"happyhorse_elements must hold at most 3 items (held {elements.Count})");
            for (var i = 0; i < elements.Count; i++)
            {
                var element = elements[i];
                if (element is null) { Add(ref problems, $"happyhorse_elements[{i}] is required"); continue; }
                if (string.IsNullOrEmpty(element.Name)) Add(ref problems, $"happyhorse_elements[{i}].name must not be empty");
                if (element.ElementInputUrls is not { } urls) { Add(ref problems, $"happyhorse_elements[{i}].element_input_urls is required"); continue; }
                if (urls.Count < 2 || urls.Count > 4) Add(ref problems, $"happyhorse_elements[{i}].element_input_urls must hold between 2 and 4 items (held {urls.Count})");
                for (var j = 0; j < urls.Count; j++)
                {
                    if (!IsHttpUrl(urls[j])) Add(ref problems, $"happyhorse_elements[{i}].element_input_urls[{j}] must be an absolute http or https URL");
                }
            }
        }

        if (body.MultiPrompt is not { } multiPrompt)
        {
            Add(ref problems, "multi_prompt is required");
        }
        else
        {
            if (multiPrompt.Count < 1 || multiPrompt.Count > 5) Add(ref problems, $"multi_prompt must hold between 1 and 5 items (held {multiPrompt.Count})");
            for (var i = 0; i < multiPrompt.Count; i++)
            {
                var shot = multiPrompt[i];
                if (shot is null) { Add(ref problems, $"multi_prompt[{i}] is required"); continue; }
                if (shot.Prompt is null) Add(ref problems, $"multi_prompt[{i}].prompt is required");
                else if (Characters(shot.Prompt) is var length && (length < 1 || length > 500)) Add(ref problems, $"multi_prompt[{i}].prompt must be 1 to 500 characters long (was {length})");
                if (shot.Duration < 1 || shot.Duration > 12) Add(ref problems, $"multi_prompt[{i}].duration must be between 1 and 12 (was {shot.Duration})");
            }
        }

        if (body.Prompt is not null && Characters(body.Prompt) > 2500) Add(ref problems, "prompt must be at most 2500 characters long");
        if (body.ImageUrls is { } imageUrls)
        {
            if (imageUrls.Count > 1) Add(ref problems, $"image_urls must hold at most 1 item (held {imageUrls.Count})");
            for (var i = 0; i < imageUrls.Count; i++)
            {
                if (!IsHttpUrl(imageUrls[i])) Add(ref problems, $"image_urls[{i}] must be an absolute http or https URL");
            }
        }

        if (body.Duration is { } total && body.MultiPrompt is { } parts)
        {
            var sum = 0;
            foreach (var part in parts) sum += part?.Duration ?? 0;
            if (sum != total) Add(ref problems, $"duration must equal the sum of multi_prompt[].duration ({sum}) when both are given (was {total})");
        }

        ThrowIfAny(problems, "happyhorse-1.0/video multi-shot");
        JsonSerializer.Serialize(writer, body, PocoJsonContext.Default.MultiShotBody);
    }

    public static void TextToImage(TextToImageInput input, Utf8JsonWriter writer)
    {
        var body = new TextToImageBody
        {
            Prompt = input.Prompt,
            Size = input.Size,
            N = input.N,
            OutputFormat = input.OutputFormat,
            OutputCompression = input.OutputCompression,
            Background = input.Background,
            Moderation = input.Moderation,
            ResponseFormat = input.ResponseFormat,
        };

        List<string>? problems = null;
        if (body.Prompt is null) Add(ref problems, "prompt is required");
        if (body.OutputFormat is not null && body.OutputFormat is not ("png" or "jpeg" or "webp")) Add(ref problems, $"output_format must be one of png, jpeg, webp (was '{body.OutputFormat}')");
        if (body.OutputCompression is { } compression && !double.IsFinite(compression)) Add(ref problems, "output_compression must be a finite number");
        if (body.Background is not null && body.Background is not ("opaque" or "auto" or "transparent")) Add(ref problems, $"background must be one of opaque, auto, transparent (was '{body.Background}')");
        if (body.Moderation is not null && body.Moderation is not ("auto" or "low")) Add(ref problems, $"moderation must be one of auto, low (was '{body.Moderation}')");
        if (body.ResponseFormat is not null && body.ResponseFormat is not ("url" or "b64_json")) Add(ref problems, $"response_format must be one of url, b64_json (was '{body.ResponseFormat}')");

        ThrowIfAny(problems, "gpt-image-2 text-to-image");
        JsonSerializer.Serialize(writer, body, PocoJsonContext.Default.TextToImageBody);
    }
}

/// <summary>A happyhorse-1.0/video multi-shot body; properties in the order the generated writer writes them.</summary>
internal sealed class MultiShotBody
{
    [JsonPropertyName("model")]
    public string Model => "happyhorse-1.0/video";

    [JsonPropertyName("mode")]
    public string? Mode { get; init; }

    [JsonPropertyName("duration")]
    public int? Duration { get; init; }

    [JsonPropertyName("aspect_ratio")]
    public string? AspectRatio { get; init; }

    [JsonPropertyName("cfg_scale")]
    public double? CfgScale { get; init; }

    [JsonPropertyName("happyhorse_elements")]
    public IReadOnlyList<ElementBody>? Elements { get; init; }

    [JsonPropertyName("multi_shots")]
    public bool MultiShots => true;

    [JsonPropertyName("multi_prompt")]
    public required IReadOnlyList<ShotBody> MultiPrompt { get; init; }

    [JsonPropertyName("prompt")]
    public string? Prompt { get; init; }

    [JsonPropertyName("sound")]
    public required bool Sound { get; init; }

    [JsonPropertyName("image_urls")]
    public IReadOnlyList<string>? ImageUrls { get; init; }
}

internal sealed record ShotBody(
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("duration")] int Duration);

internal sealed record ElementBody(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("element_input_urls")] IReadOnlyList<string> ElementInputUrls);

/// <summary>A gpt-image-2 text-to-image body on the gateway.</summary>
internal sealed class TextToImageBody
{
    [JsonPropertyName("model")]
    public string Model => "gpt-image-2";

    [JsonPropertyName("prompt")]
    public required string Prompt { get; init; }

    [JsonPropertyName("size")]
    public string? Size { get; init; }

    [JsonPropertyName("n")]
    public int? N { get; init; }

    [JsonPropertyName("output_format")]
    public string? OutputFormat { get; init; }

    [JsonPropertyName("output_compression")]
    public double? OutputCompression { get; init; }

    [JsonPropertyName("background")]
    public string? Background { get; init; }

    [JsonPropertyName("moderation")]
    public string? Moderation { get; init; }

    [JsonPropertyName("response_format")]
    public string? ResponseFormat { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MultiShotBody))]
[JsonSerializable(typeof(TextToImageBody))]
internal sealed partial class PocoJsonContext : JsonSerializerContext;
