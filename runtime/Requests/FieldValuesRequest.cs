using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HappyHorse.Generated;

/// <summary>
/// A request built from field values by <see cref="FieldInfo"/> rather than by a generated builder (what adapters make):
/// checked by the operation's body rules, the same rules a typed request follows, plus the problems found while
/// building it; written as the generated code writes a request, as JSON or as one text part per value.
/// </summary>
internal sealed class FieldValuesRequest : IFormGenerationRequest
{
    private readonly JsonObject _body;
    private readonly IReadOnlyList<ValidationProblem> _problems;

    /// <param name="operation">The operation the request is for.</param>
    /// <param name="body">The values at their fields' paths; fixed values and copies are filled in here.</param>
    /// <param name="problems">Problems found while building the values, listed with the body's own.</param>
    public FieldValuesRequest(OperationInfo operation, JsonObject body, IReadOnlyList<ValidationProblem> problems)
    {
        Operation = operation;
        _body = body;
        _problems = problems;
        foreach (var field in operation.Fields)
        {
            if (field.BodyPath is not { } path) continue;
            if (field.ConstantJson is { } constant) path.SetIn(_body, JsonNode.Parse(constant));
            else if (field.MirrorOf is { } source && operation.FindField(source) is { BodyPath: { } sourcePath } && Find(_body, sourcePath.Text) is { } value) path.SetIn(_body, value.DeepClone());
        }
    }

    /// <inheritdoc />
    public OperationInfo Operation { get; }

    /// <summary>The value at <paramref name="path"/>, or <see langword="null"/>.</summary>
    public JsonNode? Find(string path) => Find(_body, path);

    /// <summary>The value at dotted <paramref name="path"/> in <paramref name="body"/>, or <see langword="null"/>.</summary>
    public static JsonNode? Find(JsonObject body, string path)
    {
        JsonNode? node = body;
        foreach (var segment in path.Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var next) ? next : null;
            if (node is null) return null;
        }

        return node;
    }

    /// <inheritdoc />
    public ValidationResult Validate()
    {
        var validator = default(RequestValidator);
        foreach (var problem in _problems) validator.Add(problem);
        using var body = JsonDocument.Parse(_body.ToJsonString());
        foreach (var problem in Operation.ValidateBody(body.RootElement).Problems) validator.Add(problem);
        return validator.ToResult(Operation);
    }

    /// <inheritdoc />
    public void WriteJsonBody(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        RequestBody.WriteModel(writer, Operation);
        foreach (var (name, value) in _body)
        {
            if (name == Operation.Profile.Submit.ModelField) continue;
            writer.WritePropertyName(name);
            if (value is null) writer.WriteNullValue();
            else value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>The model id first, then each value in manifest order as generated code writes it: a list as one part per item, numbers and booleans as invariant text.</summary>
    public void WriteFormFields(ICollection<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (Operation.Profile.Submit.ModelField is { } modelField) fields.Add(new(modelField, Operation.ModelId));
        foreach (var field in Operation.Fields)
        {
            switch (Find(field.Path))
            {
                case JsonArray items:
                    foreach (var item in items) fields.Add(new(field.Path, Text(item)));
                    break;
                case { } value:
                    fields.Add(new(field.Path, Text(value)));
                    break;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Operation}: {_body.ToJsonString()}";

    private static string Text(JsonNode? value) =>
        value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : value?.ToJsonString() ?? "null";
}
