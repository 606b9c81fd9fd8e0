using System;
using System.Threading;
using HappyHorse.Emulator;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;

// The main job: submit a text-to-video request, show its status as it changes, print the result URL.
// With HAPPYHORSE_BASE_URL set it calls that service with HAPPYHORSE_API_KEY; otherwise it starts the
// embedded emulator on 127.0.0.1.
//   dotnet run --project samples/Quickstart -- "A majestic eagle soaring through clouds at sunset"
var prompt = args.Length > 0 ? string.Join(' ', args) : "A majestic eagle soaring through clouds at sunset";

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
    if (options.BaseUrl is null)
    {
        emulator = await HappyHorseEmulator.StartAsync(new EmulatorOptions { TaskDuration = TimeSpan.FromSeconds(3) }, cancel.Token);
        options.BaseUrl = emulator.BaseAddress;
        options.ApiKey = emulator.Options.ApiKey;
        // A local service needs none of the real one's patience (first poll after 8 s).
        options.PollSchedule = new PollSchedule(TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));
        Console.WriteLine($"Using the embedded emulator at {emulator.BaseAddress} (set HAPPYHORSE_BASE_URL to call a real service).");
    }
    else
    {
        Console.WriteLine($"Using {options.BaseUrl}.");
    }

    var request = HappyHorseVideo.TextToVideo(prompt)
        .WithMode(HappyHorseVideo.Mode.Pro)
        .WithDuration(5)
        .WithAspectRatio(HappyHorseVideo.AspectRatio.Landscape16x9)
        .WithSound(true);

    using var client = new HappyHorseClient(options);
    var task = await client.SubmitAsync(request, cancel.Token);
    Console.WriteLine($"Submitted {task.Operation}: task {task.TaskId}");
    var result = await client.WaitForCompletionAsync(task, new StatusPrinter(), cancel.Token);
    Console.WriteLine($"Result: {result.Url}");
    return 0;
}
catch (HappyHorseException e)
{
    Console.Error.WriteLine(e.Message);
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

/// <summary>Prints a line each time the task's status changes.</summary>
internal sealed class StatusPrinter : IProgress<TaskStatusUpdate>
{
    private string? _last;

    public void Report(TaskStatusUpdate value)
    {
        if (value.RawStatus == _last) return;
        _last = value.RawStatus;
        var progress = value.Progress is { } percent ? $" {percent:0}%" : string.Empty;
        Console.WriteLine($"[{value.Elapsed.TotalSeconds,5:0.0}s] {value.RawStatus}{progress}");
    }
}
