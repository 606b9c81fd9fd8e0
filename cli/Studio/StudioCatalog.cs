using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using HappyHorse.Cli.Commands;
using HappyHorse.Cli.Requests;
using HappyHorse.Generated;

namespace HappyHorse.Cli.Studio;

/// <summary>The catalog as the page reads it: every operation with its fields (what <c>describe --json</c> writes), a key, and its price table.</summary>
internal sealed class StudioCatalog(OperationLookup operations)
{
    private readonly FrozenDictionary<string, OperationInfo> _byKey = operations.All.ToFrozenDictionary(KeyOf, StringComparer.Ordinal);

    /// <summary>Finds operations by the ids a person types (a batch's lines).</summary>
    public OperationLookup Operations { get; } = operations;

    /// <summary>Every operation, as one JSON array.</summary>
    public string ModelsJson { get; } = new JsonArray([.. operations.All.Select(o => (JsonNode)Describe(o))]).ToJsonString();

    /// <summary>What names an operation in the page: <c>dialect|model|operation</c> (a model id may hold a slash).</summary>
    public static string KeyOf(OperationInfo operation) => $"{operation.Profile.Id}|{operation.ModelId}|{operation.OperationId}";

    /// <summary>The operation <paramref name="key"/> names, or <see langword="null"/>.</summary>
    public OperationInfo? Find(string key) => _byKey.GetValueOrDefault(key);

    private static JsonObject Describe(OperationInfo operation)
    {
        var json = CatalogCommands.OperationJson(operation);
        json["key"] = KeyOf(operation);
        if (operation.Pricing is { } pricing)
        {
            json["priceTable"] = new JsonObject
            {
                ["perSecondOf"] = pricing.PerSecondOf,
                ["rates"] = new JsonArray([.. pricing.Rates.Select(r => (JsonNode)new JsonObject
                {
                    ["when"] = new JsonObject([.. r.When.Select(w => new System.Collections.Generic.KeyValuePair<string, JsonNode?>(w.Key, JsonNode.Parse(w.Value.GetRawText())))]),
                    ["creditsPerSecond"] = r.CreditsPerSecond,
                })]),
            };
        }

        return json;
    }
}
