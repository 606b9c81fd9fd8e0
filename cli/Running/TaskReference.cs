using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using HappyHorse.Cli.Requests;
using HappyHorse.Generated;

namespace HappyHorse.Cli.Running;

/// <summary>
/// The task <c>wait</c>, <c>cancel</c> and <c>status</c> act on: a task handle (its JSON), a file holding one (or the
/// <c>--json</c> events of <c>run --no-wait</c>), <c>-</c> for the same on stdin, or a bare task id with
/// <c>--model</c> and <c>--operation</c> (and <c>--dialect</c> for a model served in two).
/// </summary>
internal sealed class TaskReference
{
    public Argument<string> Task { get; } = new("task")
    {
        Description = "The task: its handle (JSON), a file holding it, '-' to read it from stdin, or a task id with --model and --operation.",
    };

    public Option<string?> Model { get; } = new("--model") { Description = "With a bare task id: the model it was submitted to." };

    public Option<string?> Operation { get; } = new("--operation") { Description = "With a bare task id: the operation (default: the model's only one)." };

    public Option<string?> Dialect { get; } = new("--dialect") { Description = "With a bare task id: the dialect, for a model served in two." };

    public void AddTo(Command command)
    {
        command.Add(Task);
        command.Add(Model);
        command.Add(Operation);
        command.Add(Dialect);
    }

    /// <summary>The handle the argument names, or the operation of a bare task id (its address comes from the service options).</summary>
    /// <exception cref="CliInputException">Nothing readable, or a bare id without its model.</exception>
    public (TaskHandle? Handle, OperationInfo? Operation, string? TaskId) Resolve(ParseResult parse, CliEnvironment environment)
    {
        var text = parse.GetValue(Task)!;
        if (text == "-") text = environment.In.ReadToEnd();
        else if (!text.TrimStart().StartsWith('{') && File.Exists(text)) text = File.ReadAllText(text);

        text = text.Trim();
        if (text.StartsWith('{')) return (HandleIn(text), null, null);
        if (text.Length == 0 || text.Any(char.IsWhiteSpace)) throw new CliInputException($"'{Shorten(text)}' is neither a task id, a task handle (JSON), nor a file holding one.");
        if (parse.GetValue(Model) is not { } model) throw new CliInputException($"'{text}' is taken as a task id: add --model and --operation (or pass the task handle that 'run --no-wait' printed).");
        var operationId = parse.GetValue(Operation);
        var dialect = parse.GetValue(Dialect);
        var operation = operationId is null
            ? environment.Lookup.OfModel(model, dialect) is { Count: 1 } only ? only[0] : throw new CliInputException($"'{model}' has several operations: add --operation.")
            : environment.Lookup.Find(model, operationId, dialect);
        return (null, operation, text);
    }

    /// <summary>The handle in <paramref name="text"/>: the handle itself, or the last JSON event line holding one.</summary>
    private static TaskHandle HandleIn(string text)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Reverse())
        {
            JsonObject? json;
            try
            {
                json = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException)
            {
                json = null;
            }

            var handle = json?["handle"] as JsonObject ?? json;
            if (handle?["taskId"] is null) continue;
            try
            {
                return TaskHandle.Parse(handle.ToJsonString());
            }
            catch (HappyHorseException e)
            {
                throw new CliInputException(e.Message);
            }
        }

        // A handle written over several lines (pretty-printed).
        try
        {
            return TaskHandle.Parse(text);
        }
        catch (HappyHorseException e)
        {
            throw new CliInputException(e.Message);
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
