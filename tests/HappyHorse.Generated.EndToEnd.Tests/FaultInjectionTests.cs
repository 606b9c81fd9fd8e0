using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.EndToEnd.Tests.Support;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>The emulator really injects what it is configured to, seen through a plain HttpClient.</summary>
public sealed class FaultInjectionTests
{
    private const string TextToVideo = """{ "model": "happyhorse-1.0/video", "prompt": "p" }""";

    [Fact]
    public async Task Server_errors_are_500_in_the_dialect_shape_or_502_and_503_as_a_proxy_page()
    {
        await using var emulator = await StartAsync(new FaultRule { PathPrefix = "/v1/videos", ServerErrorRate = 1 });
        using var http = TestSupport.HttpFor(emulator);

        var answers = new List<(HttpStatusCode Status, string? Type, string Body)>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await http.GetAsync("v1/videos/some-task");
            answers.Add((response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync()));
        }

        answers.Select(a => a.Status).Distinct().Order().ShouldBe([HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable]);
        var internalError = answers.First(a => a.Status == HttpStatusCode.InternalServerError);
        using (var body = JsonDocument.Parse(internalError.Body)) body.RootElement.GetProperty("error").GetProperty("code").GetString().ShouldBe("internal_error");
        answers.Where(a => a.Status != HttpStatusCode.InternalServerError).ShouldAllBe(a => a.Type == "text/plain");
        emulator.Requests.ShouldAllBe(r => r.InjectedFault == FaultKind.ServerError);
    }

    [Theory]
    [InlineData(500, "application/json")]
    [InlineData(502, "text/plain")]
    [InlineData(503, "text/plain")]
    public async Task On_happyhorse_app_an_injected_500_is_the_documented_INTERNAL_ERROR_body_and_502_and_503_are_plain_text(int status, string type)
    {
        await using var emulator = await StartAsync(new FaultRule { PathPrefix = "/api/generate", ServerErrorRate = 1, ServerErrorStatuses = [status] });
        using var http = TestSupport.HttpFor(emulator);

        using var response = await http.PostAsync("api/generate", new StringContent(TextToVideo, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(type);
        if (status == 500)
        {
            using var error = JsonDocument.Parse(body);
            error.RootElement.GetProperty("code").GetString().ShouldBe("INTERNAL_ERROR");
            error.RootElement.GetProperty("data").ValueKind.ShouldBe(JsonValueKind.Null);
        }
        else
        {
            body.ShouldStartWith(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        emulator.Tasks.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_rate_limit_is_429_with_retry_after_in_whole_seconds_and_the_dialect_error()
    {
        await using var emulator = await StartAsync(new FaultRule { PathPrefix = "/api/", RateLimitRate = 1, RetryAfter = TimeSpan.FromSeconds(2.5) });
        using var http = TestSupport.HttpFor(emulator);

        using var response = await http.PostAsync("api/generate", Json(TextToVideo));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(3));
        body.RootElement.GetProperty("code").GetString().ShouldBe("RATE_LIMITED");
        emulator.Tasks.ShouldBeEmpty();
    }

    [Fact]
    public async Task Latency_delays_every_matching_answer_by_at_least_the_configured_time()
    {
        await using var emulator = await StartAsync(new FaultRule { PathPrefix = "/api/status", Latency = TimeSpan.FromMilliseconds(300) });
        using var http = TestSupport.HttpFor(emulator);

        var slow = Stopwatch.StartNew();
        using var delayed = await http.GetAsync("api/status?task_id=n92unknown");
        slow.Stop();

        slow.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300));
        delayed.StatusCode.ShouldBe(HttpStatusCode.NotFound); // latency only: the answer is the service's own
    }

    [Fact]
    public async Task A_dropped_connection_is_an_http_request_exception_after_the_service_did_its_work()
    {
        await using var emulator = await StartAsync(new FaultRule { PathPrefix = "/api/generate", DropConnectionRate = 1 });
        using var http = TestSupport.HttpFor(emulator);

        await Should.ThrowAsync<HttpRequestException>(() => http.PostAsync("api/generate", Json(TextToVideo)));

        // The task exists although its id never arrived: a client that submits again makes a second one.
        emulator.Tasks.Count.ShouldBe(1);
        emulator.Requests.Single().InjectedFault.ShouldBe(FaultKind.DroppedConnection);
    }

    [Fact]
    public async Task A_malformed_body_keeps_its_status_but_is_not_json()
    {
        await using var emulator = await StartAsync(new FaultRule { PathPrefix = "/api/generate", MalformedJsonRate = 1 });
        using var http = TestSupport.HttpFor(emulator);

        using var response = await http.PostAsync("api/generate", Json(TextToVideo));
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.ShouldStartWith("{");
        Should.Throw<JsonException>(() => JsonDocument.Parse(body));
        emulator.Tasks.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_rule_touches_only_its_route_and_method_and_the_longest_prefix_wins()
    {
        await using var emulator = await StartAsync(
            new FaultRule { PathPrefix = "/", ServerErrorRate = 1, ServerErrorStatuses = [503] },
            new FaultRule { PathPrefix = "/api/", Method = "POST", MalformedJsonRate = 0 });
        using var http = TestSupport.HttpFor(emulator);

        using var submit = await http.PostAsync("api/generate", Json(TextToVideo));
        using var status = await http.GetAsync("api/status?task_id=n92unknown");
        using var video = await http.GetAsync("v1/videos/some-task");

        submit.StatusCode.ShouldBe(HttpStatusCode.OK); // "/api/" POST rule: no faults
        status.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable); // a GET: only "/" applies
        video.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Faults_are_drawn_from_the_seed()
    {
        var first = await StatusSequenceAsync(seed: 11);
        var again = await StatusSequenceAsync(seed: 11);
        var other = await StatusSequenceAsync(seed: 12);

        again.ShouldBe(first);
        other.ShouldNotBe(first);
        first.Count(s => s != HttpStatusCode.NotFound).ShouldBeInRange(10, 30, "a rate of 0.5 over 40 requests");
    }

    [Fact]
    public async Task A_rule_stops_after_its_fault_limit()
    {
        await using var emulator = await StartAsync(new FaultRule { PathPrefix = "/v1/", ServerErrorRate = 1, ServerErrorStatuses = [502], MaxFaults = 2 });
        using var http = TestSupport.HttpFor(emulator);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await http.GetAsync("v1/videos/some-task");
            statuses.Add(response.StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.NotFound, HttpStatusCode.NotFound]);
    }

    [Fact]
    public async Task Faults_can_hit_result_downloads_too()
    {
        var options = TestSupport.QuickOptions();
        options.Faults.Add(new FaultRule { PathPrefix = "/files/", DropConnectionRate = 1 });
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        using var client = TestSupport.ClientFor(emulator);
        var result = await client.GenerateAsync(HappyHorse.Generated.Models.HappyHorseVideo.TextToVideo("p"));

        await Should.ThrowAsync<HttpRequestException>(() => TestSupport.DownloadAsync(result.Url));
    }

    [Theory]
    [InlineData(1.5, 0)]
    [InlineData(0.6, 0.6)]
    [InlineData(-0.1, 0)]
    public async Task Impossible_rates_are_refused_before_the_emulator_starts(double serverErrors, double rateLimits)
    {
        var options = TestSupport.QuickOptions();
        options.Faults.Add(new FaultRule { ServerErrorRate = serverErrors, RateLimitRate = rateLimits });

        await Should.ThrowAsync<ArgumentException>(() => HappyHorseEmulator.StartAsync(options));
    }

    private static async Task<List<HttpStatusCode>> StatusSequenceAsync(int seed)
    {
        var options = TestSupport.QuickOptions();
        options.Seed = seed;
        options.Faults.Add(new FaultRule { PathPrefix = "/v1/", ServerErrorRate = 0.5 });
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        using var http = TestSupport.HttpFor(emulator);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            using var response = await http.GetAsync("v1/videos/some-task");
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    private static Task<HappyHorseEmulator> StartAsync(params FaultRule[] rules)
    {
        var options = TestSupport.QuickOptions();
        foreach (var rule in rules) options.Faults.Add(rule);
        return HappyHorseEmulator.StartAsync(options);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
