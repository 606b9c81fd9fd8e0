using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

using static HappyHorse.Generated.Benchmarks.BaselineChecks;

namespace HappyHorse.Generated.Benchmarks;

/// <summary>
/// Baseline 2: the request as a System.Text.Json <see cref="JsonObject"/> built by hand, checked by hand with the
/// manifest's rules (reading the values back from the object, as code holding only the node must), then written
/// to the caller's <see cref="Utf8JsonWriter"/>.
/// </summary>
internal static class JsonNodeRequests
{
    public static void MultiShot(MultiShotInput input, Utf8JsonWriter writer)
    {
        var shots = new JsonArray();
        foreach (var shot in input.Shots) shots.Add(new JsonObject { ["prompt"] = shot.Prompt, ["duration"] = shot.Duration });
        var body = new JsonObject
        {
            ["model"] = "happyhorse-1.0/video",
            ["mode"] = input.Mode,
            ["duration"] = input.Duration,
            ["aspect_ratio"] = input.AspectRatio,
            ["multi_shots"] = true,
            ["multi_prompt"] = shots,
            ["sound"] = input.Sound,
        };

        List<string>? problems = null;
        var mode = body["mode"]?.GetValue<string>();
        if (mode is not null && mode is not ("pro" or "std")) Add(ref problems, $"mode must be one of pro, std (was '{mode}')");
        var duration = body["duration"]?.GetValue<int>();
        if (duration is { } d && (d < 3 || d > 15)) Add(ref problems, $"duration must be between 3 and 15 (was {d})");
        var aspectRatio = body["aspect_ratio"]?.GetValue<string>();
        if (aspectRatio is not null && aspectRatio is not ("16:9" or "9:16" or "1:1")) Add(ref problems, $"aspect_ratio must be one of 16:9, 9:16, 1:1 (was '{aspectRatio}')");
        if (body["cfg_scale"]?.GetValue<double>() is { } cfg && !(double.IsFinite(cfg) && cfg >= 0 && cfg <= 1)) Add(ref problems, $"cfg_scale must be between 0 and 1 (was {cfg})");
        if (body["happyhorse_elements"] is JsonArray elements)
        {
            if (elements.Count > 3) Add(ref problems, $"happyhorse_elements must hold at most 3 items (held {elements.Count})");
            for (var i = 0; i < elements.Count; i++)
            {
                if (elements[i] is not JsonObject element) { Add(ref problems, $"happyhorse_elements[{i}] must be an object"); continue; }
                if (string.IsNullOrEmpty(element["name"]?.GetValue<string>())) Add(ref problems, $"happyhorse_elements[{i}].name must not be empty");
                if (element["element_input_urls"] is not JsonArray urls) { Add(ref problems, $"happyhorse_elements[{i}].element_input_urls is required"); continue; }
                if (urls.Count < 2 || urls.Count > 4) Add(ref problems, $"happyhorse_elements[{i}].element_input_urls must hold between 2 and 4 items (held {urls.Count})");
                for (var j = 0; j < urls.Count; j++)
                {
                    if (!IsHttpUrl(urls[j]?.GetValue<string>())) Add(ref problems, $"happyhorse_elements[{i}].element_input_urls[{j}] must be an absolute http or https URL");
                }
            }
        }

        if (body["multi_shots"]?.GetValue<bool>() != true) Add(ref problems, "multi_shots must be true");
        var multiPrompt = body["multi_prompt"] as JsonArray;
        if (multiPrompt is null)
        {
            Add(ref problems, "multi_prompt is required");
        }
        else
        {
            if (multiPrompt.Count < 1 || multiPrompt.Count > 5) Add(ref problems, $"multi_prompt must hold between 1 and 5 items (held {multiPrompt.Count})");
            for (var i = 0; i < multiPrompt.Count; i++)
            {
                if (multiPrompt[i] is not JsonObject shot) { Add(ref problems, $"multi_prompt[{i}] must be an object"); continue; }
                var prompt = shot["prompt"]?.GetValue<string>();
                if (prompt is null) Add(ref problems, $"multi_prompt[{i}].prompt is required");
                else if (Characters(prompt) is var length && (length < 1 || length > 500)) Add(ref problems, $"multi_prompt[{i}].prompt must be 1 to 500 characters long (was {length})");
                var shotDuration = shot["duration"]?.GetValue<int>();
                if (shotDuration is null) Add(ref problems, $"multi_prompt[{i}].duration is required");
                else if (shotDuration < 1 || shotDuration > 12) Add(ref problems, $"multi_prompt[{i}].duration must be between 1 and 12 (was {shotDuration})");
            }
        }

        if (body["prompt"]?.GetValue<string>() is { } wholePrompt && Characters(wholePrompt) > 2500) Add(ref problems, "prompt must be at most 2500 characters long");
        if (body["sound"]?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) Add(ref problems, "sound is required");
        if (body["image_urls"] is JsonArray imageUrls)
        {
            if (imageUrls.Count > 1) Add(ref problems, $"image_urls must hold at most 1 item (held {imageUrls.Count})");
            for (var i = 0; i < imageUrls.Count; i++)
            {
                if (!IsHttpUrl(imageUrls[i]?.GetValue<string>())) Add(ref problems, $"image_urls[{i}] must be an absolute http or https URL");
            }
        }

        if (duration is { } total && multiPrompt is not null)
        {
            var sum = 0;
            foreach (var shot in multiPrompt) sum += shot?["duration"]?.GetValue<int>() ?? 0;
            if (sum != total) Add(ref problems, $"duration must equal the sum of multi_prompt[].duration ({sum}) when both are given (was {total})");
        }

        ThrowIfAny(problems, "happyhorse-1.0/video multi-shot");
        body.WriteTo(writer);
    }

    public static void TextToImage(TextToImageInput input, Utf8JsonWriter writer)
    {
        var body = new JsonObject
        {
            ["model"] = "gpt-image-2",
            ["prompt"] = input.Prompt,
            ["size"] = input.Size,
            ["n"] = input.N,
            ["output_format"] = input.OutputFormat,
            ["output_compression"] = input.OutputCompression,
            ["background"] = input.Background,
            ["moderation"] = input.Moderation,
            ["response_format"] = input.ResponseFormat,
        };

        List<string>? problems = null;
        if (body["prompt"]?.GetValue<string>() is null) Add(ref problems, "prompt is required");
        var outputFormat = body["output_format"]?.GetValue<string>();
        if (outputFormat is not null && outputFormat is not ("png" or "jpeg" or "webp")) Add(ref problems, $"output_format must be one of png, jpeg, webp (was '{outputFormat}')");
        if (body["output_compression"]?.GetValue<double>() is { } compression && !double.IsFinite(compression)) Add(ref problems, "output_compression must be a finite number");
        var background = body["background"]?.GetValue<string>();
        if (background is not null && background is not ("opaque" or "auto" or "transparent")) Add(ref problems, $"background must be one of opaque, auto, transparent (was '{background}')");
        var moderation = body["moderation"]?.GetValue<string>();
        if (moderation is not null && moderation is not ("auto" or "low")) Add(ref problems, $"moderation must be one of auto, low (was '{moderation}')");
        var responseFormat = body["response_format"]?.GetValue<string>();
        if (responseFormat is not null && responseFormat is not ("url" or "b64_json")) Add(ref problems, $"response_format must be one of url, b64_json (was '{responseFormat}')");

        ThrowIfAny(problems, "gpt-image-2 text-to-image");
        body.WriteTo(writer);
    }
}
