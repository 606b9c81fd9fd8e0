using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Cli.Running;
using HappyHorse.Generated;
using Spectre.Console;

namespace HappyHorse.Cli.Batch;

/// <summary>Counts of a batch's jobs by where they stand.</summary>
internal sealed class BatchCounts
{
    private int _done;
    private int _running;
    private int _failed;
    private int _uncertain;

    public int Total { get; init; }

    public int Done => _done;

    public int Running => _running;

    public int Failed => _failed;

    public int Uncertain => _uncertain;

    public void Start() => Interlocked.Increment(ref _running);

    public void Finish(JobOutcome outcome, bool wasRunning)
    {
        if (wasRunning) Interlocked.Decrement(ref _running);
        if (outcome == JobOutcome.Succeeded || outcome == JobOutcome.Skipped) Interlocked.Increment(ref _done);
        else if (outcome == JobOutcome.Uncertain) Interlocked.Increment(ref _uncertain);
        else if (outcome != JobOutcome.Canceled) Interlocked.Increment(ref _failed);
    }

    public override string ToString() => $"done {Done}/{Total}, running {Running}, failed {Failed}, uncertain {Uncertain}";
}

/// <summary>
/// What a batch shows while it runs: on a terminal a live overall bar with a bar per running task; when output is
/// redirected a line per job event on stderr; with <c>--json</c> one JSON event per line on stdout.
/// </summary>
internal abstract class BatchDisplay(BatchCounts counts)
{
    public BatchCounts Counts => counts;

    public static BatchDisplay For(CliEnvironment environment, BatchCounts counts, bool json) =>
        json ? new JsonDisplay(environment, counts) : environment.Terminal is { } terminal ? new LiveDisplay(terminal, counts) : new LineDisplay(environment, counts);

    /// <summary>Runs <paramref name="work"/> with the display up.</summary>
    public virtual Task RunAsync(Func<Task> work) => work();

    /// <summary>A job's step begins: <c>submitting</c>, or <c>waiting</c> on its accepted task.</summary>
    public abstract IProgress<TaskStatusUpdate> Started(BatchJob job, string step, string? taskId = null);

    public abstract void Submitted(BatchJob job, GenerationTask task);

    public abstract void Finished(BatchJob job, JobOutcome outcome, string detail);

    private sealed class LineDisplay(CliEnvironment environment, BatchCounts counts) : BatchDisplay(counts)
    {
        public override IProgress<TaskStatusUpdate> Started(BatchJob job, string step, string? taskId = null)
        {
            Write($"{job.Name} ({job.Operation.ModelId}): {step}{(taskId is null ? "" : $" on task {taskId}")}");
            return new Progress(this, job);
        }

        public override void Submitted(BatchJob job, GenerationTask task) => Write($"{job.Name}: accepted as task {task.TaskId}");

        public override void Finished(BatchJob job, JobOutcome outcome, string detail) => Write($"{job.Name}: {outcome.ToString().ToLowerInvariant()} {detail} ({Counts})");

        private void Write(string line)
        {
            lock (environment.Error) environment.Error.WriteLine(line);
        }

        /// <summary>Status lines only when the status word changes, so a 1,000-job batch does not flood the log.</summary>
        private sealed class Progress(LineDisplay display, BatchJob job) : IProgress<TaskStatusUpdate>
        {
            private string? _last;

            public void Report(TaskStatusUpdate value)
            {
                if (value.RawStatus == _last) return;
                _last = value.RawStatus;
                display.Write($"{job.Name} ({job.Operation.ModelId}): {RunOutput.Describe(value)}");
            }
        }
    }

    private sealed class JsonDisplay(CliEnvironment environment, BatchCounts counts) : BatchDisplay(counts)
    {
        private readonly RunOutput _output = new(environment, json: true);

        public override IProgress<TaskStatusUpdate> Started(BatchJob job, string step, string? taskId = null)
        {
            _output.Event("job", new JsonObject { ["job"] = job.Name, ["line"] = job.Line, ["model"] = job.Operation.ModelId, ["state"] = step, ["taskId"] = taskId });
            return new Progress(this, job);
        }

        public override void Submitted(BatchJob job, GenerationTask task) =>
            _output.Event("job", new JsonObject { ["job"] = job.Name, ["line"] = job.Line, ["model"] = job.Operation.ModelId, ["state"] = "accepted", ["taskId"] = task.TaskId, ["handle"] = RunOutput.HandleJson(task) });

        public override void Finished(BatchJob job, JobOutcome outcome, string detail) =>
            _output.Event("job", new JsonObject { ["job"] = job.Name, ["line"] = job.Line, ["model"] = job.Operation.ModelId, ["state"] = outcome.ToString().ToLowerInvariant(), ["detail"] = detail });

        private sealed class Progress(JsonDisplay display, BatchJob job) : IProgress<TaskStatusUpdate>
        {
            public void Report(TaskStatusUpdate value)
            {
                var status = RunOutput.StatusEvent(value);
                status["job"] = job.Name;
                display._output.Event("status", status);
            }
        }
    }

    private sealed class LiveDisplay(IAnsiConsole terminal, BatchCounts counts) : BatchDisplay(counts)
    {
        private readonly Dictionary<int, ProgressTask> _bars = [];
        private ProgressContext? _context;
        private ProgressTask? _overall;

        public override async Task RunAsync(Func<Task> work)
        {
            await Live(work).ConfigureAwait(false);

            // Finished bars are hidden (a batch of thousands stays a screenful), the overall one with them: its last word stays.
            terminal.MarkupLine(Markup.Escape(Counts.ToString()));
        }

        private Task Live(Func<Task> work) =>
            terminal.Progress()
                .AutoClear(false)
                .HideCompleted(true)
                .Columns(RunOutput.Columns())
                .StartAsync(async context =>
                {
                    _context = context;
                    _overall = context.AddTask(Markup.Escape(Counts.ToString()), maxValue: Counts.Total);
                    await work().ConfigureAwait(false);
                    Update();
                    _overall.Value = _overall.MaxValue;
                });

        public override IProgress<TaskStatusUpdate> Started(BatchJob job, string step, string? taskId = null)
        {
            lock (_bars)
            {
                // One row per job, from its submit to its files: name, model, status, bar, percent, elapsed.
                if (_bars.TryGetValue(job.Line, out var bar)) bar.Description = Row(job, step);
                else _bars[job.Line] = bar = _context!.AddTask(Row(job, step), maxValue: 100);
                bar.IsIndeterminate = true;
                Update();
                return new Progress(bar, job);
            }
        }

        public override void Submitted(BatchJob job, GenerationTask task)
        {
        }

        public override void Finished(BatchJob job, JobOutcome outcome, string detail)
        {
            lock (_bars)
            {
                if (_bars.Remove(job.Line, out var bar))
                {
                    bar.IsIndeterminate = false;
                    bar.Value = bar.MaxValue;
                    bar.StopTask();
                }

                if (outcome is not (JobOutcome.Succeeded or JobOutcome.Skipped)) terminal.MarkupLine($"[yellow]{Markup.Escape(job.Name)}: {outcome.ToString().ToLowerInvariant()}[/] {Markup.Escape(detail)}");
                Update();
            }
        }

        private void Update()
        {
            if (_overall is null) return;
            _overall.Description = Markup.Escape(Counts.ToString());
            _overall.Value = Counts.Done + Counts.Failed + Counts.Uncertain;
        }

        private static string Row(BatchJob job, string status) => $"{Markup.Escape(job.Name)} [blue]{Markup.Escape(job.Operation.ModelId)}[/] [grey]{Markup.Escape(status)}[/]";

        private sealed class Progress(ProgressTask bar, BatchJob job) : IProgress<TaskStatusUpdate>
        {
            public void Report(TaskStatusUpdate value)
            {
                bar.Description = Row(job, RunOutput.Describe(value));
                if (value.Progress is { } percent)
                {
                    bar.IsIndeterminate = false;
                    bar.Value = percent;
                }
            }
        }
    }
}

/// <summary>How a job of a batch ended (this run).</summary>
internal enum JobOutcome
{
    /// <summary>Its files are saved.</summary>
    Succeeded,

    /// <summary>The service ran the task and it failed, was canceled or expired.</summary>
    Failed,

    /// <summary>Its submit may have reached the service: reconcile it (see README).</summary>
    Uncertain,

    /// <summary>The service refused the submit; no task was created, the next run sends it again.</summary>
    Rejected,

    /// <summary>Waiting or downloading failed; the task is known, the next run waits on it again.</summary>
    Error,

    /// <summary>Given up by the user after an uncertain submit (<c>--skip-uncertain</c>).</summary>
    Skipped,

    /// <summary>Stopped by Ctrl+C; the next run picks it up.</summary>
    Canceled,
}
