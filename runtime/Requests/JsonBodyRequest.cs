using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated;

/// <summary>
/// A request for any operation given as its JSON body (an example body, a line of a batch file, values set by field
/// path) rather than made with a generated builder. The model id, the operation's fixed values and its copied fields
/// are filled in as a built request writes them. It is checked by the rules the service applies to a body, a form as
/// the text parts the service receives, and sent as JSON or, for a form operation, as one text part per value (a list
/// as one part per item).
/// </summary>
public sealed class JsonBodyRequest : IFormGenerationRequest
{
    private readonly JsonObject _body;
    private readonly ValidationProblem[] _problems;

    /// <summary>A request for <paramref name="operation"/> with a copy of <paramref name="body"/>; see <see cref="JsonBodyRequest(OperationInfo, JsonObject, IEnumerable{ValidationProblem})"/>.</summary>
    /// <param name="operation">The operation the request is for.</param>
    /// <param name="body">The request body; it is copied, not changed.</param>
    public JsonBodyRequest(OperationInfo operation, JsonObject body)
        : this(operation, body, [])
    {
    }

    /// <summary>
    /// A request for <paramref name="operation"/> with a copy of <paramref name="body"/>: the model id goes first under
    /// the model field, each fixed value is set, and each copied field is set from its source (as text when the copy is
    /// a text field, e.g. <c>seconds: "10"</c> from <c>duration: 10</c>).
    /// </summary>
    /// <param name="operation">The operation the request is for.</param>
    /// <param name="body">The request body; it is copied, not changed.</param>
    /// <param name="problems">Problems found while making the body (e.g. a value that could not be read), listed by <see cref="Validate"/> before the body's own.</param>
    public JsonBodyRequest(OperationInfo operation, JsonObject body, IEnumerable<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(problems);
        Operation = operation;
        _problems = [.. problems];
        _body = [];
        var modelField = operation.Profile.Submit.ModelField;
        if (modelField is not null) _body[modelField] = operation.ModelId;
        foreach (var (name, value) in body)
        {
            if (name != modelField) _body[name] = value?.DeepClone();
        }

        FillFixedValuesAndCopies();
    }

    /// <inheritdoc />
    public OperationInfo Operation { get; }

    /// <summary>The value at <paramref name="path"/> (e.g. <c>parameters.seed</c> or <c>items[0].url</c>), or <see langword="null"/> when the body has none.</summary>
    /// <exception cref="FormatException"><paramref name="path"/> is not a JSON path.</exception>
    public JsonNode? Find(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ResponsePath.Parse(path).FindIn(_body);
    }

    /// <summary>
    /// The problems given when the request was made, then every rule of the operation the body breaks, as the service
    /// checks it; a form is checked as the text parts it is sent as, and a value a form cannot carry is a problem.
    /// </summary>
    public ValidationResult Validate()
    {
        var validator = default(RequestValidator);
        foreach (var problem in _problems) validator.Add(problem);
        var body = _body;
        var notText = new HashSet<string>(StringComparer.Ordinal);
        if (Operation.ContentType == RequestContentType.Multipart)
        {
            var parts = new List<KeyValuePair<string, string>>();
            foreach (var (name, text) in FormParts())
            {
                if (text is not null)
                {
                    parts.Add(new(name, text));
                }
                else if (notText.Add(FieldName(name)))
                {
                    validator.Add(FieldName(name), "must be text, a number, a boolean or a list of text: a form sends each value as a text part");
                }
            }

            body = BodyOfFormFields(parts);
        }

        using var document = JsonDocument.Parse(body.ToJsonString());
        foreach (var problem in Operation.ValidateBody(document.RootElement).Problems)
        {
            // A value a form cannot carry is reported once, not again as missing.
            if (!notText.Contains(problem.Field)) validator.Add(problem);
        }

        return validator.ToResult(Operation);
    }

    /// <summary>Writes the body: the model id first, then the values as given, with fixed values and copies filled in.</summary>
    public void WriteJsonBody(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _body.WriteTo(writer);
    }

    /// <summary>
    /// Adds the form parts: the model id first, then the operation's fields in manifest order, then any other value;
    /// a list as one part per item, text as it is, numbers and booleans as their JSON text.
    /// </summary>
    /// <exception cref="InvalidOperationException">A value is not text, a number, a boolean or a list of them (<see cref="Validate"/> lists it).</exception>
    public void WriteFormFields(ICollection<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var (name, text) in FormParts())
        {
            fields.Add(new(name, text ?? throw new InvalidOperationException($"{Operation}: the form part '{name}' must be text, a number, a boolean or a list of text.")));
        }
    }

    /// <summary>
    /// The JSON body the service reads from form <paramref name="fields"/>, the body <see cref="OperationInfo.ValidateBody"/>
    /// checks for a form operation: every value is text, and a name sent more than once becomes a list of text.
    /// </summary>
    /// <remarks>A list of one item cannot be told from a single value on the wire; it reads as text.</remarks>
    public static JsonObject BodyOfFormFields(IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var body = new JsonObject();
        foreach (var group in fields.GroupBy(p => p.Key, StringComparer.Ordinal))
        {
            var values = group.Select(p => p.Value).ToList();
            body[group.Key] = values.Count == 1 ? JsonValue.Create(values[0]) : new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }

        return body;
    }

    /// <summary>The operation and the body (a request body holds no credentials).</summary>
    public override string ToString() => $"{Operation}: {_body.ToJsonString()}";

    private void FillFixedValuesAndCopies()
    {
        foreach (var field in Operation.Fields)
        {
            if (field.ConstantJson is { } constant && field.BodyPath is { } path) path.SetIn(_body, JsonNode.Parse(constant));
        }

        // Copies after fixed values, so a copy of a fixed value is filled too.
        foreach (var field in Operation.Fields)
        {
            if (field.MirrorOf is not { } sourceName || field.BodyPath is not { } path) continue;
            if (Operation.FindField(sourceName)?.BodyPath?.FindIn(_body) is not { } value) continue;

            // A copy into a text field carries the value as text, as a built request writes it (seconds: "10").
            var asText = field.Kind == FieldKind.String && value.GetValueKind() != JsonValueKind.String;
            path.SetIn(_body, asText ? JsonValue.Create(value.ToJsonString()) : value.DeepClone());
        }
    }

    /// <summary>Each form part in sending order, with its text, or <see langword="null"/> text for a value a form cannot carry.</summary>
    private IEnumerable<KeyValuePair<string, string?>> FormParts()
    {
        var order = Operation.FieldPaths;
        var modelField = Operation.Profile.Submit.ModelField;
        var names = _body.Select(p => p.Key).OrderBy(name => name == modelField ? -1 : IndexOf(order, name));
        foreach (var name in names)
        {
            switch (_body[name])
            {
                case JsonArray items:
                    foreach (var item in items) yield return new(name, Text(item));
                    break;
                case { } value:
                    yield return new(name, Text(value));
                    break;
            }
        }
    }

    /// <summary>The one rule for a form part's text: text as it is, a number or boolean as its JSON text, nothing else.</summary>
    private static string? Text(JsonNode? value) => value is JsonValue scalar
        ? scalar.GetValueKind() switch
        {
            JsonValueKind.String => scalar.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => scalar.ToJsonString(),
            _ => null,
        }
        : null;

    private string FieldName(string path) => Operation.Fields.FirstOrDefault(f => f.Path == path)?.Name ?? path;

    private static int IndexOf(IReadOnlyList<string> paths, string path)
    {
        for (var i = 0; i < paths.Count; i++)
        {
            if (paths[i] == path) return i;
        }

        return int.MaxValue;
    }
}
