using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Cli.Requests;
using HappyHorse.Generated;
using Spectre.Console;

namespace HappyHorse.Cli.Commands;

/// <summary><c>models</c> and <c>describe</c>: the catalog as the manifests give it, nothing written per model.</summary>
internal static class CatalogCommands
{
    private const int ShownValues = 24;

    public static Command Models(CliEnvironment environment)
    {
        var json = new Option<bool>("--json") { Description = "One JSON array on stdout, for scripts." };
        var command = new Command("models", "Every model and operation: dialect, result kind, whether it can cancel, pricing.") { json };
        command.SetAction(HappyHorseCli.Guarded(environment, (parse, _) =>
        {
            var operations = environment.Lookup.All;
            if (parse.GetValue(json))
            {
                var array = new JsonArray();
                foreach (var o in operations)
                {
                    array.Add(new JsonObject
                    {
                        ["model"] = o.ModelId,
                        ["operation"] = o.OperationId,
                        ["dialect"] = o.Profile.Id,
                        ["result"] = ResultOf(o),
                        ["canCancel"] = o.CanCancel,
                        ["pricing"] = o.Pricing is { } p ? p.Description : null,
                        ["description"] = o.Description,
                    });
                }

                environment.Out.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return Task.FromResult(ExitCode.Success);
            }

            var rows = operations.Select(o => new[] { o.ModelId, o.OperationId, o.Profile.Id, ResultOf(o), o.CanCancel ? "yes" : "no", o.Pricing?.Description ?? "-" }).ToList();
            Table(environment, ["model", "operation", "dialect", "result", "cancel", "pricing"], rows);
            return Task.FromResult(ExitCode.Success);
        }));
        return command;
    }

    public static Command Describe(CliEnvironment environment)
    {
        var model = new Argument<string>("model") { Description = "The model id, e.g. happyhorse-1.0/video ('happyhorse models' lists them)." };
        var operation = new Argument<string?>("operation") { Description = "One operation (default: all of the model's).", Arity = ArgumentArity.ZeroOrOne };
        var dialect = new Option<string?>("--dialect") { Description = "The dialect, for a model served in two." };
        var json = new Option<bool>("--json") { Description = "The fields as JSON, for scripts." };
        var command = new Command("describe", "Each field of a model's operations: option, JSON path, type, required, default, allowed values, limits, media limits, description.")
        {
            model, operation, dialect, json,
        };
        command.SetAction(HappyHorseCli.Guarded(environment, (parse, _) =>
        {
            var modelId = parse.GetValue(model)!;
            var operationId = parse.GetValue(operation);
            var chosen = operationId is null
                ? environment.Lookup.OfModel(modelId, parse.GetValue(dialect))
                : [environment.Lookup.Find(modelId, operationId, parse.GetValue(dialect))];
            if (parse.GetValue(json))
            {
                var array = new JsonArray();
                foreach (var o in chosen) array.Add(OperationJson(o));
                environment.Out.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                foreach (var o in chosen) Describe(environment, o);
            }

            return Task.FromResult(ExitCode.Success);
        }));
        return command;
    }

    private static void Describe(CliEnvironment environment, OperationInfo operation)
    {
        var o = environment.Out;
        o.WriteLine($"{operation.ModelId} {operation.OperationId}  (dialect {operation.Profile.Id}, returns {ResultOf(operation)}, {(operation.CanCancel ? "can cancel" : "cannot cancel")})");
        if (operation.Description.Length > 0) o.WriteLine($"  {operation.Description}");
        if (operation.Pricing is { } pricing) o.WriteLine($"  Pricing: {pricing.Description} (per second of {pricing.PerSecondOf}; --estimate computes it)");
        o.WriteLine($"  Run: happyhorse run {operation.ModelId} {operation.OperationId}{environment.Lookup.DialectWords(operation)} [options]");
        o.WriteLine();
        var options = FieldOptions.For(operation, RunCommands.ReservedOptions).ToDictionary(f => f.Field);
        foreach (var field in operation.Fields)
        {
            var head = options.TryGetValue(field, out var option) ? $"{(option.Alias is { } alias ? alias + ", " : "")}{option.Name} {option.ValueHint}" : field.ConstantJson is not null ? "(fixed)" : "(copied)";
            o.WriteLine($"  {head}");
            foreach (var line in FieldLines(field)) o.WriteLine($"      {line}");
        }

        foreach (var rule in operation.Rules) o.WriteLine($"  Rule: {RuleText(rule)}");
        o.WriteLine();
    }

    private static IEnumerable<string> FieldLines(FieldInfo field)
    {
        yield return $"JSON path: {field.Path}; type: {Type(field)}; {(field.IsRequired ? "required" : "optional")}";
        if (field.Description.Length > 0) yield return field.Description;
        if (field.DefaultJson is { } defaultJson) yield return $"default: {defaultJson}";
        if (field.ConstantJson is { } constant) yield return $"always sent as {constant}";
        if (field.MirrorOf is { } source) yield return $"sent as a copy of {source}";
        if (field.AllowedValues.Count > 0)
        {
            var shown = string.Join(", ", field.AllowedValues.Take(ShownValues));
            yield return $"allowed: {shown}{(field.AllowedValues.Count > ShownValues ? $", ... ({field.AllowedValues.Count - ShownValues} more; --json lists all)" : "")}";
        }

        if (Limits(field) is { Length: > 0 } limits) yield return limits;
        if (field.Media is { } media) yield return "media: " + Media(media);
        if (field.ErrorCode is { } code) yield return $"the service answers a bad value with {code}";
        foreach (var item in field.ItemFields) yield return $"item field {item.Name} ({Type(item)}{(item.IsRequired ? ", required" : "")}){(Limits(item) is { Length: > 0 } l ? ": " + l : "")}{(item.AllowedValues.Count > 0 ? $": one of {string.Join(", ", item.AllowedValues.Take(ShownValues))}" : "")}";
        foreach (var variant in field.Variants) yield return $"or {Type(variant)}{(Limits(variant) is { Length: > 0 } l ? ": " + l : "")}";
    }

    private static string Type(FieldInfo field) => field.Kind switch
    {
        FieldKind.String => field.Format is { } format ? $"string ({format})" : "string",
        FieldKind.Integer => "integer",
        FieldKind.Number => "number",
        FieldKind.Boolean => "boolean",
        FieldKind.StringArray => field.Format is { } format ? $"array of strings ({format})" : "array of strings",
        FieldKind.ObjectArray => "array of objects (JSON)",
        FieldKind.OneOf => "one of several shapes (JSON)",
        _ => field.Kind.ToString(),
    };

    private static string Limits(FieldInfo field) => string.Join("; ", field.LimitRules);

    private static string Media(MediaLimits media)
    {
        var parts = new List<string> { media.Kind };
        if (media.Formats.Count > 0) parts.Add("formats " + string.Join("/", media.Formats));
        if (media.MaxMegabytes is { } mb) parts.Add($"at most {Number(mb)} MB");
        if (media.MinSide is not null || media.MaxSide is not null) parts.Add($"sides {media.MinSide}..{media.MaxSide} px");
        if (media.MinSeconds is not null || media.MaxSeconds is not null) parts.Add($"{Number(media.MinSeconds)}..{Number(media.MaxSeconds)} s");
        if (media.Notes.Length > 0) parts.Add(media.Notes);
        return string.Join(", ", parts);
    }

    private static string RuleText(RuleInfo rule) => rule.Description.Length > 0 ? rule.Description : rule.ToString();

    /// <summary>An operation and its fields as <c>describe --json</c> writes them (the studio's forms are made from the same).</summary>
    internal static JsonObject OperationJson(OperationInfo operation)
    {
        var options = FieldOptions.For(operation, RunCommands.ReservedOptions).ToDictionary(f => f.Field);
        var fields = new JsonArray();
        foreach (var field in operation.Fields) fields.Add(FieldJson(field, options.TryGetValue(field, out var option) ? option.Name : null));
        var rules = new JsonArray();
        foreach (var rule in operation.Rules) rules.Add(RuleText(rule));
        return new JsonObject
        {
            ["model"] = operation.ModelId,
            ["operation"] = operation.OperationId,
            ["dialect"] = operation.Profile.Id,
            ["result"] = ResultOf(operation),
            ["canCancel"] = operation.CanCancel,
            ["description"] = operation.Description,
            ["pricing"] = operation.Pricing?.Description,
            ["fields"] = fields,
            ["rules"] = rules,
        };
    }

    private static JsonObject FieldJson(FieldInfo field, string? option)
    {
        var json = new JsonObject
        {
            ["option"] = option,
            ["name"] = field.Name,
            ["path"] = field.Path,
            ["type"] = Type(field),
            ["kind"] = field.Kind.ToString(),
            ["required"] = field.IsRequired,
            ["default"] = field.DefaultJson is { } d ? JsonNode.Parse(d) : null,
            ["allowedValues"] = new JsonArray([.. field.AllowedValues.Select(v => (JsonNode?)v)]),
            ["minimum"] = field.Minimum,
            ["maximum"] = field.Maximum,
            ["minLength"] = field.MinLength,
            ["maxLength"] = field.MaxLength,
            ["cjkCountsDouble"] = field.CjkCountsDouble,
            ["minItems"] = field.MinItems,
            ["maxItems"] = field.MaxItems,
            ["limits"] = new JsonArray([.. field.LimitRules.Select(r => (JsonNode?)r)]),
            ["format"] = field.Format,
            ["constant"] = field.ConstantJson is { } c ? JsonNode.Parse(c) : null,
            ["mirrorOf"] = field.MirrorOf,
            ["description"] = field.Description,
        };
        if (field.Media is { } media)
        {
            json["media"] = new JsonObject
            {
                ["kind"] = media.Kind,
                ["formats"] = new JsonArray([.. media.Formats.Select(v => (JsonNode?)v)]),
                ["maxMegabytes"] = media.MaxMegabytes,
                ["minSide"] = media.MinSide,
                ["maxSide"] = media.MaxSide,
                ["minSeconds"] = media.MinSeconds,
                ["maxSeconds"] = media.MaxSeconds,
                ["notes"] = media.Notes,
            };
        }

        if (field.ItemFields.Count > 0) json["itemFields"] = new JsonArray([.. field.ItemFields.Select(f => (JsonNode?)FieldJson(f, null))]);
        if (field.Variants.Count > 0) json["variants"] = new JsonArray([.. field.Variants.Select(f => (JsonNode?)FieldJson(f, null))]);
        return json;
    }

    private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>A table: a Spectre table on a terminal, padded plain columns when output is redirected.</summary>
    internal static void Table(CliEnvironment environment, string[] headers, IReadOnlyList<string[]> rows)
    {
        if (environment.Terminal is { } terminal)
        {
            var table = new Table().Border(TableBorder.Simple);
            foreach (var header in headers) table.AddColumn(Markup.Escape(header));
            foreach (var row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
            terminal.Write(table);
            return;
        }

        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        environment.Out.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows) environment.Out.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
    }

    /// <summary>What an operation makes, as the manifest spells it (<c>video</c>, <c>image</c>).</summary>
    private static string ResultOf(OperationInfo operation) => operation.ResultKind.ToString().ToLowerInvariant();
}
