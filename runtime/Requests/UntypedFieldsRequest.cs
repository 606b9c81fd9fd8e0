using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated;

/// <summary>
/// A request plus fields its manifest does not know yet (the service moved first). They are sent as given and not
/// validated; a field the manifest knows is refused, so it stays typed and checked.
/// </summary>
public sealed class UntypedFieldsRequest : IFormGenerationRequest
{
    private readonly IGenerationRequest _inner;
    private readonly List<KeyValuePair<string, JsonNode?>> _fields = [];

    internal UntypedFieldsRequest(IGenerationRequest inner) => _inner = inner;

    /// <inheritdoc />
    public OperationInfo Operation => _inner.Operation;

    /// <summary>The untyped fields, by dotted JSON path, in the order added.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>> Fields => _fields;

    /// <summary>Adds another field the manifest does not know; see <see cref="UntypedFieldExtensions.WithUntypedField"/>.</summary>
    public UntypedFieldsRequest WithUntypedField(string jsonPath, JsonNode? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(jsonPath);
        _fields.Add(new(jsonPath, value?.DeepClone()));
        return this;
    }

    /// <summary>The typed request's problems, and any untyped field that is not a path or that the manifest knows.</summary>
    public ValidationResult Validate()
    {
        var validator = default(RequestValidator);
        foreach (var problem in _inner.Validate().Problems) validator.Add(problem);
        var known = new List<string>(Operation.FieldPaths);
        if (Operation.Profile.Submit.ModelField is { } modelField) known.Add(modelField);
        foreach (var (path, _) in _fields)
        {
            if (Parse(path) is null)
            {
                validator.Add(path, "is not a JSON path such as parameters.flag or items[0].url");
            }
            else if (known.Exists(k => k == path || path.StartsWith(k + ".", StringComparison.Ordinal) || k.StartsWith(path + ".", StringComparison.Ordinal)))
            {
                validator.Add(path, "is a field the manifest knows: set it with its typed setter");
            }
        }

        return validator.ToResult(Operation);
    }

    /// <summary>Writes the typed body, then the untyped fields at their paths.</summary>
    public void WriteJsonBody(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var body = JsonNode.Parse(RequestBody.ToUtf8Json(_inner).Span)!.AsObject();
        foreach (var (path, value) in _fields) Parse(path)?.SetIn(body, value?.DeepClone());

        body.WriteTo(writer);
    }

    /// <summary>Adds the typed parts, then each untyped field as a text part (strings as they are, other values as JSON).</summary>
    public void WriteFormFields(ICollection<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (_inner is not IFormGenerationRequest form) throw new InvalidOperationException($"{Operation} does not submit a form.");
        form.WriteFormFields(fields);
        foreach (var (path, value) in _fields)
        {
            fields.Add(new(path, value is JsonValue text && text.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "null"));
        }
    }

    private static ResponsePath? Parse(string path)
    {
        try
        {
            return ResponsePath.Parse(path);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>The untyped escape hatch.</summary>
public static class UntypedFieldExtensions
{
    /// <summary>
    /// Adds a field the manifest does not know yet, sent as given without validation (e.g. a parameter the service
    /// added after this SDK was built). Fields the manifest knows are refused at validation: use their typed setters.
    /// </summary>
    /// <param name="request">The typed request.</param>
    /// <param name="jsonPath">A dotted JSON path, e.g. <c>parameters.new_flag</c>.</param>
    /// <param name="value">The value, e.g. <c>true</c>, <c>"text"</c> or a <see cref="JsonObject"/>.</param>
    public static UntypedFieldsRequest WithUntypedField(this IGenerationRequest request, string jsonPath, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (request as UntypedFieldsRequest ?? new UntypedFieldsRequest(request)).WithUntypedField(jsonPath, value);
    }
}
