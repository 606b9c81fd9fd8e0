using System;
using System.Threading;
using HappyHorse.Emulator;

// Standalone: dotnet run --project emulator -- --port 5080 [options]; see EmulatorCommandLine.Usage.
if (args is ["--help" or "-h"])
{
    Console.WriteLine(EmulatorCommandLine.Usage);
    return 0;
}

EmulatorOptions options;
try
{
    options = EmulatorCommandLine.Parse(args);
    await using var emulator = await HappyHorseEmulator.StartAsync(options);
    Console.WriteLine($"HappyHorse emulator listening on {emulator.BaseAddress} (loopback only); every dialect of the catalog is served.");
    Console.WriteLine($"  export HAPPYHORSE_BASE_URL={emulator.BaseAddress.AbsoluteUri.TrimEnd('/')}");
    Console.WriteLine($"  export HAPPYHORSE_API_KEY={options.ApiKey}");
    Console.WriteLine("Press Ctrl+C to stop.");

    // Ctrl+C, and SIGTERM as containers and CI send it: the host starts stopping, and the emulator exits cleanly.
    try
    {
        await System.Threading.Tasks.Task.Delay(Timeout.Infinite, emulator.Stopping);
    }
    catch (OperationCanceledException)
    {
    }

    Console.WriteLine("HappyHorse emulator stopped.");
    return 0;
}
catch (Exception e) when (e is FormatException or ArgumentException or System.IO.IOException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(EmulatorCommandLine.Usage);
    return 2;
}
