using System;
using System.Globalization;
using System.Threading;
using HappyHorse.Emulator;

// Standalone: dotnet run --project emulator -- [--port 5080] [--api-key KEY] [--task-seconds 3]
var options = new EmulatorOptions { Port = 5080, LogRequests = true };
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port": options.Port = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--api-key": options.ApiKey = args[i + 1]; break;
        case "--task-seconds": options.TaskDuration = TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture)); break;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}'. Options: --port N, --api-key KEY, --task-seconds S.");
            return 2;
    }
}

await using var emulator = await HappyHorseEmulator.StartAsync(options);
Console.WriteLine($"HappyHorse emulator listening on {emulator.BaseAddress} (loopback only).");
Console.WriteLine($"  export HAPPYHORSE_BASE_URL={emulator.BaseAddress.AbsoluteUri.TrimEnd('/')}");
Console.WriteLine($"  export HAPPYHORSE_API_KEY={options.ApiKey}");
Console.WriteLine("Press Ctrl+C to stop.");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
try
{
    await System.Threading.Tasks.Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

return 0;
