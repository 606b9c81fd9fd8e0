using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated;
using HappyHorse.Generated.Protocol;
using HappyHorse.Samples.Dialects;

// Five public APIs (fal's queue, Replicate's predictions, OpenAI's videos and images, the Gemini API's operations for
// Veo), each described by one profile and its models' manifests (profiles/ and models/), no C# per dialect.
// With no arguments the emulator serves them from the same compiled profiles; with --base-url URL --api-key KEY the
// same requests go to any server that hosts those shapes on one address. One request per model, its updates, its result.
string? baseUrl = null, apiKey = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--base-url": baseUrl = args[i + 1]; break;
        case "--api-key": apiKey = args[i + 1]; break;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}; usage: [--base-url URL --api-key KEY]");
            return 2;
    }
}

if ((baseUrl is null) != (apiKey is null) || args.Length % 2 != 0)
{
    Console.Error.WriteLine("Give both --base-url URL and --api-key KEY, or neither (then the emulator starts).");
    return 2;
}

HappyHorseEmulator? emulator = null;
HappyHorseClientOptions options;
if (baseUrl is null)
{
    var emulatorOptions = new EmulatorOptions { QueueDuration = TimeSpan.FromSeconds(0.6), RunDuration = TimeSpan.FromSeconds(0.9) };
    foreach (var operation in HappyHorseCatalog.Operations) emulatorOptions.ExtraOperations.Add(operation);
    emulator = await HappyHorseEmulator.StartAsync(emulatorOptions);
    options = new HappyHorseClientOptions
    {
        BaseUrl = emulator.BaseAddress,
        ApiKey = emulatorOptions.ApiKey,

        // The emulator's tasks take a second; the profiles' own schedules are timed for real services.
        PollSchedule = new PollSchedule(TimeSpan.FromMilliseconds(200), TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(1)),
    };
}
else
{
    // A real server: the profiles' own schedules, and the key only where each profile sends it.
    options = new HappyHorseClientOptions { BaseUrl = new Uri(baseUrl, UriKind.Absolute), ApiKey = apiKey };
}

await using var running = emulator;
using var client = new HappyHorseClient(options);

// One request per public API, each model by its real id and each body as that API documents it.
var requests = new List<(string Api, IGenerationRequest Request)>
{
    ("fal queue", FalFluxDev.TextToImage("A red fox in the snow")),
    ("fal queue", FalKlingVideo.TextToVideo("A lighthouse in a storm")),
    ("Replicate predictions", FluxSchnell.TextToImage("A red fox in the snow")),
    ("Replicate predictions", MinimaxVideo01.TextToVideo("A lighthouse in a storm")),
    ("OpenAI videos", Sora2.TextToVideo("A lighthouse in a storm")),
    ("Gemini long-running operations", Veo30.TextToVideo("A lighthouse in a storm")),
    ("OpenAI images (synchronous)", DallE3.TextToImage("A red fox in the snow")),
};

var failures = 0;
foreach (var (api, request) in requests)
{
    Console.WriteLine($"== {api}: {request.Operation}");
    try
    {
        var task = await client.SubmitAsync(request);
        Console.WriteLine($"  task {task.TaskId} (can cancel: {(task.CanCancel ? "yes" : "no")})");
        string? last = null;
        var result = await client.WaitForCompletionAsync(task, new Show(update =>
        {
            var line = $"  {update.Status,-9} {update.RawStatus}" +
                (update.QueuePosition is { } position ? $", queue position {position}" : string.Empty) +
                (update.Progress is { } progress ? $", {progress:0}%" : string.Empty);
            if (line != last) Console.WriteLine(line);
            last = line;
        }));

        // Every file is fetched: with the key where the dialect's files need it and the file is on the service's own
        // host (OpenAI's and Gemini's), without it anywhere else (a CDN).
        for (var i = 0; i < result.Urls.Count; i++)
        {
            using var file = new System.IO.MemoryStream();
            var bytes = await client.DownloadResultAsync(result, i, file);
            Console.WriteLine($"  downloaded {bytes} bytes from {result.Urls[i].Host}");
        }

        if (result.Urls.Count == 0)
        {
            Console.WriteLine($"  {result.Contents.Count} file(s) inline, {result.Contents.Sum(c => c.Length)} bytes");
            Console.WriteLine($"Result: {request.Operation.ModelId}: inline");
            continue;
        }

        Console.WriteLine($"Result: {request.Operation.ModelId}: {result.Url}");
    }
    catch (HappyHorseException e)
    {
        Console.Error.WriteLine($"  failed: {e.Message}");
        failures++;
    }
}

return failures == 0 ? 0 : 1;

/// <summary>Reports each update on the caller's thread, in order.</summary>
internal sealed class Show(Action<TaskStatusUpdate> show) : IProgress<TaskStatusUpdate>
{
    public void Report(TaskStatusUpdate value) => show(value);
}
