using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated;
using HappyHorse.Generated.Protocol;
using HappyHorse.Samples.Dialects;

// Four API shapes, each described by one profile and one manifest (profiles/ and models/), no C# per dialect.
// With no arguments the emulator serves them from the same compiled profiles; with --base-url URL --api-key KEY the
// same requests go to any server that hosts those shapes on one address. One request per dialect, its updates, its result.
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

var requests = new List<(string Dialect, IGenerationRequest Request)>
{
    ("queue (fal-like)", ExampleQueueVideo.TextToVideo("A lighthouse in a storm").WithDuration(4)),
    ("predictions (Replicate-like)", ExamplePredictionsVideo.TextToVideo("A lighthouse in a storm")),
    ("content endpoint (OpenAI-like)", ExampleContentVideo.TextToVideo("A lighthouse in a storm").WithSeconds(4)),
    ("long-running operation (Gemini-like)", ExampleOperationsVideo.TextToVideo([new ExampleOperationsVideo.Instance("A lighthouse in a storm")])),
};

var failures = 0;
foreach (var (dialect, request) in requests)
{
    Console.WriteLine($"== {dialect}: {request.Operation}");
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

        // A file on the service's own host (the content endpoint) is downloaded with the key where the dialect needs it.
        if (result.Urls.Count > 0 && result.Url.Authority == task.BaseUrl.Authority)
        {
            using var file = new System.IO.MemoryStream();
            var bytes = await client.DownloadResultAsync(result, 0, file);
            Console.WriteLine($"  downloaded {bytes} bytes from the service");
        }

        Console.WriteLine($"Result: {result.Url}");
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
