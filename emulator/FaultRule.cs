using System;
using System.Collections.Generic;
using System.Linq;

namespace HappyHorse.Emulator;

/// <summary>
/// Faults injected into the answers on one route (every path that starts with <see cref="PathPrefix"/>). Whether
/// a request gets a fault is drawn from the emulator's seed and the request's number on the rule, so the same
/// sequence of requests meets the same faults on every run. When several rules match, the longest prefix wins.
/// </summary>
public sealed class FaultRule
{
    /// <summary>The paths it applies to, e.g. <c>/v1/videos</c> (also <c>/v1/videos/{id}</c>) or <c>/files/</c>; <c>/</c> is every path.</summary>
    public string PathPrefix { get; init; } = "/";

    /// <summary>Only requests with this method (e.g. <c>POST</c> for submits only); <see langword="null"/> for every method.</summary>
    public string? Method { get; init; }

    /// <summary>The share of requests answered with one of <see cref="ServerErrorStatuses"/> (0 to 1).</summary>
    public double ServerErrorRate { get; init; }

    /// <summary>The statuses a server error is drawn from. 500 carries the dialect's error body; 502 and 503 a plain-text page, as a front proxy sends.</summary>
    public IReadOnlyList<int> ServerErrorStatuses { get; init; } = [500, 502, 503];

    /// <summary>The share of requests answered 429 with <c>Retry-After</c> and the dialect's rate-limit error (0 to 1).</summary>
    public double RateLimitRate { get; init; }

    /// <summary>The <c>Retry-After</c> of a 429, sent in whole seconds (rounded up).</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The share of requests that are processed, then answered with only part of the body before the connection is dropped (0 to 1).</summary>
    public double DropConnectionRate { get; init; }

    /// <summary>The share of requests that are processed, then answered with a body cut in half: not valid JSON (0 to 1).</summary>
    public double MalformedJsonRate { get; init; }

    /// <summary>The share of requests that are processed, then answered one byte per <see cref="SlowBodyInterval"/> (0 to 1).</summary>
    public double SlowBodyRate { get; init; }

    /// <summary>The time between two bytes of a slow body.</summary>
    public TimeSpan SlowBodyInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Delay added before every matching request is handled (faulted or not).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>After this many faults the rule injects no more (it still adds latency); <see langword="null"/> for no limit.</summary>
    public int? MaxFaults { get; init; }

    /// <summary>Checks the rates and statuses.</summary>
    /// <exception cref="ArgumentException">A rate is outside 0..1, the rates add up to more than 1, or a status is not 5xx.</exception>
    internal void Validate()
    {
        if (string.IsNullOrEmpty(PathPrefix) || PathPrefix[0] != '/') throw new ArgumentException($"A fault rule's {nameof(PathPrefix)} must start with '/' (was '{PathPrefix}').");
        double[] rates = [ServerErrorRate, RateLimitRate, DropConnectionRate, MalformedJsonRate, SlowBodyRate];
        if (Array.Exists(rates, r => r is < 0 or > 1 || double.IsNaN(r)) || rates.Sum() > 1 + 1e-9)
        {
            throw new ArgumentException($"The fault rates of '{PathPrefix}' must each be in 0..1 and add up to at most 1.");
        }

        if (ServerErrorRate > 0 && (ServerErrorStatuses.Count == 0 || !ServerErrorStatuses.All(s => s is >= 500 and < 600)))
        {
            throw new ArgumentException($"The server error statuses of '{PathPrefix}' must be 5xx codes.");
        }

        if (Latency < TimeSpan.Zero || RetryAfter < TimeSpan.Zero || MaxFaults < 0 || SlowBodyInterval <= TimeSpan.Zero) throw new ArgumentException($"The latency, Retry-After and fault limit of '{PathPrefix}' must not be negative.");
    }
}

/// <summary>A fault the emulator injected into an answer.</summary>
public enum FaultKind
{
    /// <summary>None: the answer is the service's own.</summary>
    None,

    /// <summary>500, 502 or 503.</summary>
    ServerError,

    /// <summary>429 with <c>Retry-After</c>.</summary>
    RateLimited,

    /// <summary>Part of the body, then the connection dropped.</summary>
    DroppedConnection,

    /// <summary>A body that is not valid JSON.</summary>
    MalformedJson,

    /// <summary>The whole body, one byte at a time, slowly.</summary>
    SlowBody,
}
