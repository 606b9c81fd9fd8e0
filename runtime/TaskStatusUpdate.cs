using System;

namespace HappyHorse.Generated;

/// <summary>One observation of a task's status.</summary>
/// <param name="Task">The task observed.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="RawStatus">The status word the service used.</param>
/// <param name="Progress">Percent done (0–100) when the service reports it.</param>
/// <param name="Elapsed">Time since the wait began.</param>
public sealed record TaskStatusUpdate(GenerationTask Task, GenerationStatus Status, string RawStatus, double? Progress, TimeSpan Elapsed)
{
    /// <summary>What the task produced, on the update that reports success.</summary>
    public GenerationResult? Result { get; init; }

    /// <summary>The service's explanation, on the update that reports a failure.</summary>
    public string? FailureMessage { get; init; }

    /// <summary>The task's place in the service's queue (0 = next) when the service reports one; it is not <see cref="Progress"/>.</summary>
    public int? QueuePosition { get; init; }

    /// <summary>The status answer as the service sent it, for what the dialect's profile does not name; <see langword="null"/> when built by hand.</summary>
    public System.Text.Json.JsonElement? Response { get; init; }
}
