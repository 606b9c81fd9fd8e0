using System;
using System.Threading;
using HappyHorse.Generated;

namespace HappyHorse.Emulator;

/// <summary>What a task produces.</summary>
public enum MediaKind
{
    /// <summary>PNG images.</summary>
    Image,

    /// <summary>MP4 videos.</summary>
    Video,
}

/// <summary>Where a task is in its life; each dialect has its own word for each phase.</summary>
public enum TaskPhase
{
    /// <summary>Waiting in the queue (cancelable where the dialect can cancel).</summary>
    Queued,

    /// <summary>Being generated; progress grows from 0 to 100.</summary>
    Running,

    /// <summary>Finished; its result files can be downloaded.</summary>
    Succeeded,

    /// <summary>Finished without a result; the dialect reports the failure text.</summary>
    Failed,

    /// <summary>Canceled while queued.</summary>
    Canceled,
}

/// <summary>
/// A task the emulator accepted. Its whole future is fixed when it is accepted (queue and run times, outcome), so
/// its phase is a pure function of the clock.
/// </summary>
public sealed class EmulatedTask
{
    private const long NotCanceled = long.MinValue;
    private readonly Lock _cancelLock = new();
    private long _canceledAtTicks = NotCanceled; // read without the lock: a long, never a torn DateTimeOffset

    internal EmulatedTask(string id, OperationInfo operation, DateTimeOffset createdAt, TimeSpan queueDuration, TimeSpan runDuration, string? failureMessage, TaskResults results, double credits, string requestJson)
    {
        Id = id;
        Operation = operation;
        CreatedAt = createdAt;
        StartsAt = createdAt + queueDuration;
        CompletesAt = StartsAt + runDuration;
        FailureMessage = failureMessage;
        Results = results;
        Credits = credits;
        RequestJson = requestJson;
    }

    /// <summary>The task id the emulator answered with.</summary>
    public string Id { get; }

    /// <summary>The model operation the emulator identified the request as.</summary>
    public OperationInfo Operation { get; }

    /// <summary>When it was accepted.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>When it leaves the queue and starts running.</summary>
    public DateTimeOffset StartsAt { get; }

    /// <summary>When it succeeds or fails.</summary>
    public DateTimeOffset CompletesAt { get; }

    /// <summary>The failure text it will report, or <see langword="null"/> when it will succeed.</summary>
    public string? FailureMessage { get; }

    /// <summary>What it produces when it succeeds.</summary>
    public TaskResults Results { get; }

    /// <summary>The credits it was charged.</summary>
    public double Credits { get; }

    /// <summary>The request body as received (a multipart form as its JSON object of text parts).</summary>
    public string RequestJson { get; }

    /// <summary>When it was canceled, if it was.</summary>
    public DateTimeOffset? CanceledAt => Interlocked.Read(ref _canceledAtTicks) is var ticks && ticks != NotCanceled ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Its phase at <paramref name="now"/>.</summary>
    public TaskPhase PhaseAt(DateTimeOffset now)
    {
        if (CanceledAt is { } canceled && now >= canceled) return TaskPhase.Canceled;
        if (now < StartsAt) return TaskPhase.Queued;
        if (now < CompletesAt) return TaskPhase.Running;
        return FailureMessage is null ? TaskPhase.Succeeded : TaskPhase.Failed;
    }

    /// <summary>Its progress in percent at <paramref name="now"/>: 0 while queued, growing with time while running, 100 when finished.</summary>
    public int ProgressAt(DateTimeOffset now) => PhaseAt(now) switch
    {
        TaskPhase.Queued or TaskPhase.Canceled => 0,
        TaskPhase.Running => (int)Math.Clamp(100 * (now - StartsAt).Ticks / Math.Max(1, (CompletesAt - StartsAt).Ticks), 0, 99),
        _ => 100,
    };

    /// <summary>Cancels the task if it is still queued at <paramref name="now"/>.</summary>
    internal bool TryCancel(DateTimeOffset now)
    {
        lock (_cancelLock)
        {
            if (PhaseAt(now) != TaskPhase.Queued) return false;
            Interlocked.Exchange(ref _canceledAtTicks, now.UtcTicks);
            return true;
        }
    }
}

/// <summary>The result files a task produces.</summary>
/// <param name="Kind">Images or videos.</param>
/// <param name="Count">How many files (an image request's <c>n</c>; one video).</param>
/// <param name="AsBase64">Whether the status answer carries the images inline as base64 (<c>response_format: b64_json</c>).</param>
/// <param name="Seconds">The video length the request asked for (its <c>duration</c>, else the model's default, else 5); 0 for images.</param>
public sealed record TaskResults(MediaKind Kind, int Count, bool AsBase64, double Seconds)
{
    /// <summary>The width in pixels each file has: the request's size (or the model's default).</summary>
    public int Width { get; init; }

    /// <summary>The height in pixels each file has.</summary>
    public int Height { get; init; }

    /// <summary>Whether each video has an audio track (the request's <c>sound</c> or <c>audio_setting</c>).</summary>
    public bool Sound { get; init; }
}
