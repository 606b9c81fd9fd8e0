using System;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated;
using Spectre.Console;

namespace HappyHorse.Samples.Quickstart;

/// <summary>Shows a task's status while it is awaited: a live progress bar on a terminal, plain lines when output is redirected.</summary>
internal static class StatusDisplay
{
    public static bool IsLive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static Task<GenerationResult> WaitAsync(HappyHorseClient client, GenerationTask task, CancellationToken cancellationToken) =>
        IsLive
            ? AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var bar = context.AddTask(Markup.Escape(task.Operation.ToString()), maxValue: 100);
                    bar.IsIndeterminate = true;
                    var result = await client.WaitForCompletionAsync(task, new LiveBar(bar, task), cancellationToken);
                    bar.IsIndeterminate = false;
                    bar.Value = bar.MaxValue;
                    return result;
                })
            : client.WaitForCompletionAsync(task, new StatusLines(), cancellationToken);

    /// <summary>Moves the bar with the dialect's progress; without one (most dialects) it stays indeterminate and shows the status word.</summary>
    private sealed class LiveBar(ProgressTask bar, GenerationTask task) : IProgress<TaskStatusUpdate>
    {
        public void Report(TaskStatusUpdate value)
        {
            bar.Description = $"{Markup.Escape(task.Operation.ToString())} [grey]{Markup.Escape(value.RawStatus)}[/]";
            if (value.Progress is { } percent)
            {
                bar.IsIndeterminate = false;
                bar.Value = percent;
            }
        }
    }

    /// <summary>A line each time the status or progress changes.</summary>
    private sealed class StatusLines : IProgress<TaskStatusUpdate>
    {
        private string? _last;

        public void Report(TaskStatusUpdate value)
        {
            var progress = value.Progress is { } percent ? $" {percent:0}%" : string.Empty;
            var line = $"{value.RawStatus}{progress}";
            if (line == _last) return;
            _last = line;
            Console.WriteLine($"[{value.Elapsed.TotalSeconds,5:0.0}s] {line}");
        }
    }
}
