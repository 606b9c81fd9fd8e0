using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.Tests;

/// <summary>
/// Every limit every manifest declares, checked from the manifest itself: a value just outside is rejected with a
/// message naming the model, operation and field; a value just inside draws no problem for that field. Bodies go
/// through the generated JSON validator, which shares its rules with the request builders.
/// </summary>
public class ManifestConstraintTests
{
    public static TheoryData<string> Constraints()
    {
        var data = new TheoryData<string>();
        foreach (var constraint in AllConstraints()) data.Add(constraint.Name);
        return data;
    }

    [Fact]
    public void Every_manifest_operation_is_in_the_catalog_and_declares_constraints()
    {
        var all = AllConstraints().ToList();

        all.Count.ShouldBeGreaterThan(40);
        foreach (var manifest in Manifests())
        {
            foreach (var operation in manifest.Operations) Operation(manifest, operation).ShouldNotBeNull($"{manifest.Model} {operation}");
        }
    }

    [Theory]
    [MemberData(nameof(Constraints))]
    public void A_value_just_outside_is_rejected_and_one_just_inside_is_not(string name)
    {
        var constraint = AllConstraints().Single(c => c.Name == name);
        var info = Operation(constraint.Manifest, constraint.OperationId)!;

        var outside = Problems(info, constraint.Body(constraint.Outside)).Where(p => p.Field == constraint.FieldName).ToList();
        var inside = Problems(info, constraint.Body(constraint.Inside)).Where(p => p.Field == constraint.FieldName).ToList();

        outside.ShouldNotBeEmpty($"{name}: {constraint.Outside?.ToJsonString()} was accepted");
        outside[0].Message.ShouldStartWith($"{info.ModelId} {info.OperationId}: {constraint.FieldName} ");

        // The same limit must not fire just inside; a cross-field rule on the same field (a sum, a count) may.
        var message = outside[0].Message;
        var limit = message.LastIndexOf(" (", StringComparison.Ordinal) is var paren and >= 0 ? message[..paren] : message.TrimEnd('.');
        inside.Where(p => p.Message.StartsWith(limit, StringComparison.Ordinal)).ShouldBeEmpty($"{name}: {constraint.Inside?.ToJsonString()} was rejected");
    }

    private static IReadOnlyList<ValidationProblem> Problems(OperationInfo info, JsonObject body)
    {
        using var document = JsonDocument.Parse(body.ToJsonString());
        return info.ValidateBody(document.RootElement).Problems;
    }

    private static OperationInfo? Operation(Manifest manifest, string operationId) =>
        HappyHorseCatalog.Operations.SingleOrDefault(o => o.ModelId == manifest.Model && o.OperationId == operationId && o.Profile.Id == manifest.Profile);

    private sealed record Manifest(string File, string Model, string Profile, JsonArray ModelFields, IReadOnlyList<string> Operations, JsonObject Root);

    private sealed record Constraint(string Name, Manifest Manifest, string OperationId, string FieldName, Func<JsonNode?, JsonObject> Body, JsonNode? Inside, JsonNode? Outside);

    private static IEnumerable<Manifest> Manifests() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "manifests"), "*.json").Order(StringComparer.Ordinal).Select(path =>
        {
            var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var operations = root["operations"]!.AsArray().Select(o => (string)o!["id"]!).ToList();
            return new Manifest(Path.GetFileName(path), (string)root["model"]!, (string)root["profile"]!, root["fields"]?.AsArray() ?? [], operations, root);
        });

    private static List<Constraint>? _all;

    private static List<Constraint> AllConstraints() => _all ??= Build().ToList();

    private static IEnumerable<Constraint> Build()
    {
        foreach (var manifest in Manifests())
        {
            foreach (var operation in manifest.Root["operations"]!.AsArray().Select(o => o!.AsObject()))
            {
                var id = (string)operation["id"]!;
                var info = Operation(manifest, id);
                if (info is null) continue; // reported by the catalog test above
                var fields = Merge(manifest.ModelFields, operation["fields"]?.AsArray());
                foreach (var field in fields)
                {
                    var fieldName = (string)field["name"]!;
                    foreach (var (kind, inside, outside) in Cases(field))
                    {
                        yield return new Constraint($"{manifest.File} {id} {fieldName} {kind}", manifest, id, fieldName, value => BaseBody(info, fields, (fieldName, value)), inside, outside);
                    }

                    if (field["items"]?["type"]?.GetValue<string>() != "object") continue;
                    var itemFields = field["items"]!["fields"]!.AsArray().Select(f => f!.AsObject()).ToList();
                    foreach (var itemField in itemFields)
                    {
                        var itemName = (string)itemField["name"]!;
                        foreach (var (kind, inside, outside) in Cases(itemField))
                        {
                            yield return new Constraint(
                                $"{manifest.File} {id} {fieldName}[0].{itemName} {kind}",
                                manifest,
                                id,
                                $"{fieldName}[0].{itemName}",
                                value => BaseBody(info, fields, (fieldName, new JsonArray(Item(itemFields, (itemName, value))))),
                                inside,
                                outside);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Model fields, with an operation field of the same name replacing one, then the operation's own.</summary>
    private static List<JsonObject> Merge(JsonArray modelFields, JsonArray? operationFields)
    {
        var own = operationFields?.Select(f => f!.AsObject()).ToList() ?? [];
        return modelFields.Select(f => f!.AsObject()).Where(f => own.All(o => (string)o["name"]! != (string)f["name"]!)).Concat(own).ToList();
    }

    /// <summary>The limits of a field as (kind, a value just inside, a value just outside).</summary>
    private static IEnumerable<(string Kind, JsonNode? Inside, JsonNode? Outside)> Cases(JsonObject field)
    {
        if (field["mirrorOf"] is not null || field["const"] is not null) yield break;
        var type = (string)field["type"]!;
        if (type is "integer" or "number")
        {
            var step = type == "integer" ? 1m : 0.01m;
            if (field["minimum"] is { } min) yield return ("minimum", Number(min.GetValue<decimal>()), Number(min.GetValue<decimal>() - step));
            if (field["maximum"] is { } max) yield return ("maximum", Number(max.GetValue<decimal>()), Number(max.GetValue<decimal>() + step));
        }

        if (type == "string")
        {
            if (field["enum"] is JsonArray values) yield return ("enum", JsonValue.Create(EnumValue(values[0]!)), JsonValue.Create("__not_a_value__"));
            var url = field["format"]?.GetValue<string>() == "url";
            if (field["minLength"] is { } minLength && minLength.GetValue<int>() > 0 && !url) yield return ("minLength", Text(minLength.GetValue<int>()), Text(minLength.GetValue<int>() - 1));
            if (field["maxLength"] is { } maxLength && !url) yield return ("maxLength", Text(maxLength.GetValue<int>()), Text(maxLength.GetValue<int>() + 1));
            if (url) yield return ("url", JsonValue.Create(Url(field)), JsonValue.Create("not a url"));
            if (url && Formats(field).Count > 0) yield return ("media format", JsonValue.Create(Url(field)), JsonValue.Create("https://example.com/file.xyz"));
        }

        if (type == "array")
        {
            if (field["minItems"] is { } minItems && minItems.GetValue<int>() > 0) yield return ("minItems", Items(field, minItems.GetValue<int>()), Items(field, minItems.GetValue<int>() - 1));
            if (field["maxItems"] is { } maxItems) yield return ("maxItems", Items(field, maxItems.GetValue<int>()), Items(field, maxItems.GetValue<int>() + 1));
        }
    }

    /// <summary>A body with every required field set to a valid value, and one field set to <paramref name="replace"/>'s value.</summary>
    private static JsonObject BaseBody(OperationInfo info, List<JsonObject> fields, (string Name, JsonNode? Value) replace)
    {
        var body = new JsonObject();
        if (info.Profile.Submit.ModelField is { } modelField) Set(body, modelField, JsonValue.Create(info.ModelId));
        foreach (var field in fields)
        {
            var name = (string)field["name"]!;
            var path = (string?)field["path"] ?? name;
            if (name == replace.Name) Set(body, path, replace.Value?.DeepClone());
            else if (field["const"] is { } constant) Set(body, path, constant.DeepClone());
            else if (field["required"]?.GetValue<bool>() == true) Set(body, path, Valid(field));
        }

        return body;
    }

    private static JsonObject Item(List<JsonObject> itemFields, (string Name, JsonNode? Value) replace)
    {
        var item = new JsonObject();
        foreach (var field in itemFields)
        {
            var name = (string)field["name"]!;
            var path = (string?)field["path"] ?? name;
            if (name == replace.Name) Set(item, path, replace.Value?.DeepClone());
            else if (field["required"]?.GetValue<bool>() == true) Set(item, path, Valid(field));
        }

        return item;
    }

    private static JsonNode Valid(JsonObject field) => (string)field["type"]! switch
    {
        "integer" or "number" => Number(field["minimum"]?.GetValue<decimal>() ?? field["maximum"]?.GetValue<decimal>() ?? 1m),
        "boolean" => JsonValue.Create(true),
        "array" => Items(field, field["minItems"]?.GetValue<int>() ?? 1),
        _ when field["enum"] is JsonArray values => JsonValue.Create(EnumValue(values[0]!)),
        _ when field["format"]?.GetValue<string>() == "url" => JsonValue.Create(Url(field)),
        _ => Text(Math.Max(1, field["minLength"]?.GetValue<int>() ?? 1)),
    };

    private static JsonArray Items(JsonObject field, int count)
    {
        var items = field["items"]!.AsObject();
        var array = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            array.Add(items["type"]!.GetValue<string>() == "object"
                ? Item(items["fields"]!.AsArray().Select(f => f!.AsObject()).ToList(), (string.Empty, null))
                : JsonValue.Create(items["format"]?.GetValue<string>() == "url" || field["media"] is not null ? Url(field) : "x"));
        }

        return array;
    }

    private static string Url(JsonObject field) => $"https://example.com/file.{(Formats(field) is { Count: > 0 } formats ? formats[0] : "bin")}";

    private static List<string> Formats(JsonObject field) => field["media"]?["formats"]?.AsArray().Select(f => (string)f!).ToList() ?? [];

    private static string EnumValue(JsonNode value) => value is JsonObject item ? (string)item["value"]! : (string)value!;

    private static JsonValue Text(int length) => JsonValue.Create(new string('a', length));

    private static JsonValue Number(decimal value) => JsonValue.Create(value);

    private static void Set(JsonObject body, string path, JsonNode? value)
    {
        var segments = path.Split('.');
        var node = body;
        foreach (var segment in segments[..^1])
        {
            node = node[segment] as JsonObject ?? (JsonObject)(node[segment] = new JsonObject());
        }

        node[segments[^1]] = value;
    }
}
