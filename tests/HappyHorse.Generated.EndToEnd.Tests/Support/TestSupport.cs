using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Emulator.Examples;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace HappyHorse.Generated.EndToEnd.Tests.Support;

/// <summary>What the end-to-end tests share: clients on the emulator, raw requests, a hand-driven clock.</summary>
internal static class TestSupport
{
    public const string ApiKey = "test-key-1234";

    /// <summary>A poll schedule for an emulator whose tasks take a fraction of a second.</summary>
    public static readonly PollSchedule Fast = new(TimeSpan.FromMilliseconds(25), TimeSpan.Zero, TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(20));

    /// <summary>A clock that moves only when told to (at 2026-04-08 10:30 UTC), for lifecycle tests that must not depend on timing.</summary>
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 4, 8, 10, 30, 0, TimeSpan.Zero));

    /// <summary>The largest result file a test downloads.</summary>
    public const int MaxDownloadBytes = 4 * 1024 * 1024;

    /// <summary>Options for a quick emulator: tasks queue 20 ms and run 60 ms.</summary>
    public static EmulatorOptions QuickOptions() => new() { ApiKey = ApiKey, QueueDuration = TimeSpan.FromMilliseconds(20), RunDuration = TimeSpan.FromMilliseconds(60) };

    public static HappyHorseClient ClientFor(HappyHorseEmulator emulator, string apiKey = ApiKey) =>
        new(new HappyHorseClientOptions { BaseUrl = emulator.BaseAddress, ApiKey = apiKey, PollSchedule = Fast });

    /// <summary>A plain client for raw calls, authorized unless told otherwise.</summary>
    public static HttpClient HttpFor(HappyHorseEmulator emulator, string? apiKey = ApiKey)
    {
        var http = new HttpClient { BaseAddress = emulator.BaseAddress, MaxResponseContentBufferSize = MaxDownloadBytes };
        if (apiKey is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        return http;
    }

    /// <summary>Downloads a result file (loopback only), at most <see cref="MaxDownloadBytes"/>.</summary>
    public static async Task<byte[]> DownloadAsync(Uri url)
    {
        url.IsLoopback.ShouldBeTrue($"{url} is not the emulator's");
        using var http = new HttpClient { MaxResponseContentBufferSize = MaxDownloadBytes };
        return await http.GetByteArrayAsync(url);
    }

    /// <summary>The first catalog operation of a profile, and a copy of its documented example.</summary>
    public static (OperationInfo Operation, JsonObject Body) FirstOperationOf(string profileId)
    {
        var operation = HappyHorseCatalog.Operations.First(o => o.Profile.Id == profileId);
        return (operation, DocumentedExamples.BodyFor(operation) ?? throw new InvalidOperationException($"No documented example for {operation}."));
    }

    /// <summary>Removes the first property named <paramref name="name"/>, however deep, and returns the body.</summary>
    public static JsonObject Without(this JsonObject body, string name) =>
        RemoveDeep(body, name) ? body : throw new InvalidOperationException($"The body has no '{name}'.");

    private static bool RemoveDeep(JsonObject body, string name) =>
        body.Remove(name) || body.Select(p => p.Value).OfType<JsonObject>().ToList().Any(inner => RemoveDeep(inner, name));
}

/// <summary>A request sent as given, without client-side validation, to see what the service itself answers.</summary>
internal sealed class RawRequest(OperationInfo operation, string json) : IGenerationRequest
{
    public RawRequest(OperationInfo operation, JsonNode body)
        : this(operation, body.ToJsonString())
    {
    }

    public OperationInfo Operation => operation;

    public ValidationResult Validate() => ValidationResult.Valid;

    public void WriteJsonBody(Utf8JsonWriter writer)
    {
        using var document = JsonDocument.Parse(json);
        document.RootElement.WriteTo(writer);
    }
}

/// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SynchronousProgress(Action<TaskStatusUpdate> report) : IProgress<TaskStatusUpdate>
{
    public void Report(TaskStatusUpdate value) => report(value);
}

/// <summary>What each manifest says its model returns, read from the manifest files themselves.</summary>
internal static class ManifestResults
{
    private static readonly Lazy<Dictionary<(string Profile, string Model), string>> Results = new(() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "manifests"), "*.json")
            .Select(file => JsonNode.Parse(File.ReadAllText(file))!)
            .ToDictionary(m => (m["profile"]!.GetValue<string>(), m["model"]!.GetValue<string>()), m => m["result"]!.GetValue<string>()));

    /// <summary><c>image</c> or <c>video</c>.</summary>
    public static string Of(OperationInfo operation) => Results.Value[(operation.Profile.Id, operation.ModelId)];
}
