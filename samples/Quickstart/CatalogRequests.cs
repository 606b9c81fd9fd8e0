using System;
using System.Linq;
using System.Text.Json.Nodes;
using HappyHorse.Emulator.Examples;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;

namespace HappyHorse.Samples.Quickstart;

/// <summary>
/// A request for any model and operation of the catalog, chosen by id: the documentation's example body (checked by the
/// operation's generated validator before anything is sent), with the prompt replaced when one is given.
/// </summary>
internal static class CatalogRequests
{
    /// <exception cref="ArgumentException">The ids do not name one operation, or the operation has no prompt to replace.</exception>
    public static IGenerationRequest Build(string modelId, string? operationId, string? profileId, string? prompt)
    {
        var ofModel = HappyHorseCatalog.Operations.Where(o => o.ModelId == modelId && (profileId is null || o.Profile.Id == profileId)).ToList();
        if (ofModel.Count == 0) throw new ArgumentException($"No model '{modelId}'{(profileId is null ? string.Empty : $" in dialect '{profileId}'")}; --list shows them all.");
        var profiles = ofModel.Select(o => o.Profile.Id).Distinct().ToList();
        if (profiles.Count > 1) throw new ArgumentException($"'{modelId}' is served by {string.Join(" and ", profiles)}: add --profile.");

        var operation = operationId is null ? ofModel[0] : ofModel.FirstOrDefault(o => o.OperationId == operationId)
            ?? throw new ArgumentException($"'{modelId}' has no operation '{operationId}'; it has {string.Join(", ", ofModel.Select(o => o.OperationId))}.");
        var body = DocumentedExamples.BodyFor(operation) ?? throw new ArgumentException($"The service documents give no example request for {operation}.");
        if (prompt is not null && !ReplacePrompt(body, prompt)) throw new ArgumentException($"{operation} has no prompt field; run it without --prompt.");
        return new JsonBodyRequest(operation, body);
    }

    /// <summary>Replaces the first <c>prompt</c> (however deep; <c>input.prompt</c> in Wan and DashScope), else a message's <c>content</c> (omni_flash_edit).</summary>
    private static bool ReplacePrompt(JsonNode? node, string prompt, string name = "prompt")
    {
        switch (node)
        {
            case JsonObject obj when obj[name] is JsonValue:
                obj[name] = prompt;
                return true;
            case JsonObject obj:
                if (obj.Select(p => p.Value).ToList().Any(child => ReplacePrompt(child, prompt, name))) return true;
                return name == "prompt" && obj["messages"] is JsonArray messages && ReplacePrompt(messages, prompt, "content");
            case JsonArray array:
                return array.ToList().Any(item => ReplacePrompt(item, prompt, name));
            default:
                return false;
        }
    }
}
