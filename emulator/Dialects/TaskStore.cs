using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
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

    /// <summary>Every task, in the order they were accepted.</summary>
    public IReadOnlyCollection<EmulatedTask> All => _inOrder.ToArray();

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
        var results = dialect.Results == MediaKind.Image
            ? new TaskResults(MediaKind.Image, BodyFacts.ImageCount(body), BodyFacts.WantsBase64(body), 0)
            : new TaskResults(MediaKind.Video, 1, false, BodyFacts.VideoSeconds(body));
        var task = new EmulatedTask(
            dialect.TaskId(options.Seed, number),
            operation,
            options.TimeProvider.GetUtcNow(),
            options.QueueDuration,
            options.RunDuration,
            fails ? options.FailureMessage : null,
            results,
            credits,
            body.GetRawText());
        _tasks[task.Id] = (task, dialect);
        _inOrder.Enqueue(task);
        return task;
    }

    /// <summary>The task with <paramref name="id"/> if <paramref name="dialect"/> issued it.</summary>
    public EmulatedTask? Find(string? id, Dialect dialect) =>
        id is not null && _tasks.TryGetValue(id, out var entry) && entry.Dialect == dialect ? entry.Task : null;

    /// <summary>The task with <paramref name="id"/>, whatever its dialect.</summary>
    public EmulatedTask? Find(string? id) => id is not null && _tasks.TryGetValue(id, out var entry) ? entry.Task : null;
}
