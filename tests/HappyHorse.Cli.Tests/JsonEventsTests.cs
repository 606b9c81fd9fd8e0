using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using Json.Schema;

namespace HappyHorse.Cli.Tests;

/// <summary>
/// <c>--json</c> as a script reads it: every line the built tool writes, over run, wait, status, cancel, batch and
/// their errors, is one of the events cli/events.schema.json defines, and cli/README.md documents each of them.
/// </summary>
public sealed class JsonEventsTests : IAsyncLifetime
{
    private static readonly string SchemaPath = Path.Combine(CliHarness.RepositoryRoot, "cli", "events.schema.json");
    private HappyHorseEmulator _emulator = null!;
    private readonly string _out = CliHarness.TempDirectory("json");

    public async Task InitializeAsync() => _emulator = await HappyHorseEmulator.StartAsync(CliHarness.QuickEmulator());

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public async Task Every_event_the_tool_writes_matches_the_schema_and_every_event_type_is_documented()
    {
        var variables = CliHarness.For(_emulator);
        var jobs = Path.Combine(_out, "jobs.jsonl");
        File.WriteAllLines(jobs, [
            """{"model": "gpt-image-2", "operation": "text-to-image", "fields": {"prompt": "a"}}""",
            """{"model": "happyhorse-1.0/video", "operation": "text-to-video", "fields": {"prompt": "b", "duration": 3, "mode": "std", "sound": false}}""",
        ]);
        var noWait = await CliHarness.ToolAsync(variables, null, "run", "wan2.7-t2v", "text-to-video", "-p", "waves", "--no-wait", "--json");
        var runs = new[]
        {
            noWait,
            await CliHarness.ToolAsync(variables, noWait.Out, "wait", "-", "--json", "-o", _out, "--poll-interval", "0.02"),
            await CliHarness.ToolAsync(variables, noWait.Out, "status", "-", "--json"),
            await CliHarness.ToolAsync(variables, null, "run", "happyhorse-1.0/video", "text-to-video", "-p", "p", "--estimate", "--json"),
            await CliHarness.ToolAsync(variables, null, "run", "happyhorse-1.0/video", "text-to-video", "--mode", "ultra", "--json"),
            await CliHarness.ToolAsync(variables, null, "batch", jobs, "--json", "-o", _out, "--poll-interval", "0.02"),
        };

        var schema = JsonSchema.FromFile(SchemaPath, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var seen = new HashSet<string>();
        foreach (var run in runs)
        {
            run.Error.ShouldBeEmpty(run.ToString());
            foreach (var line in run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var document = JsonDocument.Parse(line);
                var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
                result.IsValid.ShouldBeTrue($"{line}\n{string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(8))}");
                seen.Add(document.RootElement.GetProperty("event").GetString()!);
            }
        }

        seen.ShouldBeSubsetOf(EventTypes());
        seen.Count.ShouldBeGreaterThanOrEqualTo(9, string.Join(", ", seen));
        var readme = File.ReadAllText(Path.Combine(CliHarness.RepositoryRoot, "cli", "README.md"));
        foreach (var type in EventTypes()) readme.ShouldContain($"| `{type}` |", customMessage: $"cli/README.md documents the {type} event");
    }

    /// <summary>The event types the schema defines (each <c>"event": {"const": ...}</c>).</summary>
    private static IReadOnlyList<string> EventTypes() =>
        [.. Regex.Matches(File.ReadAllText(SchemaPath), "\"event\": \\{ \"const\": \"([a-z]+)\" \\}").Select(m => m.Groups[1].Value)];
}
