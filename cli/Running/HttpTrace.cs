using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace HappyHorse.Cli.Running;

/// <summary>
/// <c>--verbose</c>: one line on stderr per HTTP exchange (method, path, status, time), read from the activities .NET's
/// HttpClient reports, so the client needs no hook of its own. Only the path is written: never a header (the key
/// travels in one), never a query string (a signed download URL carries its signature there).
/// </summary>
internal sealed class HttpTrace : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly TextWriter _error;

    private HttpTrace(TextWriter error)
    {
        _error = error;

        // Listening makes HttpClient start an activity per request; no trace headers are added to what is sent.
        DistributedContextPropagator.Current = DistributedContextPropagator.CreateNoOutputPropagator();
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Write,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Starts tracing to <paramref name="error"/>; dispose to stop.</summary>
    public static HttpTrace Start(TextWriter error) => new(error);

    /// <summary>The line for one exchange: <c>HTTP POST /api/generate -> 200 (12 ms)</c>.</summary>
    internal static string Line(string? method, string? url, string? status, string? error, TimeSpan duration)
    {
        var path = "?";
        if (Uri.TryCreate(url, UriKind.Absolute, out var parsed)) path = parsed.AbsolutePath + (parsed.Query.Length > 1 ? "?…" : "");
        var outcome = status ?? (error is null ? "no answer" : $"failed ({error})");
        return $"HTTP {method ?? "?"} {path} -> {outcome} ({duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms)";
    }

    private void Write(Activity activity)
    {
        var line = Line(
            activity.GetTagItem("http.request.method") as string,
            activity.GetTagItem("url.full") as string,
            activity.GetTagItem("http.response.status_code")?.ToString(),
            activity.GetTagItem("error.type") as string,
            activity.Duration);
        lock (_error) _error.WriteLine(line);
    }

    public void Dispose() => _listener.Dispose();
}
