using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Emulator.Dialects;
using Microsoft.AspNetCore.Http;

namespace HappyHorse.Emulator.Pipeline;

/// <summary>
/// Applies <see cref="EmulatorOptions.Faults"/>: after routing (so it knows the dialect of the path), each request
/// that a rule matches gets the rule's latency and, drawn from the seed and the request's number on the rule, at
/// most one fault.
/// </summary>
internal sealed class FaultInjector
{
    private readonly EmulatorOptions _options;
    private readonly ServiceEndpoints _endpoints;
    private readonly FaultRule[] _rules;
    private readonly long[] _matched;
    private readonly int[] _injected;
    private readonly Lock _lock = new();

    private static readonly TimeSpan HalfBodyPause = TimeSpan.FromMilliseconds(50);

    public FaultInjector(EmulatorOptions options, ServiceEndpoints endpoints)
    {
        _options = options;
        _endpoints = endpoints;
        _rules = options.Faults.ToArray();
        _matched = new long[_rules.Length];
        _injected = new int[_rules.Length];
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var ruleIndex = RuleFor(context.Request);
        if (ruleIndex < 0)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var rule = _rules[ruleIndex];
        var (fault, serverStatus) = Draw(ruleIndex);
        if (context.Items[typeof(RecordedRequest)] is RecordedRequest record) record.InjectedFault = fault;
        try
        {
            await WaitAtLeastAsync(rule.Latency, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the client gave up waiting
        }

        var dialect = context.GetEndpoint()?.Metadata.GetMetadata<Dialect>();
        switch (fault)
        {
            case FaultKind.ServerError:
                await WriteServerErrorAsync(context, dialect, serverStatus).ConfigureAwait(false);
                break;
            case FaultKind.RateLimited:
                await WriteRateLimitedAsync(context, dialect, rule.RetryAfter).ConfigureAwait(false);
                break;
            case FaultKind.DroppedConnection:
                await DropMidResponseAsync(context, next).ConfigureAwait(false);
                break;
            case FaultKind.MalformedJson when dialect is null:
                // A file has no JSON to break: its body cut short is a dropped connection.
                await DropMidResponseAsync(context, next).ConfigureAwait(false);
                break;
            case FaultKind.MalformedJson:
                await CutBodyInHalfAsync(context, next).ConfigureAwait(false);
                break;
            case FaultKind.SlowBody:
                await TrickleAsync(context, next, rule.SlowBodyInterval).ConfigureAwait(false);
                break;
            default:
                await next(context).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Waits <paramref name="latency"/> or a little more, never less: a timer may fire up to a tick early.</summary>
    private async Task WaitAtLeastAsync(TimeSpan latency, CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        var started = time.GetTimestamp();
        TimeSpan left;
        while ((left = latency - time.GetElapsedTime(started)) > TimeSpan.Zero)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The rule with the longest prefix that matches the request's path (and method), or -1.</summary>
    private int RuleFor(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        var best = -1;
        for (var i = 0; i < _rules.Length; i++)
        {
            var rule = _rules[i];
            if (!path.StartsWith(rule.PathPrefix, StringComparison.Ordinal)) continue;
            if (rule.Method is { } method && !string.Equals(method, request.Method, StringComparison.OrdinalIgnoreCase)) continue;
            if (best < 0 || rule.PathPrefix.Length > _rules[best].PathPrefix.Length) best = i;
        }

        return best;
    }

    /// <summary>The fault for the rule's next request: one seeded draw against the rule's cumulative rates.</summary>
    private (FaultKind Fault, int ServerStatus) Draw(int ruleIndex)
    {
        var rule = _rules[ruleIndex];
        long number;
        var fault = FaultKind.None;
        lock (_lock)
        {
            number = _matched[ruleIndex]++;
            if (rule.MaxFaults is { } max && _injected[ruleIndex] >= max) return (FaultKind.None, 0);
            var draw = Seeded.Unit(_options.Seed, Seeded.FaultStream + (ulong)ruleIndex, number);
            if ((draw -= rule.ServerErrorRate) < 0) fault = FaultKind.ServerError;
            else if ((draw -= rule.RateLimitRate) < 0) fault = FaultKind.RateLimited;
            else if ((draw -= rule.DropConnectionRate) < 0) fault = FaultKind.DroppedConnection;
            else if ((draw -= rule.MalformedJsonRate) < 0) fault = FaultKind.MalformedJson;
            else if ((draw -= rule.SlowBodyRate) < 0) fault = FaultKind.SlowBody;
            if (fault == FaultKind.None) return (fault, 0);
            _injected[ruleIndex]++;
        }

        var statuses = rule.ServerErrorStatuses;
        var pick = (int)(Seeded.Unit(_options.Seed, Seeded.FaultStatusStream + (ulong)ruleIndex, number) * statuses.Count);
        return (fault, statuses[Math.Min(pick, statuses.Count - 1)]);
    }

    /// <summary>500 is the service's own error (the dialect's body); 502 and 503 come from a proxy in front of it, as plain text.</summary>
    private Task WriteServerErrorAsync(HttpContext context, Dialect? dialect, int status)
    {
        if (status == StatusCodes.Status500InternalServerError && dialect is not null)
        {
            return ServiceEndpoints.WriteAsync(context, dialect.Error(ErrorKind.ServerError, "The emulator injected a server error.", _endpoints.NextRequestId()));
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync($"{status} {ReasonPhrase(status)}", context.RequestAborted);
    }

    private Task WriteRateLimitedAsync(HttpContext context, Dialect? dialect, TimeSpan retryAfter)
    {
        var seconds = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.RetryAfter = seconds;
        if (dialect is not null)
        {
            return ServiceEndpoints.WriteAsync(context, dialect.Error(ErrorKind.RateLimited, $"Too many requests; retry after {seconds} s.", _endpoints.NextRequestId()));
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return context.Response.WriteAsync("429 Too Many Requests", context.RequestAborted);
    }

    /// <summary>The service does its work (a submit still creates its task), but the connection drops after half the answer.</summary>
    private async Task DropMidResponseAsync(HttpContext context, RequestDelegate next)
    {
        var body = await RunBufferedAsync(context, next).ConfigureAwait(false);
        context.Response.ContentLength = Math.Max(body.Length, 2); // promise the whole body…
        await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);

        // …let the client read the headers and that half (a reset at once can discard what it has not read yet)…
        await Task.Delay(HalfBodyPause, _options.TimeProvider, context.RequestAborted).ConfigureAwait(false);
        context.Abort(); // …and drop the connection
    }

    /// <summary>The service does its work, but only the first half of its JSON arrives: a prefix of an object is never valid JSON.</summary>
    private static async Task CutBodyInHalfAsync(HttpContext context, RequestDelegate next)
    {
        var body = await RunBufferedAsync(context, next).ConfigureAwait(false);
        var half = body.AsMemory(0, body.Length / 2);
        context.Response.ContentLength = half.Length;
        await context.Response.Body.WriteAsync(half, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The service does its work, then sends its answer one byte per <paramref name="interval"/> until done or the client leaves.</summary>
    private async Task TrickleAsync(HttpContext context, RequestDelegate next, TimeSpan interval)
    {
        var body = await RunBufferedAsync(context, next).ConfigureAwait(false);
        context.Response.ContentLength = body.Length;
        try
        {
            for (var i = 0; i < body.Length; i++)
            {
                await context.Response.Body.WriteAsync(body.AsMemory(i, 1), context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                if (i + 1 < body.Length) await Task.Delay(interval, _options.TimeProvider, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client gave up waiting
        }
    }

    private static async Task<byte[]> RunBufferedAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = original;
        }

        return buffer.ToArray();
    }

    private static string ReasonPhrase(int status) => status switch
    {
        StatusCodes.Status502BadGateway => "Bad Gateway",
        StatusCodes.Status503ServiceUnavailable => "Service Unavailable",
        StatusCodes.Status504GatewayTimeout => "Gateway Timeout",
        _ => "Server Error",
    };
}
