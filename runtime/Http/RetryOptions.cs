using System;

namespace HappyHorse.Generated;

/// <summary>
/// How failed calls are retried. Status queries (idempotent) retry on 408, 429, 500, 502, 503, 504, timeouts and
/// network errors; a submit retries only when the service provably did not take it (429, or no connection made).
/// </summary>
public sealed class RetryOptions
{
    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first backoff; each retry doubles it, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait a <c>Retry-After</c> header can ask for; a longer one is cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);
}
