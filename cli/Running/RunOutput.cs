using System;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated;
using Spectre.Console;

namespace HappyHorse.Cli.Running;

/// <summary>
/// What <c>run</c> and <c>wait</c> show: on a terminal a live bar (status, progress, queue position, elapsed), when
/// output is redirected one line per change on stderr, with <c>--json</c> one JSON event per line on stdout.
/// Results (<c>Result: url</c>, <c>Saved: path</c>) go to stdout; everything else to stderr.
/// </summary>
internal sealed class RunOutput(CliEnvironment environment, bool json)
{
    public bool Json => json;

    public void Submitted(GenerationTask task)
    {
        if (json) Event("submitted", new JsonObject { ["handle"] = HandleJson(task) });
        else environment.Error.WriteLine($"Submitted {task.Operation}: task {task.TaskId}");
    }

    public void PrintHandle(GenerationTask task)
    {
        if (json) Event("handle", new JsonObject { ["handle"] = HandleJson(task) });
        else environment.Out.WriteLine(task.ToHandle().ToJson());
    }

    public void Estimate(OperationInfo operation, double? credits)
    {
        if (json) Event("estimate", new JsonObject { ["model"] = operation.ModelId, ["operation"] = operation.OperationId, ["credits"] = credits });
        else environment.Out.WriteLine(credits is { } c ? $"Estimate: {c.ToString("0.##", CultureInfo.InvariantCulture)} credits" : $"Estimate: unknown ({operation.ModelId} has no price for these values)");
    }

    public Task<GenerationResult> WaitAsync(HappyHorseClient client, GenerationTask task, CancellationToken cancellationToken)
    {
        if (json) return client.WaitForCompletionAsync(task, new JsonEvents(this), cancellationToken);
        if (environment.Terminal is not { } terminal) return client.WaitForCompletionAsync(task, new StatusLines(environment), cancellationToken);
        return terminal.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(Markup.Escape(task.Operation.ToString()), maxValue: 100);
                bar.IsIndeterminate = true;
                var result = await client.WaitForCompletionAsync(task, new LiveBar(bar, task), cancellationToken).ConfigureAwait(false);
                bar.IsIndeterminate = false;
                bar.Value = bar.MaxValue;
                return result;
            });
    }

    public void Result(GenerationResult result)
    {
        if (json)
        {
            var urls = new JsonArray();
            foreach (var url in result.Urls) urls.Add(url.ToString());
            Event("result", new JsonObject { ["taskId"] = result.Task.TaskId, ["urls"] = urls, ["inline"] = result.Contents.Count });
            return;
        }

        foreach (var url in result.Urls) environment.Out.WriteLine($"Result: {url}");
        foreach (var content in result.Contents) environment.Out.WriteLine($"Result: inline content ({content.Length} bytes)");
    }

    public void Saved(string path, long bytes)
    {
        if (json) Event("saved", new JsonObject { ["path"] = path, ["bytes"] = bytes });
        else environment.Out.WriteLine($"Saved: {path}");
    }

    public void Canceled(GenerationTask task)
    {
        if (json) Event("canceled", new JsonObject { ["handle"] = HandleJson(task) });
        else environment.Out.WriteLine($"Canceled: {task}");
    }

    /// <summary>A failure, for a script reading <c>--json</c> (the message itself goes to stderr as always).</summary>
    public void Error(ExitCode code, string message, GenerationTask? task)
    {
        if (json) Event("error", new JsonObject { ["exitCode"] = (int)code, ["message"] = message, ["handle"] = task is null ? null : HandleJson(task) });
    }

    internal void Event(string name, JsonObject properties)
    {
        var line = new JsonObject { ["event"] = name };
        foreach (var (key, value) in properties) line[key] = value?.DeepClone();
        lock (environment.Out) environment.Out.WriteLine(line.ToJsonString());
    }

    internal static JsonNode HandleJson(GenerationTask task) => JsonNode.Parse(task.ToHandle().ToJson())!;

    internal static string Describe(TaskStatusUpdate update)
    {
        var text = update.RawStatus;
        if (update.QueuePosition is { } position) text += $", queue position {position}";
        if (update.Progress is { } percent) text += $", {percent.ToString("0", CultureInfo.InvariantCulture)}%";
        return $"{text}, {update.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s";
    }

    internal static JsonObject StatusEvent(TaskStatusUpdate update) => new()
    {
        ["taskId"] = update.Task.TaskId,
        ["status"] = update.Status.ToString(),
        ["rawStatus"] = update.RawStatus,
        ["progress"] = update.Progress,
        ["queuePosition"] = update.QueuePosition,
        ["elapsedSeconds"] = Math.Round(update.Elapsed.TotalSeconds, 3),
    };

    private sealed class JsonEvents(RunOutput output) : IProgress<TaskStatusUpdate>
    {
        public void Report(TaskStatusUpdate value) => output.Event("status", StatusEvent(value));
    }

    /// <summary>A line on stderr each time the status, progress or queue position changes.</summary>
    private sealed class StatusLines(CliEnvironment environment) : IProgress<TaskStatusUpdate>
    {
        private string? _last;

        public void Report(TaskStatusUpdate value)
        {
            var line = value.RawStatus + value.QueuePosition + value.Progress;
            if (line == _last) return;
            _last = line;
            environment.Error.WriteLine($"[{value.Elapsed.TotalSeconds,6:0.0}s] {Describe(value)}");
        }
    }

    /// <summary>Moves the bar with the dialect's progress; without one it stays indeterminate and shows the status word.</summary>
    private sealed class LiveBar(ProgressTask bar, GenerationTask task) : IProgress<TaskStatusUpdate>
    {
        public void Report(TaskStatusUpdate value)
        {
            bar.Description = $"{Markup.Escape(task.Operation.ToString())} [grey]{Markup.Escape(Describe(value))}[/]";
            if (value.Progress is { } percent)
            {
                bar.IsIndeterminate = false;
                bar.Value = percent;
            }
        }
    }
}
