using System;
using System.CommandLine;
using System.Collections.Generic;
using System.CommandLine.Parsing;
using System.IO;
using System.Linq;
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

        // A bare 'happyhorse' shows what it can do instead of an error.
        if (args.Length == 0) args = ["--help"];
        var json = args.Contains("--json");
        RootCommand root;
        try
        {
            // Completion ('[suggest:N] "line"') completes the line it is given: run's field options come from that line.
            var completing = args.Length >= 2 && args[0].StartsWith("[suggest", StringComparison.Ordinal);
            IReadOnlyList<string> line = completing ? CommandLineParser.SplitCommandLine(args[1]).ToList() : args;
            // Assemblies named on the line are named again in the commands the tool prints (resume, open in CLI); the variable's need not be.
            var named = Requests.ConsumerCatalogs.PathsIn(line);
            var catalogs = named.Count > 0 ? named : Requests.ConsumerCatalogs.PathsIn(environment.Variable);
            if (catalogs.Count > 0) environment = environment.WithOperations(Requests.ConsumerCatalogs.Load(catalogs, environment.Operations), named);

            root = BuildRoot(Requests.ConsumerCatalogs.Without(line), environment);
        }
        catch (CliInputException e)
        {
            return Report(e, environment, new Running.RunOutput(environment, json));
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var problems = new List<CliProblem>(UnknownTokens(parse));
            var unknownCommand = problems.Any(p => p.Code == ProblemCodes.UnknownCommand);
            problems.AddRange(parse.Errors
                .Where(e => !e.Message.StartsWith("Unrecognized command or argument", StringComparison.Ordinal) && !(unknownCommand && e.Message.StartsWith("Required command", StringComparison.Ordinal)))
                .Select(e => CliProblem.Input(e.Message)));
            var path = string.Join(' ', CommandPath(parse));
            var heading = $"happyhorse{(path.Length == 0 ? "" : " " + path)}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}; nothing was sent:";
            return Report(new CliInputException(heading, problems, $"See 'happyhorse{(path.Length == 0 ? "" : " " + path)} --help'."), environment, new Running.RunOutput(environment, json));
        }

        var invocation = new InvocationConfiguration { Output = environment.Out, Error = environment.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        try
        {
            return (ExitCode)await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return Report(e, environment, new Running.RunOutput(environment, json));
        }
    }

    /// <summary>
    /// Writes what went wrong (with <c>--json</c> as one error event on stdout, else on stderr) and returns its exit code.
    /// A task the service accepted is named (<paramref name="accepted"/>, or the one the exception carries) with the
    /// command that resumes it, unless it has ended.
    /// </summary>
    internal static ExitCode Report(Exception exception, CliEnvironment environment, Running.RunOutput output, GenerationTask? accepted = null)
    {
        var code = ExitCodes.For(exception);
        var message = exception switch
        {
            OperationCanceledException => "Stopped by Ctrl+C; tasks already accepted go on at the service.",
            HappyHorseException or CliInputException => exception.Message,
            _ => $"Unexpected error: {exception.GetType().Name}: {exception.Message}",
        };

        if (exception is HappyHorseSubmitUncertainException uncertain)
        {
            message += Environment.NewLine + $"The submit may have reached the service (sent {uncertain.SentAt:O}, request id {uncertain.RequestId ?? "none"}, body {uncertain.BodyFingerprint})." +
                Environment.NewLine + "Look for the task in the service's records before running it again.";
        }

        var task = (exception as HappyHorseException)?.Task ?? accepted;
        output.Error(code, message, task, (exception as CliInputException)?.Problems ?? [], resumable: exception is not HappyHorseTaskFailedException);
        return code;
    }

    /// <summary>
    /// The words the parser did not know, as problems: unknown options (with the command's options that come closest)
    /// and unknown commands; a word right after an unknown option is taken as its value, not reported again.
    /// </summary>
    internal static IEnumerable<CliProblem> UnknownTokens(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var options = command.Options.Concat(AncestorsOf(parse).SelectMany(c => c.Options.Where(o => o.Recursive)))
            .SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).ToList();
        var path = string.Join(' ', CommandPath(parse));
        var commandName = path.Length == 0 ? "happyhorse" : "happyhorse " + path;
        var afterOption = false;
        foreach (var token in parse.UnmatchedTokens)
        {
            if (token.StartsWith('-') && token.Length > 1)
            {
                afterOption = true;
                var name = token.Split('=')[0];
                yield return new CliProblem(null, null, ProblemCodes.UnknownOption, $"{name}: no such option of '{commandName}'.{DidYouMean.Hint(name, options)}");
            }
            else if (afterOption)
            {
                afterOption = false;
            }
            else if (command.Subcommands.Count > 0)
            {
                yield return new CliProblem(null, null, ProblemCodes.UnknownCommand, $"'{token}' is not a happyhorse command.{DidYouMean.Hint(token, command.Subcommands.Select(c => c.Name))}");
            }
            else
            {
                yield return CliProblem.Input($"'{token}': unexpected word.");
            }
        }
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
        root.Add(new Option<FileInfo[]>(Requests.ConsumerCatalogs.OptionName)
        {
            Description = $"Your own project's build output: its models (its manifests' HappyHorseCatalog) beside the catalog's, in every command; repeatable ({Requests.ConsumerCatalogs.Variable} if not given).",
            HelpName = "ASSEMBLY.dll",
            Recursive = true,
        });
        root.Add(CatalogCommands.Models(environment));
        root.Add(CatalogCommands.Describe(environment));
        root.Add(RunCommands.Run(args, environment));
        root.Add(RunCommands.Wait(environment));
        root.Add(RunCommands.Status(environment));
        root.Add(RunCommands.Cancel(environment));
        root.Add(BatchCommand.Create(environment));
        root.Add(EmulatorCommand.Create(environment));
        root.Add(CompletionCommand.Create(environment));
        root.Add(Studio.StudioCommand.Create(environment));
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
                return (int)Report(e, environment, new Running.RunOutput(environment, json is not null && parse.GetValue(json)));
            }
        };

    private static IEnumerable<Command> AncestorsOf(ParseResult parse)
    {
        for (var result = parse.CommandResult.Parent; result is System.CommandLine.Parsing.CommandResult parent; result = parent.Parent) yield return parent.Command;
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent) names.Push(result.Command.Name);
        return names;
    }
}
