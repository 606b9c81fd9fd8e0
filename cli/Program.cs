using System;
using System.Threading;
using HappyHorse.Cli;

// The happyhorse tool: `happyhorse --help` lists the commands and the exit codes.
using var canceled = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops cleanly (tasks accepted so far are named); a second one ends the process.
    if (canceled.IsCancellationRequested) return;
    e.Cancel = true;
    canceled.Cancel();
};

return (int)await HappyHorseCli.RunAsync(args, CliEnvironment.FromConsole(), canceled.Token);
