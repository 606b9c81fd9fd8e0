using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace HappyHorse.Cli.Running;

/// <summary>
/// What <c>run</c> and <c>wait</c> show: on a terminal a live bar (status, progress, queue position, elapsed), when
/// output is redirected one line per change on stderr, with <c>--json</c> one JSON event per line on stdout.
/// Results (<c>Result: url</c>, <c>Saved: path</c>) go to stdout; everything else to stderr.
/// </summary>
internal sealed class RunOutput(CliEnvironment environment, bool json)
{
    /// <summary>Text a person reads stays as typed in JSON events: quotes, apostrophes and CJK unescaped (still valid JSON).</summary>
    private static readonly JsonSerializerOptions EventJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
            .Columns(Columns())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(Markup.Escape(task.Operation.ToString()), maxValue: 100);
                bar.IsIndeterminate = true;
                var result = await client.WaitForCompletionAsync(task, new LiveBar(context, bar, task), cancellationToken).ConfigureAwait(false);
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

    /// <summary>The task is canceled: by this call (<paramref name="already"/> false) or before it.</summary>
    public void Canceled(GenerationTask task, bool already)
    {
        if (json) Event("canceled", new JsonObject { ["handle"] = HandleJson(task), ["already"] = already });
        else environment.Out.WriteLine(already ? $"Already canceled: {task}" : $"Canceled: {task}");
    }

    /// <summary>Cancel found the task already finished: nothing was canceled.</summary>
    public void AlreadyFinished(GenerationTask task, GenerationStatus status)
    {
        if (json) Event("finished", new JsonObject { ["handle"] = HandleJson(task), ["status"] = State(status) });
        else environment.Out.WriteLine($"Already finished ({State(status)}): {task}; nothing to cancel{(status == GenerationStatus.Succeeded ? " ('happyhorse wait' saves its result)" : "")}.");
    }

    /// <summary>One status query (<c>happyhorse status</c>).</summary>
    public void Status(TaskStatusUpdate update)
    {
        if (json) Event("status", StatusEvent(update));
        else environment.Out.WriteLine($"{update.Task}: {State(update.Status)} ({Describe(update)}){(update.FailureMessage is { } failure ? ": " + failure : "")}");
    }

    /// <summary>
    /// A failure: with <c>--json</c> one <c>error</c> event on stdout (nothing on stderr), else the message on stderr.
    /// A task the service accepted is named with the command that resumes it.
    /// </summary>
    public void Error(ExitCode code, string message, GenerationTask? task, IReadOnlyList<CliProblem> problems, bool resumable = true)
    {
        if (json)
        {
            Event("error", new JsonObject
            {
                ["exitCode"] = (int)code,
                ["message"] = message,
                ["problems"] = new JsonArray([.. problems.Select(p => (JsonNode)p.ToJson())]),
                ["handle"] = task is null ? null : HandleJson(task),
                ["resume"] = task is null || !resumable ? null : ResumeCommand(task),
            });
            return;
        }

        environment.Error.WriteLine(message);
        if (task is null) return;
        environment.Error.WriteLine($"Task handle: {task.ToHandle().ToJson()}");
        if (resumable) environment.Error.WriteLine($"Resume with: {ResumeCommand(task)}");
    }

    /// <summary>The command that waits for <paramref name="task"/> again: its id, model and operation (and its address when not the dialect's own).</summary>
    internal string ResumeCommand(GenerationTask task)
    {
        var words = new List<string> { "happyhorse" };
        words.AddRange(environment.Lookup.CatalogWords(task.Operation).Select(Quote));
        words.AddRange(["wait", Quote(task.TaskId), "--model", Quote(task.Operation.ModelId), "--operation", Quote(task.Operation.OperationId)]);
        if (environment.Lookup.DialectsOf(task.Operation.ModelId).Count > 1) words.AddRange(["--dialect", Quote(task.Profile.Id)]);
        if (task.BaseUrl != task.Profile.DefaultBaseUrl) words.AddRange(["--base-url", Quote(task.BaseUrl.AbsoluteUri)]);
        return string.Join(' ', words);
    }

    /// <summary>A job's or task's state as a fixed lower-case word: queued, running, succeeded, failed, canceled, expired.</summary>
    internal static string State(GenerationStatus status) => status.ToString().ToLowerInvariant();

    internal void Event(string name, JsonObject properties)
    {
        var line = new JsonObject { ["event"] = name };
        foreach (var (key, value) in properties) line[key] = value?.DeepClone();
        lock (environment.Out) environment.Out.WriteLine(line.ToJsonString(EventJson));
    }

    /// <summary>The live display's columns: what the task is doing, its bar (indeterminate until the dialect reports progress), percent, elapsed time.</summary>
    internal static ProgressColumn[] Columns() =>
        [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ReportedPercentColumn(), new ElapsedTimeColumn(), new SpinnerColumn()];

    private static string Quote(string word) => word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':') ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

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
        ["status"] = State(update.Status),
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
    /// <summary>Draws each status as it arrives: a state shorter than the display's refresh interval is still shown.</summary>
    private sealed class LiveBar(ProgressContext context, ProgressTask bar, GenerationTask task) : IProgress<TaskStatusUpdate>
    {
        public void Report(TaskStatusUpdate value)
        {
            bar.Description = $"{Markup.Escape(task.Operation.ToString())} [grey]{Markup.Escape(Describe(value))}[/]";
            if (value.Progress is { } percent)
            {
                bar.IsIndeterminate = false;
                bar.Value = percent;
            }

            context.Refresh();
        }
    }

    /// <summary>The percent the dialect reported; blank while the bar is indeterminate (no progress reported), not a misleading 0 %.</summary>
    private sealed class ReportedPercentColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.IsIndeterminate ? "    " : $"{task.Percentage.ToString("0", CultureInfo.InvariantCulture),3}%", new Style(Color.Grey));
    }
}
