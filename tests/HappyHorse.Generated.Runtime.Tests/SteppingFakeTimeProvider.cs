using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace HappyHorse.Generated.Runtime.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> (its clock, its timers, its firing) that also knows when its next timer is due, so
/// a test can run work to completion by moving time from one timer to the next, as a real clock would meet them.
/// </summary>
internal sealed class SteppingFakeTimeProvider : FakeTimeProvider
{
    private readonly Lock _lock = new();
    private readonly HashSet<TrackedTimer> _timers = [];
    private int _version;

    public SteppingFakeTimeProvider()
        : base(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public TimeSpan Elapsed(DateTimeOffset since) => GetUtcNow() - since;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TrackedTimer(this);
        timer.Schedule(dueTime, period);
        // A timer due now fires inside base.CreateTimer, before it returns: its callback must not need the inner timer.
        timer.Inner = base.CreateTimer(s => timer.Fire(callback, s), state, dueTime, period);
        return timer;
    }

    /// <summary>Moves time to the earliest pending timer (not past it) and lets the fake clock fire it; false when none is pending.</summary>
    public bool AdvanceToNextTimer()
    {
        DateTimeOffset next;
        lock (_lock)
        {
            var due = _timers.Where(t => t.Due is not null).Select(t => t.Due!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            if (due == DateTimeOffset.MaxValue) return false;
            next = due;
        }

        var now = GetUtcNow();
        Advance(next > now ? next - now : TimeSpan.Zero);
        return true;
    }

    /// <summary>Runs <paramref name="work"/> to completion, moving time forward whenever it waits on a timer.</summary>
    public async Task<T> RunAsync<T>(Task<T> work)
    {
        await RunAsync((Task)work);
        return await work;
    }

    /// <inheritdoc cref="RunAsync{T}(Task{T})"/>
    public async Task RunAsync(Task work)
    {
        var idle = 0;
        while (!work.IsCompleted)
        {
            // Time moves only once the work has settled: no timer made, changed or dropped across three short real
            // pauses, so a continuation on another core reaches its next timer (or disposes its request timeout) first.
            // A test whose outcome depends on which of two timers a continuation reaches first must not rely on this:
            // under load a continuation can take longer than the pauses (see the hedging test in SubmitOutcomeTests).
            var before = Volatile.Read(ref _version);
            var settled = true;
            for (var pause = 0; pause < 3 && settled; pause++)
            {
                await Task.Yield();
                await Task.Delay(1);
                settled = !work.IsCompleted && Volatile.Read(ref _version) == before;
            }

            if (!settled) continue;
            if (AdvanceToNextTimer()) idle = 0;
            else if (++idle > 5_000) throw new TimeoutException("The work neither completed nor waited on a timer.");
        }
    }

    private void Set(TrackedTimer timer, DateTimeOffset? due)
    {
        lock (_lock)
        {
            timer.Due = due;
            if (due is not null) _timers.Add(timer);
            else _timers.Remove(timer);
            _version++;
        }
    }

    /// <summary>The fake clock's timer, with its next due time known to the provider.</summary>
    private sealed class TrackedTimer(SteppingFakeTimeProvider clock) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ITimer? Inner { get; set; }

        /// <summary>When it fires next; read and written under the provider's lock.</summary>
        public DateTimeOffset? Due { get; set; }

        public void Schedule(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            clock.Set(this, dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime);
        }

        public void Fire(TimerCallback callback, object? state)
        {
            var periodic = _period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan;
            clock.Set(this, periodic ? clock.GetUtcNow() + _period : null);
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Schedule(dueTime, period);
            return Inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            clock.Set(this, null);
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
