using System;
using System.Net.Http;
using System.Threading;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated.Http;

/// <summary>What went wrong on the way to the service, told apart and turned into the typed exception a caller sees.</summary>
internal static class TransportFailures
{
    private static readonly string[] RequestIdHeaders = ["X-Request-Id", "Request-Id"];

    /// <summary>A failure that carried no answer, as the typed exception a caller sees.</summary>
    public static HappyHorseException Failure(Exception e, string what, TimeSpan requestTimeout, KeyScrubber scrubber) => e switch
    {
        HappyHorseException typed => typed,
        RequestTimedOutException => new HappyHorseTimeoutException($"{what} got no complete answer within {Seconds(requestTimeout)}.", requestTimeout, e),
        _ => new HappyHorseConnectionException($"{what} got no answer: {scrubber.Scrub(Describe(e, requestTimeout))}.", e),
    };

    /// <summary>A failure in words, for a message.</summary>
    public static string Describe(Exception e, TimeSpan requestTimeout) => e switch
    {
        RequestTimedOutException => $"no complete answer within {Seconds(requestTimeout)}",
        MayHaveArrivedException arrived => Describe(arrived.InnerException!, requestTimeout),
        HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http => $"{http.HttpRequestError}: {http.Message}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    /// <summary>The caller's own cancellation, carrying the caller's token (not a linked one of ours) and nothing else.</summary>
    public static OperationCanceledException CallerCanceled(Exception e, CancellationToken cancellationToken) =>
        e is OperationCanceledException canceled && canceled.CancellationToken == cancellationToken ? canceled : new OperationCanceledException("The operation was canceled.", e, cancellationToken);

    /// <summary>A time span as a person reads it, e.g. <c>30 s</c>.</summary>
    public static string Seconds(TimeSpan span) => $"{span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s";

    /// <summary>A span a timer accepts: negative as zero, beyond a timer's range (about 49 days) as no limit.</summary>
    public static TimeSpan TimerSpan(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan ? span : span < TimeSpan.Zero ? TimeSpan.Zero : span.TotalMilliseconds >= uint.MaxValue - 1 ? Timeout.InfiniteTimeSpan : span;

    /// <summary>Whether a failure happened before any byte of the request could reach the service.</summary>
    public static bool NothingSent(HttpRequestException e) =>
        Find<RefusedAddressException>(e) is null &&
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    /// <summary>The service's request id from a conventional header, when it sent one.</summary>
    public static string? RequestIdHeader(HttpResponseMessage response)
    {
        foreach (var name in RequestIdHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                foreach (var value in values)
                {
                    if (!string.IsNullOrWhiteSpace(value)) return value.Trim();
                }
            }
        }

        return null;
    }

    /// <summary>The first exception of type <typeparamref name="T"/> in <paramref name="e"/>'s chain of inner exceptions.</summary>
    public static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found) return found;
        }

        return null;
    }
}

/// <summary>An answer worth another attempt (408, 429, 5xx); the last one's <see cref="Error"/> is thrown when retries run out.</summary>
internal sealed class TransientAnswerException(int status, TimeSpan? retryAfter, HappyHorseApiException? error) : Exception($"HTTP {status}")
{
    public int Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public HappyHorseApiException? Error { get; } = error;
}

/// <summary>A submit failure after a copy of its body may have arrived: never retried.</summary>
internal sealed class MayHaveArrivedException(Exception inner) : Exception(inner.Message, inner);

/// <summary>One attempt got no complete answer within <see cref="HappyHorseClientOptions.RequestTimeout"/>.</summary>
internal sealed class RequestTimedOutException(Exception inner) : TimeoutException("The request timed out.", inner);
