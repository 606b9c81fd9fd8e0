using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HappyHorse.Cli.Commands;
using HappyHorse.Cli.Requests;
using HappyHorse.Emulator.Examples;
using HappyHorse.Generated;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Cli.Studio;

/// <summary>What a run form holds: values by field name, and values at JSON paths the manifest does not know.</summary>
/// <param name="Fields">Field name → JSON value; a field left empty is absent.</param>
/// <param name="Extra">JSON path → value, sent as given (what <c>--set</c> does on the command line).</param>
internal sealed record StudioInput(JsonObject Fields, JsonObject Extra)
{
    /// <summary>The input as the page sends it.</summary>
    public JsonObject ToJson() => new() { ["fields"] = Fields.DeepClone(), ["extra"] = Extra.DeepClone() };

    /// <summary>An input read back from <see cref="ToJson"/>.</summary>
    public static StudioInput FromJson(JsonNode? json) => new(json?["fields"]?.DeepClone() as JsonObject ?? [], json?["extra"]?.DeepClone() as JsonObject ?? []);
}

/// <summary>A form checked by the runtime: its problems in the SDK's sentences, or the request to send.</summary>
/// <param name="Problems">Each problem: the field it is about and its sentence.</param>
/// <param name="Request">The request when there is no problem, else <see langword="null"/>.</param>
/// <param name="Body">The JSON body the request sends (with problems: what it would send).</param>
/// <param name="Credits">The estimate from the model's price table, if it gives one for these values.</param>
/// <param name="CommandLine">The same request as a <c>happyhorse run</c> command line.</param>
/// <param name="Lengths">Each text with a length limit, by the name its problems take (<c>prompt</c>, <c>multi_prompt[0].prompt</c>): its length as the limit counts it.</param>
internal sealed record StudioCheck(IReadOnlyList<ValidationProblem> Problems, JsonBodyRequest? Request, JsonObject Body, double? Credits, string CommandLine, JsonObject Lengths)
{
    public JsonObject ToJson() => new()
    {
        ["problems"] = new JsonArray([.. Problems.Select(p => (JsonNode)new JsonObject { ["field"] = p.Field, ["message"] = p.Message })]),
        ["lengths"] = Lengths.DeepClone(),
        ["credits"] = Credits,
        ["body"] = Body.DeepClone(),
        ["commandLine"] = CommandLine,
    };
}

/// <summary>
/// The run form's server side: values checked with the runtime (the page repeats no rule), the estimate from
/// <see cref="OperationInfo.EstimateCredits(JsonElement)"/>, the equivalent command line, and the service's example.
/// </summary>
internal static class StudioForms
{
    /// <summary>Checks <paramref name="input"/> as a request of <paramref name="operation"/>.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="input">The form's values.</param>
    /// <param name="emulator">Whether the studio runs against its emulator (the command line then says <c>--emulator</c>).</param>
    /// <param name="catalogWords">The <c>--catalog</c> options the command line needs for a model of the user's own.</param>
    public static StudioCheck Check(OperationInfo operation, StudioInput input, bool emulator, IReadOnlyList<string> catalogWords)
    {
        var builder = new RequestBuilder(operation);
        var problems = new List<ValidationProblem>();
        foreach (var (name, value) in input.Fields)
        {
            if (value is null) continue;
            if (operation.FindField(name) is { IsSettable: true } field) builder.Set(field, value);
            else problems.Add(new ValidationProblem(name, $"{name} is not a field of {operation} that can be set", null));
        }

        foreach (var (path, value) in input.Extra) builder.SetByName(path, value);
        var (request, built) = builder.Build();
        problems.AddRange(built.Select(p => new ValidationProblem(p.Field ?? "", p.Message, p.ServiceCode)));
        var body = JsonNode.Parse(RequestBody.ToUtf8Json(request).Span)!.AsObject();
        using var document = JsonDocument.Parse(body.ToJsonString());
        var credits = operation.EstimateCredits(document.RootElement);
        return new StudioCheck(problems, problems.Count == 0 ? request : null, body, credits, CommandLine(operation, input, emulator, catalogWords), Lengths(operation.Fields, field => input.Fields[field.Name], ""));
    }

    /// <summary>
    /// The length of every text value of <paramref name="fields"/> that has a length limit, counted by the runtime's rule (the
    /// manifest's length unit), so the page's counters show what validation counts and count nothing themselves.
    /// </summary>
    private static JsonObject Lengths(IReadOnlyList<FieldInfo> fields, Func<FieldInfo, JsonNode?> valueOf, string prefix)
    {
        var lengths = new JsonObject();
        foreach (var field in fields)
        {
            var value = valueOf(field);
            if (field.Kind == FieldKind.String && (field.MinLength is not null || field.MaxLength is not null) && value is JsonValue text && text.TryGetValue<string>(out var s))
            {
                lengths[prefix + field.Name] = LimitText.CountCharacters(s, field.CjkCountsDouble);
            }
            else if (field.Kind == FieldKind.ObjectArray && value is JsonArray items)
            {
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is not JsonObject item) continue;
                    foreach (var (name, length) in Lengths(field.ItemFields, f => At(item, f.Path), $"{prefix}{field.Name}[{i}]."))
                    {
                        lengths[name] = length!.DeepClone();
                    }
                }
            }
        }

        return lengths;

        // An item's field sits at its path inside the item, as the page writes it.
        static JsonNode? At(JsonObject item, string path) =>
            path.Split('.').Aggregate((JsonNode?)item, (node, key) => node is JsonObject o ? o[key] : null);
    }

    /// <summary>The service's documented example of <paramref name="operation"/> as form values, or empty values when it has none.</summary>
    public static JsonObject Example(OperationInfo operation)
    {
        var fields = new JsonObject();
        var extra = new JsonObject();
        if (DocumentedExamples.BodyFor(operation) is not { } example) return new StudioInput(fields, extra).ToJson();
        using var document = JsonDocument.Parse(example.ToJsonString());
        var covered = new HashSet<string>(StringComparer.Ordinal);
        if (operation.Profile.Submit.ModelField is { } modelField) covered.Add(modelField);
        foreach (var field in operation.Fields.Where(f => f.Path.Length > 0))
        {
            if (!ResponsePath.Parse(field.Path).TryFind(document.RootElement, out var value)) continue;
            covered.Add(field.Path);
            if (field.IsSettable) fields[field.Name] = JsonNode.Parse(value.GetRawText());
        }

        foreach (var (path, value) in Leaves(example, ""))
        {
            if (covered.Any(c => path == c || path.StartsWith(c + ".", StringComparison.Ordinal))) continue;
            extra[path] = value?.DeepClone();
        }

        return new StudioInput(fields, extra).ToJson();
    }

    /// <summary>The <c>happyhorse run</c> command line that sends the same request (each field by its option; other paths by <c>--set</c>), to the emulator when the studio uses one.</summary>
    public static string CommandLine(OperationInfo operation, StudioInput input, bool emulator, IReadOnlyList<string> catalogWords)
    {
        var words = new List<string> { "happyhorse" };
        words.AddRange(catalogWords);
        words.AddRange(["run", operation.ModelId, operation.OperationId, "--dialect", operation.Profile.Id]);
        var options = FieldOptions.For(operation, RunCommands.ReservedOptions).ToDictionary(o => o.Field.Name, StringComparer.Ordinal);
        foreach (var (name, value) in input.Fields)
        {
            if (value is null || !options.TryGetValue(name, out var option)) continue;
            words.Add(option.Name);
            words.Add(Typed(option.Field, value));
        }

        foreach (var (path, value) in input.Extra)
        {
            words.Add("--set");
            words.Add($"{path}={value?.ToJsonString() ?? "null"}");
        }

        if (emulator) words.Add("--emulator");
        return string.Join(' ', words.Select(Quoted));
    }

    /// <summary>What a person types for a value: text as is, numbers and booleans as JSON, lists with commas, the rest as JSON.</summary>
    private static string Typed(FieldInfo field, JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Array when field.Kind == FieldKind.StringArray && value.AsArray().All(i => i?.GetValueKind() == JsonValueKind.String && !i.GetValue<string>().Contains(',', StringComparison.Ordinal)) =>
            string.Join(",", value.AsArray().Select(i => i!.GetValue<string>())),
        _ => value.ToJsonString(),
    };

    /// <summary>A word for a POSIX shell: as is when it is plain, else in single quotes.</summary>
    private static string Quoted(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_-./:=,@%+".Contains(c, StringComparison.Ordinal))) return word;
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static IEnumerable<(string Path, JsonNode? Value)> Leaves(JsonNode? node, string path) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Leaves(p.Value, path.Length == 0 ? p.Key : $"{path}.{p.Key}")),
        _ => [(path, node)],
    };

    /// <summary>The SHA-256 fingerprint of a body, as an uncertain submit names it.</summary>
    public static string Fingerprint(JsonObject body) => HappyHorseSubmitUncertainException.FingerprintOf(Encoding.UTF8.GetBytes(body.ToJsonString()));
}
