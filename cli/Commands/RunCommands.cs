using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Cli.Requests;
using HappyHorse.Cli.Running;
using HappyHorse.Generated;

namespace HappyHorse.Cli.Commands;

/// <summary><c>run</c>, <c>wait</c> and <c>cancel</c>: one task from request to saved file, or resumed from its handle.</summary>
internal static class RunCommands
{
    /// <summary>The options <c>run</c> has of its own; a field whose option would be one of these is offered as <c>--field-NAME</c>.</summary>
    public static readonly HashSet<string> ReservedOptions =
    [
        "--dialect", "--set", "--estimate", "--json", "--out", "--no-wait", "--base-url", "--api-key-file", "--emulator", "--poll-interval", "--help", "--version",
    ];

    public static Command Run(IReadOnlyList<string> args, CliEnvironment environment)
    {
        var model = new Argument<string>("model") { Description = "The model id ('happyhorse models' lists them)." };
        var operationId = new Argument<string>("operation") { Description = "The operation id, e.g. text-to-video." };
        var dialect = new Option<string?>("--dialect") { Description = "The dialect, for a model served in two." };
        var set = new Option<string[]>("--set") { Description = "Sets any JSON path: path=value (the value as JSON, else as text); repeatable.", HelpName = "path=value" };
        var estimate = new Option<bool>("--estimate") { Description = "Print the credit estimate from the model's price table and exit; nothing is sent." };
        var json = new Option<bool>("--json") { Description = "One JSON event per line on stdout instead of the progress display." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where result files are saved (default: the current folder)." };
        var noWait = new Option<bool>("--no-wait") { Description = "Print the task handle (JSON) once the service accepts the task, and exit; resume with 'happyhorse wait'." };
        var service = new ServiceOptions();
        var command = new Command(
            "run",
            "Submit one request, show its progress, print 'Result: <url>' and save the files.\n" +
            "The operation's fields are options: 'happyhorse run MODEL OPERATION --help' lists them. Every problem is listed before anything is sent.")
        {
            model, operationId, dialect, set, estimate, json, output, noWait,
        };
        service.AddTo(command, withEmulator: true);

        // The fields of the operation named on this command line become options, with their docs in --help.
        var fieldOptions = new List<(FieldOption Field, Option Option)>();
        var named = OperationNamedIn(args);

        // An unknown model or operation is reported by the action (with a hint), not as every option it does not know.
        if (named is null && args.Count > 0 && args[0] == "run" && !args.Any(a => a is "--help" or "-h" or "-?")) command.TreatUnmatchedTokensAsErrors = false;
        if (named is not null)
        {
            foreach (var field in FieldOptions.For(named, ReservedOptions))
            {
                Option option = field.Field.Kind == FieldKind.StringArray
                    ? new Option<string[]>(field.Name) { Description = Help(field.Field), HelpName = field.ValueHint.Trim('<', '>') }
                    : new Option<string>(field.Name)
                    {
                        Description = Help(field.Field),
                        HelpName = field.ValueHint.Trim('<', '>', '[', ']'),
                        Arity = field.Field.Kind == FieldKind.Boolean ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
                    };
                command.Add(option);
                fieldOptions.Add((field, option));
            }
        }

        command.SetAction(HappyHorseCli.Guarded(environment, async (parse, cancellationToken) =>
        {
            var operation = OperationLookup.Find(parse.GetValue(model)!, parse.GetValue(operationId)!, parse.GetValue(dialect));
            var builder = new RequestBuilder(operation);
            foreach (var (field, option) in fieldOptions)
            {
                if (parse.GetResult(option) is not { } result) continue;
                var typed = result.Tokens.Select(t => t.Value).ToList();
                if (FieldOptions.Parse(field.Field, field.Name, typed, builder.Problems) is { } value) builder.Set(field.Field, value);
                else builder.Unreadable(field.Field);
            }

            foreach (var assignment in parse.GetValue(set) ?? []) builder.SetAssignment(assignment);
            var request = Validated(operation, builder);
            var run = new RunOutput(environment, parse.GetValue(json));
            if (parse.GetValue(estimate))
            {
                run.Estimate(operation, operation.EstimateCredits(request));
                return ExitCode.Success;
            }

            await using var session = await service.OpenAsync(parse, environment, handleBaseUrl: null, cancellationToken).ConfigureAwait(false);
            var task = await session.Client.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
            run.Submitted(task);
            if (parse.GetValue(noWait))
            {
                run.PrintHandle(task);
                return ExitCode.Success;
            }

            return await FinishAsync(session.Client, task, run, parse.GetValue(output), cancellationToken).ConfigureAwait(false);
        }, json));
        return command;
    }

    public static Command Wait(CliEnvironment environment)
    {
        var handle = new Argument<string>("handle") { Description = "The task handle: its JSON, or a file holding it (what 'run --no-wait' prints)." };
        var json = new Option<bool>("--json") { Description = "One JSON event per line on stdout." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where result files are saved (default: the current folder)." };
        var service = new ServiceOptions();
        var command = new Command("wait", "Wait for a task the service accepted earlier, print its result and save the files.") { handle, json, output };
        service.AddTo(command, withEmulator: false);
        command.SetAction(HappyHorseCli.Guarded(environment, async (parse, cancellationToken) =>
        {
            var taskHandle = LoadHandle(parse.GetValue(handle)!);
            var task = TaskOf(taskHandle);
            await using var session = await service.OpenAsync(parse, environment, taskHandle.BaseUrl, cancellationToken).ConfigureAwait(false);
            return await FinishAsync(session.Client, task, new RunOutput(environment, parse.GetValue(json)), parse.GetValue(output), cancellationToken).ConfigureAwait(false);
        }, json));
        return command;
    }

    public static Command Cancel(CliEnvironment environment)
    {
        var handle = new Argument<string>("handle") { Description = "The task handle: its JSON, or a file holding it." };
        var json = new Option<bool>("--json") { Description = "A JSON event on stdout." };
        var service = new ServiceOptions();
        var command = new Command("cancel", "Cancel a task, where its dialect has a cancel call ('happyhorse models' shows which).") { handle, json };
        service.AddTo(command, withEmulator: false);
        command.SetAction(HappyHorseCli.Guarded(environment, async (parse, cancellationToken) =>
        {
            var taskHandle = LoadHandle(parse.GetValue(handle)!);
            var task = TaskOf(taskHandle);
            if (!task.CanCancel) throw new CliInputException($"{task.Operation} cannot be canceled: the {task.Profile.Id} dialect has no cancel call.");
            await using var session = await service.OpenAsync(parse, environment, taskHandle.BaseUrl, cancellationToken).ConfigureAwait(false);
            await session.Client.CancelAsync(task, cancellationToken).ConfigureAwait(false);
            new RunOutput(environment, parse.GetValue(json)).Canceled(task);
            return ExitCode.Success;
        }, json));
        return command;
    }

    /// <summary>The request, or every problem with it (input and the operation's rules) as one <see cref="CliInputException"/>.</summary>
    internal static JsonBodyRequest Validated(OperationInfo operation, RequestBuilder builder)
    {
        var (request, problems) = builder.Build();
        if (problems.Count == 0) return request;
        throw new CliInputException(
            $"The request for {operation} has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}; nothing was sent:" + Environment.NewLine +
            string.Join(Environment.NewLine, problems.Select(p => "  - " + p)) + Environment.NewLine +
            $"'happyhorse describe {operation.ModelId} {operation.OperationId}' lists every field and its limits.");
    }

    /// <summary>The JSON body a request sends.</summary>
    internal static JsonElement BodyOf(IGenerationRequest request) => JsonElement.Parse(RequestBody.ToUtf8Json(request).Span);

    /// <summary>A handle given as JSON or as a file holding it.</summary>
    internal static TaskHandle LoadHandle(string text)
    {
        var json = text.TrimStart().StartsWith('{') ? text : File.Exists(text) ? File.ReadAllText(text) : throw new CliInputException($"'{text}' is neither a task handle (JSON) nor a file holding one.");
        try
        {
            return TaskHandle.Parse(json);
        }
        catch (HappyHorseException e)
        {
            throw new CliInputException(e.Message);
        }
    }

    private static GenerationTask TaskOf(TaskHandle handle) =>
        OperationLookup.ForHandle(handle) is { } operation
            ? new GenerationTask(operation, handle.TaskId, handle.BaseUrl)
            : throw new CliInputException($"The handle names {handle.Model} {handle.Operation} of the {handle.Profile} dialect, which this tool does not know.");

    private static async Task<ExitCode> FinishAsync(HappyHorseClient client, GenerationTask task, RunOutput run, DirectoryInfo? output, CancellationToken cancellationToken)
    {
        var result = await run.WaitAsync(client, task, cancellationToken).ConfigureAwait(false);
        run.Result(result);
        var directory = output?.FullName ?? Directory.GetCurrentDirectory();
        foreach (var (path, bytes) in await ResultFiles.SaveAsync(client, result, directory, task.TaskId, cancellationToken).ConfigureAwait(false)) run.Saved(path, bytes);
        return ExitCode.Success;
    }

    /// <summary>The operation a <c>run</c> command line names (its two words after <c>run</c>), if it names one.</summary>
    private static OperationInfo? OperationNamedIn(IReadOnlyList<string> args)
    {
        if (args.Count < 3 || args[0] != "run" || args[1].StartsWith('-') || args[2].StartsWith('-')) return null;
        string? dialect = null;
        for (var i = 3; i + 1 < args.Count; i++)
        {
            if (args[i] == "--dialect") dialect = args[i + 1];
        }

        try
        {
            return OperationLookup.Find(args[1], args[2], dialect);
        }
        catch (CliInputException)
        {
            return null; // the action reports it
        }
    }

    private static string Help(FieldInfo field)
    {
        var parts = new List<string>();
        if (field.IsRequired) parts.Add("Required.");
        if (field.Description.Length > 0) parts.Add(field.Description);
        if (field.AllowedValues.Count is > 0 and <= 24) parts.Add("One of: " + string.Join(", ", field.AllowedValues) + ".");
        foreach (var rule in field.LimitRules) parts.Add(char.ToUpperInvariant(rule[0]) + rule[1..] + ".");
        if (field.DefaultJson is { } value) parts.Add($"Default {value}.");
        parts.Add($"[{field.Path}]");
        return string.Join(" ", parts);
    }
}
