using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Emulator.Dialects;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace HappyHorse.Emulator.Pipeline;

/// <summary>Records every request before anything else sees it, so a faulted or refused request is recorded too.</summary>
internal sealed class RequestRecorder(EmulatorOptions options)
{
    private static readonly string[] SecretHeaders = [HeaderNames.Authorization, HeaderNames.Cookie];
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private long _count;

    /// <summary>The most recent requests, at most <see cref="EmulatorOptions.MaxRecordedRequests"/>.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Every request received, including those no longer kept.</summary>
    public long Count => Interlocked.Read(ref _count);

    public async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        request.EnableBuffering();
        var body = await ReadTextAsync(request.Body, context.RequestAborted).ConfigureAwait(false);
        request.Body.Position = 0;
        var record = new RecordedRequest
        {
            Method = request.Method,
            Path = request.Path.Value ?? "/",
            PathAndQuery = Redact(request.Path + request.QueryString),
            Headers = request.Headers
                .Where(h => !SecretHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
                .ToDictionary(h => h.Key, h => Redact(h.Value.ToString()), StringComparer.OrdinalIgnoreCase),
            Authorized = ServiceEndpoints.IsAuthorized(request, options.ApiKey),
            Body = body,
            ReceivedAt = options.TimeProvider.GetUtcNow(),
        };
        _requests.Enqueue(record);
        Interlocked.Increment(ref _count);
        while (_requests.Count > options.MaxRecordedRequests && _requests.TryDequeue(out _))
        {
        }

        context.Items[typeof(RecordedRequest)] = record;

        await next(context).ConfigureAwait(false);

        options.RequestLog?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{record.ReceivedAt:HH:mm:ss.fff} {record} -> {context.Response.StatusCode}"));
    }

    private static async Task<string> ReadTextAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var text = new StringBuilder();
        var chunk = new char[4096];
        int read;
        while (text.Length < RecordedRequest.MaxBodyCharacters && (read = await reader.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            text.Append(chunk, 0, Math.Min(read, RecordedRequest.MaxBodyCharacters - text.Length));
        }

        return text.ToString();
    }

    /// <summary>A header that carries the key (a dialect's own key header, such as <c>x-goog-api-key</c>) is kept, its key replaced.</summary>
    private string Redact(string value) => value.Replace(options.ApiKey, "[redacted]", StringComparison.Ordinal);
}
