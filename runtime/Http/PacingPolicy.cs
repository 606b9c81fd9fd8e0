using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace HappyHorse.Generated.Http;

/// <summary>Spaces the status and result requests of one dialect so a client keeps within the service's documented rate.</summary>
internal sealed class PacingPolicy(TimeProvider time) : ServicePolicy
{
    private readonly ConcurrentDictionary<string, RequestPacer> _pacers = new(StringComparer.Ordinal);

    public override async ValueTask ProcessAsync(ServiceMessage message, ReadOnlyMemory<ServicePolicy> next)
    {
        if (message.Kind is ServiceCallKind.Status or ServiceCallKind.Result && message.Profile.Schedule.MaxRequestsPerSecond is > 0 and var rate)
        {
            var pacer = _pacers.GetOrAdd(message.Profile.Id, _ => new RequestPacer(TimeSpan.FromSeconds(1 / rate), time));
            await pacer.WaitTurnAsync(message.CancellationToken).ConfigureAwait(false);
        }

        await ProcessNextAsync(message, next).ConfigureAwait(false);
    }
}

/// <summary>Hands out turns <paramref name="interval"/> apart.</summary>
internal sealed class RequestPacer(TimeSpan interval, TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _next;

    public Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = time.GetTimestamp();
            var slot = Math.Max(now, _next);
            _next = slot + (long)(interval.TotalSeconds * time.TimestampFrequency);
            wait = TimeSpan.FromSeconds((slot - now) / (double)time.TimestampFrequency);
        }

        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }
}
