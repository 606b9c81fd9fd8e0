using System;
using System.CommandLine;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Cli.Batch;
using HappyHorse.Cli.Commands;
using HappyHorse.Generated;

namespace HappyHorse.Cli;

/// <summary>The <c>happyhorse</c> command line: its commands, and how any outcome becomes an exit code and a message.</summary>
public static class HappyHorseCli
{
    /// <summary>Runs the command <paramref name="args"/> names and returns its exit code; nothing is thrown.</summary>
    public static async Task<ExitCode> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        RootCommand root;
        try
        {
            root = BuildRoot(args, environment);
        }
        catch (CliInputException e)
        {
            environment.Error.WriteLine(e.Message);
            return ExitCode.InvalidInput;
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) environment.Error.WriteLine(error.Message);
            environment.Error.WriteLine($"See 'happyhorse {string.Join(' ', CommandPath(parse))} --help'.");
            return ExitCode.InvalidInput;
        }

        var invocation = new InvocationConfiguration { Output = environment.Out, Error = environment.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        try
        {
            return (ExitCode)await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return Report(e, environment, output: null);
        }
    }

    /// <summary>Writes what went wrong to stderr (and, with <c>--json</c>, an error event to stdout) and returns its exit code.</summary>
    internal static ExitCode Report(Exception exception, CliEnvironment environment, Running.RunOutput? output)
    {
        var code = ExitCodes.For(exception);
        var error = environment.Error;
        switch (exception)
        {
            case OperationCanceledException:
                error.WriteLine("Canceled; tasks already accepted go on at the service.");
                break;
            case HappyHorseException or CliInputException:
                error.WriteLine(exception.Message);
                break;
            default:
                error.WriteLine($"Unexpected error: {exception.GetType().Name}: {exception.Message}");
                break;
        }

        if (exception is HappyHorseSubmitUncertainException uncertain)
        {
            error.WriteLine($"The submit may have reached the service (sent {uncertain.SentAt:O}, request id {uncertain.RequestId ?? "none"}, body {uncertain.BodyFingerprint}).");
            error.WriteLine("Look for the task in the service's records before running it again.");
        }

        var task = (exception as HappyHorseException)?.Task;
        if (task is not null) error.WriteLine($"Task handle (resume with 'happyhorse wait'): {task.ToHandle().ToJson()}");
        output?.Error(code, exception.Message, task);
        return code;
    }

    /// <summary>
    /// The commands. <c>run</c>'s field options depend on the model and operation it is given, so they are read
    /// from <paramref name="args"/> first and the operation's fields become options (and appear in its <c>--help</c>).
    /// </summary>
    internal static RootCommand BuildRoot(IReadOnlyList<string> args, CliEnvironment environment)
    {
        var root = new RootCommand(
            "Generate video and images with every HappyHorse model from a terminal or a script.\n" +
            "Key: HAPPYHORSE_API_KEY (or --api-key-file); service: HAPPYHORSE_BASE_URL (or --base-url); --emulator for an offline one.\n\n" +
            ExitCodes.Table);
        root.Add(CatalogCommands.Models(environment));
        root.Add(CatalogCommands.Describe(environment));
        root.Add(RunCommands.Run(args, environment));
        root.Add(RunCommands.Wait(environment));
        root.Add(RunCommands.Cancel(environment));
        root.Add(BatchCommand.Create(environment));
        root.Add(EmulatorCommand.Create(environment));
        root.Add(Jobs.WorkerCommand.Create(environment));
        return root;
    }

    /// <summary>Wraps a command's work: any exception becomes its exit code and message.</summary>
    internal static Func<ParseResult, CancellationToken, Task<int>> Guarded(CliEnvironment environment, Func<ParseResult, CancellationToken, Task<ExitCode>> action, Option<bool>? json = null) =>
        async (parse, cancellationToken) =>
        {
            try
            {
                return (int)await action(parse, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                var output = json is not null && parse.GetValue(json) ? new Running.RunOutput(environment, json: true) : null;
                return (int)Report(e, environment, output);
            }
        };

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent) names.Push(result.Command.Name);
        return names;
    }
}
