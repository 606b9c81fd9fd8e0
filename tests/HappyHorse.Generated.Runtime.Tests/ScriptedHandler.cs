using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace HappyHorse.Generated.Runtime.Tests;

/// <summary>Answers each request from a script and records what was sent and when (in virtual time).</summary>
internal sealed class ScriptedHandler(TimeProvider time, Func<HttpRequestMessage, int, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<Sent> Requests { get; } = [];

    public sealed record Sent(HttpMethod Method, Uri Uri, string? Authorization, string? Body, DateTimeOffset At);

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests) Requests.Add(new Sent(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body, time.GetUtcNow()));
        int index;
        lock (Requests) index = Requests.Count - 1;
        return answer(request, index);
    }
}
