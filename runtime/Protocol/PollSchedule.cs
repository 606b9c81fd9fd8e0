using System;

namespace HappyHorse.Generated.Protocol;

/// <summary>
/// When to ask for a task's status: the first request after <see cref="FirstDelay"/>, each later one
/// <see cref="Increment"/> later than the one before, never more than <see cref="MaxDelay"/> apart, and no
/// waiting past <see cref="Deadline"/>. When the service reports progress, the next request is timed from it.
/// </summary>
/// <param name="FirstDelay">Wait before the first status request.</param>
/// <param name="Increment">How much each interval grows.</param>
/// <param name="MaxDelay">The longest interval.</param>
/// <param name="Deadline">How long to wait in all before giving up (the task goes on at the service).</param>
public sealed record PollSchedule(TimeSpan FirstDelay, TimeSpan Increment, TimeSpan MaxDelay, TimeSpan Deadline)
{
    /// <summary>The shortest interval, even when progress says the task is about to finish.</summary>
    public TimeSpan MinDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Each interval is moved at random by up to this fraction, so many clients do not poll in step.</summary>
    public double Jitter { get; init; } = 0.1;

    /// <summary>The most status requests per second the service allows a client, when it documents a limit.</summary>
    public double? MaxRequestsPerSecond { get; init; }

    /// <summary>The interval before status request number <paramref name="attempt"/> (0 = the first), before progress and jitter.</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var grown = FirstDelay + (Increment * attempt);
        return grown < MaxDelay ? grown : MaxDelay;
    }

    /// <summary>
    /// The interval before status request number <paramref name="attempt"/>, given the progress (0–100) the last
    /// status reported after <paramref name="elapsed"/>: assuming steady progress, the request is timed for when the
    /// task should finish, between <see cref="MinDelay"/> and <see cref="MaxDelay"/>; without progress, the schedule
    /// applies. <paramref name="random"/> (0 ≤ value &lt; 1) places the jitter.
    /// </summary>
    public TimeSpan NextDelay(int attempt, TimeSpan elapsed, double? progress, double random)
    {
        var delay = DelayBefore(attempt);
        if (attempt > 0 && progress is > 0 and < 100 && elapsed > TimeSpan.Zero)
        {
            var remaining = elapsed * ((100 - progress.Value) / progress.Value);
            delay = remaining < MinDelay ? MinDelay : remaining > MaxDelay ? MaxDelay : remaining;
        }

        var jittered = delay * (1 + (Jitter * ((2 * random) - 1)));
        return jittered < MinDelay && delay >= MinDelay ? MinDelay : jittered;
    }
}
