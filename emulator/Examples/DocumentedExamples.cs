using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using HappyHorse.Generated;

namespace HappyHorse.Emulator.Examples;

/// <summary>An example request body from a service document.</summary>
/// <param name="ModelId">The model id.</param>
/// <param name="OperationId">The operation id.</param>
/// <param name="SubmitPath">The path it is submitted to (tells apart a model served by two dialects).</param>
/// <param name="Source">Where in the service documents it comes from.</param>
/// <param name="BodyJson">The body as JSON text; a multipart example as the object of its text parts.</param>
public sealed record DocumentedExample(string ModelId, string OperationId, string SubmitPath, string Source, string BodyJson)
{
    /// <summary>A fresh copy of the body, free to change.</summary>
    public JsonObject Body() => JsonNode.Parse(BodyJson)!.AsObject();
}

/// <summary>
/// The service documents' example request bodies, one per catalog operation: service document 000's from its inventory
/// (<c>emulator/ServiceInventory/000-part*.json</c>, embedded as is), service documents 002's and 004's from
/// <c>emulator/Examples/documented-examples-002-004.json</c>. The Quickstart sends them for a model chosen by id, and the
/// end-to-end tests submit every one.
/// </summary>
public static class DocumentedExamples
{
    private static readonly Lazy<IReadOnlyList<DocumentedExample>> Loaded = new(Load);

    /// <summary>Every example, in the order of the documentation files.</summary>
    public static IReadOnlyList<DocumentedExample> All => Loaded.Value;

    /// <summary>A fresh copy of the example body for <paramref name="operation"/>, or <see langword="null"/> when the service documents give none.</summary>
    public static JsonObject? BodyFor(OperationInfo operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return All.FirstOrDefault(e => e.ModelId == operation.ModelId && e.OperationId == operation.OperationId && e.SubmitPath == operation.SubmitPath)?.Body();
    }

    private static List<DocumentedExample> Load()
    {
        var assembly = typeof(DocumentedExamples).Assembly;
        var examples = new List<DocumentedExample>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("DocumentedExamples.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Resource {name} is missing.");
            foreach (var entry in JsonNode.Parse(stream)!.AsArray())
            {
                var body = entry!["exampleBody"]!.AsObject();
                var source = entry["source"]?.GetValue<string>() ?? $"service document 000 lines {entry["sourceLines"]![0]}-{entry["sourceLines"]![1]}";
                examples.Add(new DocumentedExample(
                    entry["model"]!.GetValue<string>(),
                    entry["operation"]!.GetValue<string>(),
                    entry["submit"]!["path"]!.GetValue<string>(),
                    source,
                    (MultipartParts(body, source) ?? body).ToJsonString()));
            }
        }

        return examples;
    }

    /// <summary>The inventory writes a multipart example as <c>{multipart: {data: {…text parts}, files: []}}</c>.</summary>
    private static JsonObject? MultipartParts(JsonObject body, string source)
    {
        if (body["multipart"] is not JsonObject multipart) return null;
        if (multipart["files"] is JsonArray { Count: > 0 }) throw new InvalidDataException($"The example of {source} uploads files; the emulator takes text parts only.");
        return multipart["data"]!.AsObject();
    }
}
