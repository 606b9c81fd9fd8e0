using System;

namespace HappyHorse.Generated.Protocol;

/// <summary>
/// When to ask for a task's status: the first request after <see cref="FirstDelay"/>, each later one
/// <see cref="Increment"/> later than the one before, never more than <see cref="MaxDelay"/> apart, and no
/// waiting past <see cref="Deadline"/>.
/// </summary>
/// <param name="FirstDelay">Wait before the first status request.</param>
/// <param name="Increment">How much each interval grows.</param>
/// <param name="MaxDelay">The longest interval.</param>
/// <param name="Deadline">How long to wait in all before giving up (the task goes on at the service).</param>
public sealed record PollSchedule(TimeSpan FirstDelay, TimeSpan Increment, TimeSpan MaxDelay, TimeSpan Deadline)
{
    /// <summary>The interval before status request number <paramref name="attempt"/> (0 = the first).</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var grown = FirstDelay + (Increment * attempt);
        return grown < MaxDelay ? grown : MaxDelay;
    }
}
