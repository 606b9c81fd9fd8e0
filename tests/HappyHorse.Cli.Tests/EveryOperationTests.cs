using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Cli.Commands;
using HappyHorse.Cli.Requests;
using HappyHorse.Emulator;
using HappyHorse.Emulator.Examples;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Cli.Tests;

/// <summary>
/// Every catalog operation is reachable through <c>run</c>: its documented example turned into the options a person would
/// type, run against the emulator, and the body the emulator received is the example.
/// </summary>
public sealed class EveryOperationTests : IAsyncLifetime
{
    private HappyHorseEmulator _emulator = null!;
    private readonly string _out = CliHarness.TempDirectory("every");

    public static TheoryData<string> Operations => new(HappyHorseCatalog.Operations.Select(Key));

    public async Task InitializeAsync() => _emulator = await HappyHorseEmulator.StartAsync(CliHarness.QuickEmulator());

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_out, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task The_documented_example_as_options_runs_and_sends_the_example_body(string key)
    {
        var operation = HappyHorseCatalog.Operations.Single(o => Key(o) == key);
        var example = DocumentedExamples.BodyFor(operation)!;
        var args = new List<string> { "run", operation.ModelId, operation.OperationId, "--dialect", operation.Profile.Id, "--out", _out, "--poll-interval", "0.02" };
        args.AddRange(OptionsFor(operation, example));
        var before = _emulator.Requests.Count;

        var run = await CliHarness.RunAsync(CliHarness.For(_emulator), null, [.. args]);

        run.Code.ShouldBe(ExitCode.Success, $"{string.Join(' ', args)}\n{run}");
        run.Out.ShouldContain("Result: ");
        var saved = run.Out.Split('\n').Where(l => l.StartsWith("Saved: ", StringComparison.Ordinal)).Select(l => l["Saved: ".Length..].Trim()).ToList();
        saved.ShouldNotBeEmpty();
        saved.ShouldAllBe(path => new FileInfo(path).Length > 0);
        var submit = _emulator.Requests.Skip(before).Single(r => r.CreatedTaskId is not null);
        submit.Path.ShouldBe(operation.SubmitPath);
        if (operation.ContentType == RequestContentType.Json)
        {
            var sent = JsonNode.Parse(submit.Body)!;
            JsonNode.DeepEquals(Sorted(sent), Sorted(example)).ShouldBeTrue($"sent {sent.ToJsonString()}\nexample {example.ToJsonString()}");
        }
    }

    /// <summary>The options for the example's values: each settable field's own option, anything else by --set.</summary>
    private static IEnumerable<string> OptionsFor(OperationInfo operation, JsonObject example)
    {
        var body = JsonSerializer.SerializeToElement(example);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        if (operation.Profile.Submit.ModelField is { } modelField) covered.Add(modelField);
        foreach (var field in operation.Fields)
        {
            if (field.Path.Length == 0 || !ResponsePath.Parse(field.Path).TryFind(body, out var value)) continue;
            covered.Add(field.Path);
        }

        foreach (var option in FieldOptions.For(operation, RunCommands.ReservedOptions))
        {
            if (!ResponsePath.Parse(option.Field.Path).TryFind(body, out var value)) continue;
            yield return option.Name;
            yield return Typed(option.Field, value);
        }

        foreach (var path in Leaves(example, ""))
        {
            if (covered.Any(c => path == c || path.StartsWith(c + ".", StringComparison.Ordinal) || path.StartsWith(c + "[", StringComparison.Ordinal))) continue;
            yield return "--set";
            yield return $"{path}={JsonSerializer.SerializeToElement(ResponsePath.Parse(path).TryFind(body, out var v) ? v : default).GetRawText()}";
        }
    }

    /// <summary>What a person types for <paramref name="value"/>: text as is, numbers invariant, lists with commas, objects as JSON.</summary>
    private static string Typed(FieldInfo field, JsonElement value) => field.Kind switch
    {
        _ when value.ValueKind == JsonValueKind.String => value.GetString()!,
        FieldKind.Integer or FieldKind.Number => value.GetRawText(),
        FieldKind.Boolean => value.GetBoolean() ? "true" : "false",
        FieldKind.StringArray when value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(i => !i.GetString()!.Contains(',', StringComparison.Ordinal)) =>
            string.Join(",", value.EnumerateArray().Select(i => i.GetString())),
        _ => value.GetRawText(),
    };

    private static IEnumerable<string> Leaves(JsonNode? node, string path) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Leaves(p.Value, path.Length == 0 ? p.Key : $"{path}.{p.Key}")),
        _ => [path],
    };

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => JsonValue.Create(double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture)),
        _ => node?.DeepClone(),
    };

    private static string Key(OperationInfo operation) => $"{operation.Profile.Id} {operation.ModelId} {operation.OperationId}";
}
