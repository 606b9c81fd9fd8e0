using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace HappyHorse.Generated.Http;

/// <summary>
/// Bounds each attempt, answer body included, by <see cref="HappyHorseClientOptions.RequestTimeout"/>; running out is a
/// <see cref="RequestTimedOutException"/>, never the caller's cancellation.
/// </summary>
internal sealed class RequestTimeoutPolicy(TimeSpan requestTimeout, TimeProvider time) : ServicePolicy
{
    public override async ValueTask ProcessAsync(ServiceMessage message, ReadOnlyMemory<ServicePolicy> next)
    {
        var limit = TransportFailures.TimerSpan(requestTimeout);
        if (limit == Timeout.InfiniteTimeSpan)
        {
            await ProcessNextAsync(message, next).ConfigureAwait(false);
            return;
        }

        var callerToken = message.CancellationToken;
        using var timeout = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, timeout.Token);
        message.Timer = new RequestTimer(timeout, limit, time);
        message.CancellationToken = linked.Token;
        try
        {
            await ProcessNextAsync(message, next).ConfigureAwait(false);
        }
        catch (Exception e) when (!callerToken.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException &&
            (timeout.IsCancellationRequested || e.InnerException is TimeoutException))
        {
            // Our own deadline, or HttpClient.Timeout: a timeout, never the caller's cancellation.
            throw new RequestTimedOutException(e);
        }
        finally
        {
            message.Timer = RequestTimer.None;
            message.CancellationToken = callerToken;
        }
    }
}

/// <summary>
/// The <see cref="HappyHorseClientOptions.RequestTimeout"/> timer of one attempt, which the attempt may start again
/// (a submit does as its body goes out); <see cref="None"/> when nothing bounds the attempt.
/// </summary>
internal sealed class RequestTimer(CancellationTokenSource? timeout, TimeSpan limit, TimeProvider time)
{
    /// <summary>
    /// A timer may fire this much before the clock says it is due (timers and the clock tick apart), or its
    /// cancellation may still be queued: within it, the time counts as run out.
    /// </summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(50);

    private readonly Lock _lock = new();
    private long _started = time.GetTimestamp();

    public static RequestTimer None { get; } = new(null, Timeout.InfiniteTimeSpan, TimeProvider.System);

    /// <summary>Gives the attempt all of its time again from now; false, and the attempt canceled, when its time already ran out.</summary>
    public bool TryRestart()
    {
        if (timeout is null) return true;
        lock (_lock)
        {
            try
            {
                if (!timeout.IsCancellationRequested && time.GetElapsedTime(_started) < limit - Margin)
                {
                    timeout.CancelAfter(limit);
                    _started = time.GetTimestamp();
                    return true;
                }
            }
            catch (ObjectDisposedException)
            {
                return false; // the attempt is over
            }
        }

        // Its time is up even if the timer has not fired yet: cancel now, so the attempt ends as a timeout.
        try
        {
            timeout.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        return false;
    }
}
