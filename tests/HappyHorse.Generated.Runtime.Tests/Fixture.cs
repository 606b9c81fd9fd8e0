using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using HappyHorse.Generated.Protocol;
using Microsoft.Extensions.Logging;

namespace HappyHorse.Generated.Runtime.Tests;

/// <summary>A client on a fake clock (moved from timer to timer) and a scripted service (nothing leaves the process).</summary>
internal sealed class Fixture : IDisposable
{
    public const string Key = "sk-test-SECRET-4f9a";
    public static readonly Uri Service = new("https://api.test/");

    public Fixture(Func<HttpRequestMessage, int, HttpResponseMessage> answer, Action<HappyHorseClientOptions>? configure = null)
        : this((request, i, _) => System.Threading.Tasks.Task.FromResult(answer(request, i)), configure)
    {
    }

    public Fixture(Func<HttpRequestMessage, int, System.Threading.CancellationToken, System.Threading.Tasks.Task<HttpResponseMessage>> answer, Action<HappyHorseClientOptions>? configure = null)
    {
        Handler = new ScriptedHandler(Time, answer);
        // No whole-download limit unless a test sets one: a far timer that only stands by would tempt the clock to jump to it.
        var options = new HappyHorseClientOptions { ApiKey = Key, BaseUrl = Service, DownloadTimeout = System.Threading.Timeout.InfiniteTimeSpan };
        configure?.Invoke(options);
        Client = new HappyHorseClient(options, new HttpClient(new Http.SubmitGuardHandler(Handler)), Logs, Time); // as the client's own HttpClient is built
        Started = Time.GetUtcNow();
    }

    public SteppingFakeTimeProvider Time { get; } = new();

    public ScriptedHandler Handler { get; }

    public CapturingLogger Logs { get; } = new();

    public HappyHorseClient Client { get; }

    public DateTimeOffset Started { get; }

    /// <summary>Seconds after the start at which each request was sent.</summary>
    public List<double> SentAt() => Handler.Requests.ConvertAll(r => (r.At - Started).TotalSeconds);

    public static PollSchedule WithoutJitter(PollSchedule schedule) => schedule with { Jitter = 0 };

    /// <summary>The happyhorse.app answer to a submit.</summary>
    public static HttpResponseMessage Accepted(string taskId = "n92task") =>
        ScriptedHandler.Json(HttpStatusCode.OK, $$"""{ "code": 200, "message": "success", "data": { "task_id": "{{taskId}}", "status": "IN_PROGRESS" } }""");

    public static HttpResponseMessage HappyHorse(string status, string? url = null) => ScriptedHandler.Json(HttpStatusCode.OK, $$"""
        { "code": 200, "message": "success", "data": { "task_id": "n92task", "status": "{{status}}",
          "response": {{(url is null ? "null" : $$"""{ "resultUrls": ["{{url}}"] }""")}}, "error_message": {{(status == "FAILED" ? "\"content policy\"" : "null")}} } }
        """);

    public void Dispose() => Client.Dispose();
}

/// <summary>Keeps every formatted log line, at every level.</summary>
internal sealed class CapturingLogger : ILogger
{
    public List<string> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Lines) Lines.Add($"{logLevel}: {formatter(state, exception)} {exception}");
    }
}
