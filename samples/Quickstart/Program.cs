using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using HappyHorse.Emulator;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;
using HappyHorse.Samples.Quickstart;

// The main job: submit a request, show its status live, print `Result: <url>` and save the file.
// With HAPPYHORSE_BASE_URL set it calls that service with HAPPYHORSE_API_KEY; otherwise it starts the
// embedded emulator on 127.0.0.1.
//   dotnet run --project samples/Quickstart
//   dotnet run --project samples/Quickstart -- --model wan2.7-i2v --operation first-last-frame --prompt "..."
QuickstartArguments arguments;
IGenerationRequest request;
try
{
    arguments = QuickstartArguments.Parse(args);
    if (arguments.Help || arguments.List)
    {
        Console.WriteLine(arguments.Help ? QuickstartArguments.Usage : string.Join(Environment.NewLine, HappyHorseCatalog.Operations.Select(o => $"{o.ModelId,-28} {o.OperationId,-22} {o.Profile.Id}")));
        return 0;
    }

    request = arguments.Model is null
        ? HappyHorseVideo.TextToVideo(arguments.Prompt ?? QuickstartArguments.DefaultPrompt)
            .WithMode(HappyHorseVideo.Mode.Pro)
            .WithDuration(5)
            .WithAspectRatio(HappyHorseVideo.AspectRatio.Landscape16x9)
            .WithSound(true)
        : CatalogRequests.Build(arguments.Model, arguments.Operation, arguments.Profile, arguments.Prompt);
}
catch (Exception e) when (e is FormatException or ArgumentException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(QuickstartArguments.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

HappyHorseEmulator? emulator = null;
try
{
    var options = HappyHorseClientOptions.FromEnvironment();
    options.MaxDownloadBytes = 512L * 1024 * 1024; // a demo keeps no file larger than 512 MB
    if (options.BaseUrl is null)
    {
        emulator = await HappyHorseEmulator.StartAsync(new EmulatorOptions { QueueDuration = TimeSpan.FromSeconds(1), RunDuration = TimeSpan.FromSeconds(3) }, cancel.Token);
        options.BaseUrl = emulator.BaseAddress;
        options.ApiKey = emulator.Options.ApiKey;

        // A local service needs none of the real one's patience (first poll after 5-8 s).
        options.PollSchedule = new PollSchedule(TimeSpan.FromMilliseconds(500), TimeSpan.Zero, TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(2));
        Console.WriteLine($"Using the embedded emulator at {emulator.BaseAddress} (set HAPPYHORSE_BASE_URL to call a real service).");
    }
    else
    {
        Console.WriteLine($"Using {options.BaseUrl}.");
    }

    using var client = new HappyHorseClient(options);
    var task = await client.SubmitAsync(request, cancel.Token);
    Console.WriteLine($"Submitted {task.Operation}: task {task.TaskId}");
    var result = await StatusDisplay.WaitAsync(client, task, cancel.Token);

    var name = string.Concat(task.TaskId.Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
    string extension;
    if (result.Urls.Count > 0)
    {
        Console.WriteLine($"Result: {result.Url}");
        extension = Path.GetExtension(result.Url.AbsolutePath) is { Length: > 1 and <= 5 } fromUrl ? fromUrl : ".bin";
    }
    else
    {
        Console.WriteLine($"Result: inline content ({result.Contents[0].Length} bytes)");
        extension = result.Contents[0].Span.StartsWith("\x89PNG"u8) ? ".png" : ".bin";
    }

    // The client streams the file without credentials, stops at MaxDownloadBytes and removes a partial file.
    Directory.CreateDirectory(arguments.OutputDirectory);
    var saved = Path.Combine(arguments.OutputDirectory, name + extension);
    await client.DownloadToFileAsync(result, saved, cancel.Token);
    Console.WriteLine($"Saved: {saved}");
    return 0;
}
catch (HappyHorseException e)
{
    Console.Error.WriteLine(e.Message);

    // Every error about a task the service accepted names it: resume it later instead of paying again.
    if (e.Task is { } task) Console.Error.WriteLine($"Task handle (resume with WaitForCompletionAsync): {task.ToHandle().ToJson()}");
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Canceled; the task goes on at the service.");
    return 130;
}
finally
{
    if (emulator is not null) await emulator.DisposeAsync();
}
