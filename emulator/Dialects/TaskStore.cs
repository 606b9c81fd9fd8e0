using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using HappyHorse.Emulator.Media;
using HappyHorse.Generated;

namespace HappyHorse.Emulator.Dialects;

/// <summary>Every dialect's tasks and the credit budget they are charged to, in one place.</summary>
internal sealed class TaskStore(EmulatorOptions options)
{
    private readonly ConcurrentDictionary<string, (EmulatedTask Task, Dialect Dialect)> _tasks = new(System.StringComparer.Ordinal);
    private readonly ConcurrentQueue<EmulatedTask> _inOrder = new();
    private readonly Lock _lock = new();
    private long _created;
    private double _spent;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>Every task still kept, in the order they were accepted.</summary>
    public IReadOnlyCollection<EmulatedTask> All => _inOrder.ToArray();

    /// <summary>Every task ever accepted, including those expired.</summary>
    public long Created => Interlocked.Read(ref _created);

    /// <summary>The credits left, or <see langword="null"/> without a budget.</summary>
    public double? CreditsRemaining
    {
        get
        {
            lock (_lock) return options.CreditBudget - _spent;
        }
    }

    /// <summary>
    /// Charges <paramref name="credits"/> and creates the task, or returns <see langword="null"/> (nothing charged)
    /// when the budget cannot pay. The task's id and outcome are drawn from the seed and its sequence number.
    /// </summary>
    public EmulatedTask? TryAdd(Dialect dialect, OperationInfo operation, JsonElement body, double credits)
    {
        long number;
        lock (_lock)
        {
            if (options.CreditBudget is { } budget && _spent + credits > budget + 1e-9) return null;
            _spent += credits;
            number = _created++;
        }

        var fails = Seeded.Unit(options.Seed, Seeded.OutcomeStream, number) < options.FailureRate;
        var results = ResultsOf(dialect.ResultsOf(operation), operation, body);
        var task = new EmulatedTask(
            dialect.TaskId(options.Seed, number, operation),
            operation,
            options.TimeProvider.GetUtcNow(),
            // A synchronous API answers the submit with the end: its task is done at once.
            dialect.Profile.Submit.AnswerIsStatus ? TimeSpan.Zero : options.QueueDuration,
            dialect.Profile.Submit.AnswerIsStatus ? TimeSpan.Zero : options.RunDuration,
            fails ? options.FailureMessage : null,
            results,
            credits,
            body.GetRawText());
        _tasks[task.Id] = (task, dialect);
        _inOrder.Enqueue(task);
        SweepExpired(task.CreatedAt);
        return task;
    }

    /// <summary>The files a task of <paramref name="operation"/> produces for <paramref name="body"/>: as many, as large and as long as it asks.</summary>
    private static TaskResults ResultsOf(MediaKind kind, OperationInfo operation, JsonElement body)
    {
        if (kind == MediaKind.Image)
        {
            var (width, height) = RequestedMedia.ImageSize(body, operation);
            return new TaskResults(MediaKind.Image, BodyFacts.ImageCount(body, operation), BodyFacts.WantsBase64(body, operation), 0) { Width = width, Height = height };
        }

        var (videoWidth, videoHeight) = RequestedMedia.VideoSize(body, operation);
        return new TaskResults(MediaKind.Video, 1, false, RequestedMedia.VideoSeconds(body, operation)) { Width = videoWidth, Height = videoHeight, Sound = RequestedMedia.HasSound(body, operation) };
    }

    /// <summary>
    /// Forgets tasks that ended more than <see cref="EmulatorOptions.TaskRetention"/> ago. Tasks end in acceptance
    /// order unless canceled, so the sweep stops at the first one still kept; it runs at most every tenth of the
    /// retention, which keeps the cost per submit constant.
    /// </summary>
    private void SweepExpired(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (now < _nextSweep) return;
            _nextSweep = now + (options.TaskRetention / 10);
        }

        while (_inOrder.TryPeek(out var oldest) && EndOf(oldest) + options.TaskRetention < now && _inOrder.TryDequeue(out oldest))
        {
            _tasks.TryRemove(oldest.Id, out _);
        }

        static DateTimeOffset EndOf(EmulatedTask task) => task.CanceledAt is { } canceled && canceled < task.CompletesAt ? canceled : task.CompletesAt;
    }

    /// <summary>The task with <paramref name="id"/> if <paramref name="dialect"/> issued it.</summary>
    public EmulatedTask? Find(string? id, Dialect dialect) =>
        id is not null && _tasks.TryGetValue(id, out var entry) && entry.Dialect == dialect ? entry.Task : null;

    /// <summary>The task with <paramref name="id"/> and the dialect that issued it.</summary>
    public (EmulatedTask Task, Dialect Dialect)? Entry(string? id) => id is not null && _tasks.TryGetValue(id, out var entry) ? entry : null;

    /// <summary>The task with <paramref name="id"/>, whatever its dialect.</summary>
    public EmulatedTask? Find(string? id) => id is not null && _tasks.TryGetValue(id, out var entry) ? entry.Task : null;
}
