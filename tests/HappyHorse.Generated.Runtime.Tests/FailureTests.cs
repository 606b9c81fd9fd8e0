using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.Runtime.Tests;

public class FailureTests
{
    private static readonly GenerationTask Task1 = new(HappyHorseVideo.TextToVideoRequest.Info, "n92task", Fixture.Service);

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task A_status_query_is_retried_on_transient_answers(HttpStatusCode transient)
    {
        using var fixture = new Fixture((_, i) => i < 2 ? new HttpResponseMessage(transient) : Fixture.HappyHorse("IN_PROGRESS"));

        var update = await fixture.Time.RunAsync(fixture.Client.GetStatusAsync(Task1));

        update.RawStatus.ShouldBe("IN_PROGRESS");
        fixture.Handler.Requests.Count.ShouldBe(3);
        var sent = fixture.SentAt();
        (sent[1] - sent[0]).ShouldBeInRange(0.0, 30.0);
        (sent[2] - sent[1]).ShouldBeInRange(0.0, 30.0); // exponential backoff with jitter, within RetryOptions.MaxDelay
    }

    [Fact]
    public async Task A_status_query_is_retried_on_a_network_error()
    {
        using var fixture = new Fixture((_, i) => i == 0 ? throw new HttpRequestException(HttpRequestError.ConnectionError) : Fixture.HappyHorse("IN_PROGRESS"));

        (await fixture.Time.RunAsync(fixture.Client.GetStatusAsync(Task1))).RawStatus.ShouldBe("IN_PROGRESS");
        fixture.Handler.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Retries_stop_after_MaxRetries_with_the_last_answer_as_the_error()
    {
        using var fixture = new Fixture((_, _) => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), o => o.Retry.MaxRetries = 3);

        var error = await Should.ThrowAsync<HappyHorseApiException>(fixture.Time.RunAsync(fixture.Client.GetStatusAsync(Task1)));

        error.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        fixture.Handler.Requests.Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Json(HttpStatusCode.BadRequest, """{ "code": "INVALID_PROMPT", "message": "bad" }"""));

        await Should.ThrowAsync<HappyHorseApiException>(fixture.Time.RunAsync(fixture.Client.GetStatusAsync(Task1)));
        fixture.Handler.Requests.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("7", 7)]
    [InlineData("86400", 60)] // a 24 h header is capped at RetryOptions.MaxRetryAfter
    [InlineData("0", 0)]
    public async Task Retry_After_in_seconds_is_honoured_but_capped(string header, double expected)
    {
        using var fixture = new Fixture((_, i) =>
        {
            if (i > 0) return Fixture.HappyHorse("IN_PROGRESS");
            var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            limited.Headers.TryAddWithoutValidation("Retry-After", header);
            return limited;
        });

        await fixture.Time.RunAsync(fixture.Client.GetStatusAsync(Task1));

        var sent = fixture.SentAt();
        (sent[1] - sent[0]).ShouldBe(expected, 0.001);
    }

    [Fact]
    public async Task Retry_After_as_a_date_is_honoured()
    {
        SteppingFakeTimeProvider? clock = null;
        using var fixture = new Fixture((_, i) =>
        {
            if (i > 0) return Fixture.HappyHorse("IN_PROGRESS");
            var limited = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            limited.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(clock!.GetUtcNow().AddSeconds(12));
            return limited;
        });
        clock = fixture.Time;

        await fixture.Time.RunAsync(fixture.Client.GetStatusAsync(Task1));

        (fixture.SentAt()[1] - fixture.SentAt()[0]).ShouldBe(12, 0.001);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task A_submit_that_may_have_reached_the_service_is_never_resent(HttpStatusCode status)
    {
        using var fixture = new Fixture((_, _) => new HttpResponseMessage(status));

        var error = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(HappyHorseVideo.TextToVideo("p"))));

        error.StatusCode.ShouldBe(status);
        error.Message.ShouldContain("the task may exist");
        fixture.Handler.Requests.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(HttpRequestError.ResponseEnded)]
    [InlineData(HttpRequestError.Unknown)]
    public async Task A_submit_whose_connection_broke_after_sending_is_never_resent(HttpRequestError broken)
    {
        using var fixture = new Fixture((_, _) => throw new HttpRequestException(broken));

        await Should.ThrowAsync<HappyHorseSubmitUncertainException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(HappyHorseVideo.TextToVideo("p"))));
        fixture.Handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_submit_that_timed_out_is_never_resent()
    {
        using var fixture = new Fixture((_, _) => throw new TaskCanceledException("The request timed out.", new TimeoutException()));

        await Should.ThrowAsync<HappyHorseSubmitUncertainException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(HappyHorseVideo.TextToVideo("p"))));
        fixture.Handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_submit_refused_with_429_or_before_connecting_is_retried()
    {
        using var fixture = new Fixture((_, i) => i switch
        {
            0 => new HttpResponseMessage(HttpStatusCode.TooManyRequests),
            1 => throw new HttpRequestException(HttpRequestError.ConnectionError),
            _ => ScriptedHandler.Json(HttpStatusCode.OK, """{ "code": 200, "message": "success", "data": { "task_id": "n92ok", "status": "IN_PROGRESS" } }"""),
        });

        var task = await fixture.Time.RunAsync(fixture.Client.SubmitAsync(HappyHorseVideo.TextToVideo("p")));

        task.TaskId.ShouldBe("n92ok");
        fixture.Handler.Requests.Count.ShouldBe(3);
        fixture.Handler.Requests.Select(r => r.Body).Distinct().Count().ShouldBe(1); // the same body each time
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, """{ "code": "INVALID_API_KEY", "message": "bad key" }""", typeof(HappyHorseAuthenticationException), "INVALID_API_KEY")]
    [InlineData(HttpStatusCode.PaymentRequired, """{ "code": 402, "message": "no credits" }""", typeof(HappyHorseInsufficientCreditsException), "INSUFFICIENT_CREDITS")]
    [InlineData(HttpStatusCode.BadRequest, """{ "code": "INVALID_DURATION", "message": "3-15" }""", typeof(HappyHorseApiException), "INVALID_DURATION")]
    [InlineData(HttpStatusCode.OK, """{ "code": 429, "message": "slow down" }""", typeof(HappyHorseApiException), "RATE_LIMITED")]
    public async Task Error_answers_become_typed_exceptions_with_the_api_code(HttpStatusCode status, string body, Type expected, string code)
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Json(status, body), o => o.Retry.MaxRetries = 0);

        var error = await Should.ThrowAsync<HappyHorseApiException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(HappyHorseVideo.TextToVideo("p"))));

        error.ShouldBeOfType(expected);
        error.ErrorCode.ShouldBe(code);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{ "code": 200, "data": { } }""")]
    [InlineData("[1, 2, 3]")]
    public async Task A_submit_answered_2xx_without_a_readable_task_id_is_uncertain_with_a_snippet(string body)
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Json(HttpStatusCode.OK, body));

        var error = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(HappyHorseVideo.TextToVideo("p"))));

        error.ResponseSnippet.ShouldNotBeNull();
        error.Message.ShouldContain(body[..5]);
        error.StatusCode.ShouldBe(HttpStatusCode.OK);
        fixture.Handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_failed_task_is_an_exception_with_the_services_text()
    {
        using var fixture = new Fixture((_, _) => Fixture.HappyHorse("FAILED"), o => o.PollSchedule = Fixture.WithoutJitter(HappyHorseProfiles.HappyHorseApp.Schedule));

        var error = await Should.ThrowAsync<HappyHorseTaskFailedException>(fixture.Time.RunAsync(fixture.Client.WaitForCompletionAsync(Task1)));

        error.Status.ShouldBe(GenerationStatus.Failed);
        error.FailureMessage.ShouldBe("content policy");
    }

    [Fact]
    public async Task A_response_larger_than_the_cap_is_refused()
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Json(HttpStatusCode.OK, new string(' ', 5000) + "{}"), o => o.MaxResponseBytes = 1000);

        var error = await Should.ThrowAsync<HappyHorseProtocolException>(fixture.Time.RunAsync(fixture.Client.GetStatusAsync(Task1)));

        error.Message.ShouldContain("exceeds MaxResponseBytes (1000 bytes)");
    }
}
