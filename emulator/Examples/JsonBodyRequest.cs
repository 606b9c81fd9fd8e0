using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using HappyHorse.Emulator.Json;
using HappyHorse.Generated;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Emulator.Examples;

/// <summary>
/// A request for any catalog operation built from a JSON body (e.g. a seed example) rather than a typed builder.
/// It is checked by the operation's generated body validator, the same rules a typed request follows, and sent as
/// JSON or, for a multipart operation, as one text part per top-level property (a list as one part per item).
/// </summary>
public sealed class JsonBodyRequest : IFormGenerationRequest
{
    private readonly JsonObject _body;

    /// <summary>A request for <paramref name="operation"/> with a copy of <paramref name="body"/>; the model id is set to the operation's.</summary>
    public JsonBodyRequest(OperationInfo operation, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(body);
        Operation = operation;
        _body = body.DeepClone().AsObject();
        if (operation.Profile.Submit.ModelField is { } modelField) _body[modelField] = operation.ModelId;
    }

    /// <inheritdoc />
    public OperationInfo Operation { get; }

    /// <inheritdoc />
    public ValidationResult Validate()
    {
        // A form is validated as the service sees it: every value text.
        var wire = Operation.ContentType == RequestContentType.Multipart ? FormBody.ToJsonObject(FormFields()) : _body;
        return Operation.ValidateBody(JsonSerializer.SerializeToElement(wire));
    }

    /// <inheritdoc />
    public void WriteJsonBody(Utf8JsonWriter writer) => _body.WriteTo(writer);

    /// <inheritdoc />
    public void WriteFormFields(ICollection<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var field in FormFields()) fields.Add(field);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Operation}: {_body.ToJsonString()}";

    private IEnumerable<KeyValuePair<string, string>> FormFields()
    {
        foreach (var (name, value) in _body)
        {
            if (value is JsonArray items)
            {
                foreach (var item in items) yield return KeyValuePair.Create(name, Text(name, item));
            }
            else if (value is not null)
            {
                yield return KeyValuePair.Create(name, Text(name, value));
            }
        }
    }

    private static string Text(string name, JsonNode? value) => value switch
    {
        JsonValue text when text.GetValueKind() == JsonValueKind.String => text.GetValue<string>(),
        JsonValue scalar => scalar.ToJsonString(),
        _ => throw new InvalidOperationException($"The form part '{name}' must be text, a number, a boolean or a list of them."),
    };
}
