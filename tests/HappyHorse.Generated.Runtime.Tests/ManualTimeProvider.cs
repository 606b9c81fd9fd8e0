using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace HappyHorse.Generated.Runtime.Tests;

/// <summary>A clock that moves only when told: timers fire when <see cref="AdvanceToNextTimer"/> reaches them.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private int _version;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_lock) return _now.UtcTicks;
    }

    public TimeSpan Elapsed(DateTimeOffset since) => GetUtcNow() - since;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time to the earliest pending timer and fires it; false when none is pending.</summary>
    public bool AdvanceToNextTimer()
    {
        ManualTimer? next;
        lock (_lock)
        {
            next = _timers.Where(t => t.Due is not null).MinBy(t => t.Due);
            if (next is null) return false;
            if (next.Due > _now) _now = next.Due!.Value;
            next.Due = null;
        }

        next.Fire();
        return true;
    }

    /// <summary>Moves time forward by <paramref name="by"/>, firing every timer due by then, earliest first.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_lock) target = _now + by;
        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.Due <= target).MinBy(t => t.Due);
                if (next is null)
                {
                    _now = target;
                    return;
                }

                if (next.Due > _now) _now = next.Due!.Value;
                next.Due = null;
            }

            next.Fire();
        }
    }

    /// <summary>Moves time forward by <paramref name="by"/> without firing any timer, as when their callbacks are still queued.</summary>
    public void Skip(TimeSpan by)
    {
        lock (_lock) _now += by;
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

    private void Schedule(ManualTimer timer, DateTimeOffset? due)
    {
        lock (_lock)
        {
            timer.Due = due;
            if (!_timers.Contains(timer)) _timers.Add(timer);
            _version++;
        }
    }

    private void Remove(ManualTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
            _version++;
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? Due { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            clock.Schedule(this, dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime);
            return true;
        }

        public void Fire()
        {
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan) clock.Schedule(this, clock.GetUtcNow() + _period);
            callback(state);
        }

        public void Dispose() => clock.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
