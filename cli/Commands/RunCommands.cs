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
        model.CompletionSources.Add(_ => environment.Lookup.All.Select(o => o.ModelId).Distinct().Select(id => new System.CommandLine.Completions.CompletionItem(id)));
        var operationId = new Argument<string>("operation") { Description = "The operation id, e.g. text-to-video." };
        var dialect = new Option<string?>("--dialect") { Description = "The dialect, for a model served in two." };
        var set = new Option<string[]>("--set") { Description = "Sets any JSON path: path=value (the value as JSON, else as text); repeatable.", HelpName = "path=value" };
        var estimate = new Option<bool>("--estimate") { Description = "Print the credit estimate from the model's price table and exit; nothing is sent." };
        var json = new Option<bool>("--json") { Description = "One JSON event per line on stdout instead of the progress display (cli/README.md lists them)." };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Where result files are saved (default: the current folder)." };
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

        // The fields of the operation named on this command line become options, with their docs in --help; words the
        // parser does not know are listed by the action together with every other problem.
        command.TreatUnmatchedTokensAsErrors = false;
        var fieldOptions = new List<(FieldOption Field, Option Option)>();
        var named = OperationsNamedIn(args, environment.Lookup);
        if (named.Select(o => o.Profile.Id).Distinct().Count() > 1)
        {
            command.Description += $"\n{named[0].ModelId} is served in two dialects: add --dialect {string.Join(" or --dialect ", named.Select(o => o.Profile.Id).Distinct())}. The options below are both dialects' fields.";
        }

        var taken = new HashSet<string>(ReservedOptions.Append("-o").Append("-h").Append("-?"), StringComparer.Ordinal);
        foreach (var operation in named)
        {
            foreach (var field in FieldOptions.For(operation, ReservedOptions))
            {
                if (!taken.Add(field.Name)) continue;
                Option option = field.Field.Kind == FieldKind.StringArray
                    ? new Option<string[]>(field.Name) { Description = Help(field.Field), HelpName = field.ValueHint.Trim('<', '>') }
                    : new Option<string>(field.Name)
                    {
                        Description = Help(field.Field),
                        HelpName = field.ValueHint.Trim('<', '>', '[', ']'),
                        Arity = field.Field.Kind == FieldKind.Boolean ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
                    };
                if (field.Alias is { } alias && taken.Add(alias)) option.Aliases.Add(alias);
                command.Add(option);
                fieldOptions.Add((field, option));
            }
        }

        command.SetAction(HappyHorseCli.Guarded(environment, async (parse, cancellationToken) =>
        {
            var operation = environment.Lookup.Find(parse.GetValue(model)!, parse.GetValue(operationId)!, parse.GetValue(dialect));
            var builder = new RequestBuilder(operation);
            foreach (var problem in HappyHorseCli.UnknownTokens(parse)) builder.Add(problem);
            foreach (var (field, option) in fieldOptions)
            {
                if (parse.GetResult(option) is not { } result) continue;
                var typed = result.Tokens.Select(t => t.Value).ToList();
                var problems = new List<string>();
                if (FieldOptions.Parse(field.Field, field.Name, typed, problems) is { } value) builder.Set(field.Field, value);
                else builder.Unreadable(field.Field, problems);
            }

            foreach (var assignment in parse.GetValue(set) ?? []) builder.SetAssignment(assignment);
            var request = Validated(operation, builder, environment.Lookup);
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

            return await FinishAsync(session.Client, task, run, parse.GetValue(output), environment, cancellationToken).ConfigureAwait(false);
        }, json));
        return command;
    }

    public static Command Wait(CliEnvironment environment)
    {
        var reference = new TaskReference();
        var json = new Option<bool>("--json") { Description = "One JSON event per line on stdout." };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Where result files are saved (default: the current folder)." };
        var service = new ServiceOptions();
        var command = new Command("wait", "Wait for a task the service accepted earlier, print its result and save the files.");
        reference.AddTo(command);
        command.Add(json);
        command.Add(output);
        service.AddTo(command, withEmulator: false);
        command.SetAction(HappyHorseCli.Guarded(environment, async (parse, cancellationToken) =>
        {
            var (session, task) = await OpenAsync(reference, service, parse, environment, cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                return await FinishAsync(session.Client, task, new RunOutput(environment, parse.GetValue(json)), parse.GetValue(output), environment, cancellationToken).ConfigureAwait(false);
            }
        }, json));
        return command;
    }

    public static Command Status(CliEnvironment environment)
    {
        var reference = new TaskReference();
        var json = new Option<bool>("--json") { Description = "A JSON status event on stdout." };
        var service = new ServiceOptions();
        var command = new Command("status", "Ask the service once where a task stands: queued, running, succeeded, failed, canceled or expired; progress and queue position when the dialect reports them.");
        reference.AddTo(command);
        command.Add(json);
        service.AddTo(command, withEmulator: false);
        command.SetAction(HappyHorseCli.Guarded(environment, async (parse, cancellationToken) =>
        {
            var (session, task) = await OpenAsync(reference, service, parse, environment, cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                new RunOutput(environment, parse.GetValue(json)).Status(await session.Client.GetStatusAsync(task, cancellationToken).ConfigureAwait(false));
                return ExitCode.Success;
            }
        }, json));
        return command;
    }

    public static Command Cancel(CliEnvironment environment)
    {
        var reference = new TaskReference();
        var json = new Option<bool>("--json") { Description = "A JSON event on stdout." };
        var service = new ServiceOptions();
        var command = new Command(
            "cancel",
            "Cancel a task, where its dialect has a cancel call ('happyhorse models' shows which). A task already canceled or finished is said to be so (exit 0); nothing is canceled twice.");
        reference.AddTo(command);
        command.Add(json);
        service.AddTo(command, withEmulator: false);
        command.SetAction(HappyHorseCli.Guarded(environment, async (parse, cancellationToken) =>
        {
            var (session, task) = await OpenAsync(reference, service, parse, environment, cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                if (!task.CanCancel) throw new CliInputException($"{task.Operation} cannot be canceled: the {task.Profile.Id} dialect has no cancel call.");
                var run = new RunOutput(environment, parse.GetValue(json));
                try
                {
                    await session.Client.CancelAsync(task, cancellationToken).ConfigureAwait(false);
                }
                catch (HappyHorseApiException)
                {
                    // Refused: a task that has ended cannot be canceled; say so instead of reporting the refusal.
                    var status = await session.Client.GetStatusAsync(task, cancellationToken).ConfigureAwait(false);
                    if (!status.Status.IsTerminal()) throw;
                    if (status.Status == GenerationStatus.Canceled) run.Canceled(task, already: true);
                    else run.AlreadyFinished(task, status.Status);
                    return ExitCode.Success;
                }

                run.Canceled(task, already: false);
                return ExitCode.Success;
            }
        }, json));
        return command;
    }

    /// <summary>The request, or every problem with it (input and the operation's rules) as one <see cref="CliInputException"/>.</summary>
    internal static JsonBodyRequest Validated(OperationInfo operation, RequestBuilder builder, OperationLookup lookup)
    {
        var (request, problems) = builder.Build();
        if (problems.Count == 0) return request;
        throw new CliInputException(
            $"The request for {operation} has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}; nothing was sent:",
            problems,
            $"'happyhorse describe {operation.ModelId} {operation.OperationId}{lookup.DialectWords(operation)}' lists every field and its limits.");
    }

    /// <summary>The JSON body a request sends.</summary>
    internal static JsonElement BodyOf(IGenerationRequest request) => JsonElement.Parse(RequestBody.ToUtf8Json(request).Span);

    /// <summary>The session and task a <see cref="TaskReference"/> names: a handle's own address, else the service options'.</summary>
    private static async Task<(ServiceSession Session, GenerationTask Task)> OpenAsync(TaskReference reference, ServiceOptions service, ParseResult parse, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var (handle, operation, taskId) = reference.Resolve(parse, environment);
        if (handle is not null)
        {
            operation = environment.Lookup.ForHandle(handle) ?? throw new CliInputException($"The handle names {handle.Model} {handle.Operation} of the {handle.Profile} dialect, which this tool does not know.");
        }

        var session = await service.OpenAsync(parse, environment, handle?.BaseUrl, cancellationToken).ConfigureAwait(false);
        if ((handle?.BaseUrl ?? session.BaseUrlFor(operation!)) is { } baseUrl) return (session, new GenerationTask(operation!, handle?.TaskId ?? taskId!, baseUrl));
        await session.DisposeAsync().ConfigureAwait(false);
        throw new CliInputException($"No address for {operation}: pass --base-url or set {HappyHorseClientOptions.BaseUrlVariable}.");
    }

    /// <summary>Waits, prints the result and saves the files; ended early (Ctrl+C, an error), it names the task and how to resume it.</summary>
    private static async Task<ExitCode> FinishAsync(HappyHorseClient client, GenerationTask task, RunOutput run, DirectoryInfo? output, CliEnvironment environment, CancellationToken cancellationToken)
    {
        try
        {
            var result = await run.WaitAsync(client, task, cancellationToken).ConfigureAwait(false);
            run.Result(result);
            var directory = output?.FullName ?? Directory.GetCurrentDirectory();
            foreach (var (path, bytes) in await ResultFiles.SaveAsync(client, result, directory, task.TaskId, cancellationToken).ConfigureAwait(false)) run.Saved(path, bytes);
            return ExitCode.Success;
        }
        catch (Exception e)
        {
            return HappyHorseCli.Report(e, environment, run, task);
        }
    }

    /// <summary>
    /// The operation a <c>run</c> command line names (its two words after <c>run</c>): one, or one per dialect for a
    /// model served in two when no <c>--dialect</c> is given (so <c>--help</c> still lists the fields); none when it names none.
    /// </summary>
    private static IReadOnlyList<OperationInfo> OperationsNamedIn(IReadOnlyList<string> args, OperationLookup lookup)
    {
        if (args.Count < 3 || args[0] != "run" || args[1].StartsWith('-') || args[2].StartsWith('-')) return [];
        string? dialect = null;
        for (var i = 3; i + 1 < args.Count; i++)
        {
            if (args[i] == "--dialect") dialect = args[i + 1];
        }

        var matching = lookup.All.Where(o => o.ModelId == args[1] && o.OperationId == args[2] && (dialect is null || o.Profile.Id == dialect)).ToList();
        return matching; // none: the action reports the unknown model or operation
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
