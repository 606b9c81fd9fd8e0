using System;
using System.CommandLine;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Emulator;

namespace HappyHorse.Cli.Commands;

/// <summary><c>emulator</c>: the embedded stand-in for every dialect of the service, so everything can be tried offline.</summary>
internal static class EmulatorCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var port = new Option<int>("--port") { Description = "The loopback port (default 5080; 0 picks a free one).", DefaultValueFactory = _ => 5080 };
        var command = new Command(
            "emulator",
            "Run the emulator of the service on 127.0.0.1 until Ctrl+C. It also takes the standalone emulator's options:\n" +
            EmulatorCommandLine.Usage[(EmulatorCommandLine.Usage.IndexOf('\n', StringComparison.Ordinal) + 1)..])
        {
            port,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(HappyHorseCli.Guarded(environment, async (parse, cancellationToken) =>
        {
            var arguments = new List<string> { "--port", parse.GetValue(port).ToString(CultureInfo.InvariantCulture) };
            arguments.AddRange(parse.UnmatchedTokens);
            EmulatorOptions options;
            try
            {
                options = EmulatorCommandLine.Parse(arguments);
            }
            catch (FormatException e)
            {
                throw new CliInputException(e.Message);
            }

            environment.ServingOwnOperations(options);
            if (options.RequestLog is not null) options.RequestLog = line => environment.Out.WriteLine(line);
            await using var emulator = await HappyHorseEmulator.StartAsync(options, cancellationToken).ConfigureAwait(false);
            environment.Out.WriteLine($"HappyHorse emulator listening on {emulator.BaseAddress} (loopback only); every dialect of the catalog is served{(environment.OwnOperations.Any() ? ", and the models of --catalog" : "")}.");
            environment.Out.WriteLine($"  export HAPPYHORSE_BASE_URL={emulator.BaseAddress.AbsoluteUri.TrimEnd('/')}");
            environment.Out.WriteLine($"  export HAPPYHORSE_API_KEY={options.ApiKey}");
            environment.Out.WriteLine("Press Ctrl+C to stop.");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, emulator.Stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            environment.Out.WriteLine("HappyHorse emulator stopped.");
            return ExitCode.Success;
        }));
        return command;
    }
}
