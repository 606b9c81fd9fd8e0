using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Cli.Running;

namespace HappyHorse.Cli.Studio;

/// <summary><c>studio</c>: a web page on 127.0.0.1 with a form for every catalog operation, live progress, results, history and batches.</summary>
internal static class StudioCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var port = new Option<int>("--port") { Description = "The loopback port (default 5090; 0 picks a free one).", DefaultValueFactory = _ => 5090 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where result files and the studio's history are kept (default: ./happyhorse-studio)." };
        var batches = new Option<FileInfo[]>("--batch") { Description = "A jobs file of 'happyhorse batch' to show as a gallery; repeatable.", HelpName = "JOBS.jsonl" };
        var service = new ServiceOptions();
        var command = new Command(
            "studio",
            "Open a studio in the browser: every model's form made from its manifest, problems listed as you type, the credit\n" +
            "estimate, live progress, results (videos play in the page), a history that survives restarts, and batches.\n" +
            "It listens on 127.0.0.1 only; the API key stays in this process.")
        {
            port, output, batches,
        };
        service.AddTo(command, withEmulator: true);
        command.SetAction(HappyHorseCli.Guarded(environment, async (parse, cancellationToken) =>
        {
            var chosenPort = parse.GetValue(port);
            if (chosenPort is < 0 or > 65535) throw new CliInputException($"--port: {chosenPort} is not between 0 and 65535.");
            var directory = parse.GetValue(output)?.FullName ?? Path.Combine(Directory.GetCurrentDirectory(), "happyhorse-studio");
            await using var session = await service.OpenAsync(parse, environment, handleBaseUrl: null, cancellationToken).ConfigureAwait(false);
            await using var studio = await StudioServer.StartAsync(
                new StudioSettings(session, new StudioCatalog(environment.Lookup), directory, chosenPort, parse.GetValue(batches) ?? [], environment.Time),
                cancellationToken).ConfigureAwait(false);
            environment.Out.WriteLine($"HappyHorse studio at {studio.Address} (loopback only; results and history in {directory}).");
            environment.Out.WriteLine("Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            environment.Out.WriteLine("HappyHorse studio stopped; tasks still waiting resume when it starts again.");
            return ExitCode.Success;
        }));
        return command;
    }
}
