using System;
using System.Net.Http;

namespace HappyHorse.Generated.Http;

/// <summary>Reads a <c>Retry-After</c> header (seconds or an HTTP date), capped so a hostile or buggy value cannot hang a client.</summary>
internal static class RetryAfter
{
    public static TimeSpan? Read(HttpResponseMessage response, DateTimeOffset now, TimeSpan cap)
    {
        var header = response.Headers.RetryAfter;
        if (header is null) return null;
        var wait = header.Delta ?? (header.Date is { } date ? date - now : (TimeSpan?)null);
        if (wait is null) return null;
        if (wait < TimeSpan.Zero) return TimeSpan.Zero;
        return wait > cap ? cap : wait;
    }
}
