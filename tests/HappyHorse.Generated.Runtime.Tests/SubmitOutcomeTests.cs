using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated.Http;
using HappyHorse.Generated.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HappyHorse.Generated.Runtime.Tests;

/// <summary>Every way a submit can end: its task, a refusal, or uncertainty that carries what a person needs to reconcile.</summary>
public class SubmitOutcomeTests
{
    private static HappyHorseVideo.TextToVideoRequest Request() => HappyHorseVideo.TextToVideo("an eagle at sunset");

    [Fact]
    public async Task An_uncertain_submit_carries_the_request_id_header_the_time_sent_and_the_body_fingerprint()
    {
        using var fixture = new Fixture((_, _) =>
        {
            var answer = new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("502 Bad Gateway") };
            answer.Headers.Add("X-Request-Id", "req-7f3");
            return answer;
        });

        var error = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(Request())));

        error.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        error.RequestId.ShouldBe("req-7f3");
        error.SentAt.ShouldBe(fixture.Started);
        var sent = fixture.Handler.Requests.ShouldHaveSingleItem();
        error.BodyFingerprint.ShouldBe(HappyHorseSubmitUncertainException.FingerprintOf(Encoding.UTF8.GetBytes(sent.Body!)));
        error.BodyFingerprint.ShouldMatch("^sha256:[0-9a-f]{64}$");
        error.Operation.ShouldBe(HappyHorseVideo.TextToVideoRequest.Info);
        error.Message.ShouldContain("req-7f3");
        error.Message.ShouldContain(error.BodyFingerprint);
    }

    [Fact]
    public async Task The_same_request_always_has_the_same_fingerprint()
    {
        using var fixture = new Fixture((_, _) => new HttpResponseMessage(HttpStatusCode.InternalServerError));

        var first = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(Request())));
        var second = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(Request())));
        var other = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(HappyHorseVideo.TextToVideo("another"))));

        second.BodyFingerprint.ShouldBe(first.BodyFingerprint);
        other.BodyFingerprint.ShouldNotBe(first.BodyFingerprint);
    }

    [Fact]
    public async Task An_uncertain_submit_carries_the_request_id_from_the_body()
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Json(HttpStatusCode.InternalServerError, """{ "code": 500, "message": "busy", "request_id": "rq-body-1" }"""));

        var error = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(Request())));

        error.RequestId.ShouldBe("rq-body-1");
        error.ResponseSnippet!.ShouldContain("busy");
    }

    [Fact]
    public async Task A_submit_answer_cut_mid_body_is_uncertain_and_not_resent()
    {
        var body = Encoding.UTF8.GetBytes("""{ "code": 200, "message": "success", "data": { "task_id": "n92cut", "status": "IN_PROGRESS" } }""");
        using var fixture = new Fixture((_, _) => ScriptedHandler.Streamed(HttpStatusCode.OK, new FaultyBody(body, 20, FaultyBody.Failure.Drop), body.Length));

        var error = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(Request())));

        error.InnerException.ShouldNotBeNull();
        fixture.Handler.Requests.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/../../admin")]
    public async Task A_task_id_that_would_change_the_status_path_is_never_used(string taskId)
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Json(HttpStatusCode.OK, $$"""{ "output": { "task_id": "{{taskId}}", "task_status": "PENDING" }, "request_id": "r1" }"""));
        var request = HappyHorseVideoEditDashScope.VideoEdit("p", [new(HappyHorseVideoEditDashScope.MediaType.Video, "https://example.com/v.mp4")]);

        var error = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(request)));

        error.Message.ShouldContain("would change the status path");
        error.RequestId.ShouldBe("r1");
        fixture.Handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_submit_with_no_answer_within_the_request_timeout_is_uncertain_not_a_cancellation()
    {
        using var fixture = new Fixture((_, _, token) => ScriptedHandler.Hang(token), o => o.RequestTimeout = TimeSpan.FromSeconds(10));

        var error = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(Request())));

        error.Reason.ShouldContain("no complete answer within 10 s");
        fixture.Time.Elapsed(fixture.Started).ShouldBe(TimeSpan.FromSeconds(10));
        fixture.Handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_submit_answer_sent_one_byte_per_second_is_cut_at_the_request_timeout()
    {
        var body = Encoding.UTF8.GetBytes("""{ "code": 200, "message": "success", "data": { "task_id": "n92slow", "status": "IN_PROGRESS" } }""");
        Fixture? owner = null;
        using var slow = new Fixture(
            (_, _) => ScriptedHandler.Streamed(HttpStatusCode.OK, new FaultyBody(body, 0, FaultyBody.Failure.Trickle, owner!.Time, TimeSpan.FromSeconds(1)), body.Length),
            o => o.RequestTimeout = TimeSpan.FromSeconds(15));
        owner = slow;

        var error = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(slow.Time.RunAsync(slow.Client.SubmitAsync(Request())));

        error.Reason.ShouldContain("no complete answer");
        slow.Time.Elapsed(slow.Started).ShouldBe(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task The_callers_cancellation_after_the_body_was_sent_is_uncertain()
    {
        using var fixture = new Fixture((_, _, token) => ScriptedHandler.Hang(token));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2), fixture.Time);

        var error = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(Request(), cancel.Token)));

        error.Reason.ShouldContain("canceled by the caller after sending");
        fixture.Handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_callers_cancellation_before_sending_is_a_plain_cancellation()
    {
        using var fixture = new Fixture((_, _) => Fixture.Accepted());
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var error = await Should.ThrowAsync<OperationCanceledException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(Request(), cancel.Token)));

        error.ShouldNotBeAssignableTo<HappyHorseException>();
        fixture.Handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_refused_connection_is_retried_and_then_a_connection_error_since_nothing_was_sent()
    {
        using var fixture = new Fixture(
            (_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (api.test:443)"),
            o => o.Retry.MaxRetries = 2);

        var error = await Should.ThrowAsync<HappyHorseConnectionException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(Request())));

        error.InnerException.ShouldBeOfType<HttpRequestException>();
        fixture.Handler.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_retry_handler_on_a_callers_own_HttpClient_cannot_send_a_submit_twice()
    {
        var time = new SteppingFakeTimeProvider();
        var service = new ScriptedHandler(time, (_, _) => new HttpResponseMessage(HttpStatusCode.InternalServerError));
        using var http = new HttpClient(new NaiveRetryHandler(service, attempts: 4));
        using var client = new HappyHorseClient(new HappyHorseClientOptions { ApiKey = Fixture.Key, BaseUrl = Fixture.Service }, http, null, time);

        var error = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(time.RunAsync(client.SubmitAsync(Request())));

        service.Requests.Count.ShouldBe(1);
        error.Reason.ShouldContain("tried to send it again");
    }

    /// <summary>
    /// Each step waits on a signal, not on timing: the service holds the first copy's answer until the hedging handler
    /// has tried its second copy, and only then does virtual time move. (It once let a clock jump from timer to timer
    /// once the work looked idle for a few real milliseconds; under load, the service's 3 s delay timer was sometimes
    /// made after the clock had already jumped to the 30 s request timeout, and the submit ended uncertain.)
    /// </summary>
    [Fact]
    public async Task A_hedging_handler_cannot_send_a_second_copy_while_the_first_is_in_flight()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        var answer = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = new ScriptedHandler(time, (_, _, _) => answer.Task);
        var hedging = new HedgingHandler(new SubmitGuardHandler(service));
        using var http = new HttpClient(hedging);
        using var client = new HappyHorseClient(new HappyHorseClientOptions { ApiKey = Fixture.Key, BaseUrl = Fixture.Service }, http, null, time);

        var submit = client.SubmitAsync(Request());
        await hedging.BothCopiesTried;       // the second copy was tried while the first waits for its answer
        time.Advance(TimeSpan.FromSeconds(3)); // in flight for 3 s, within its 30 s
        answer.SetResult(Fixture.Accepted("n92hedged"));
        var task = await submit;

        task.TaskId.ShouldBe("n92hedged");
        service.Requests.Count.ShouldBe(1);
        hedging.SecondCopy!.IsFaulted.ShouldBeTrue();
    }

    [Fact]
    public async Task A_retried_copy_that_cannot_connect_does_not_make_the_first_copy_safe_to_send_again()
    {
        var time = new SteppingFakeTimeProvider();
        var service = new ScriptedHandler(time, (_, i) => i == 0
            ? new HttpResponseMessage(HttpStatusCode.BadGateway)
            : throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));
        using var http = new HttpClient(new ResendAnywayHandler(service));
        using var client = new HappyHorseClient(new HappyHorseClientOptions { ApiKey = Fixture.Key, BaseUrl = Fixture.Service }, http, null, time);

        await Should.ThrowAsync<HappyHorseSubmitUncertainException>(time.RunAsync(client.SubmitAsync(Request())));

        service.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_callers_cancellation_while_waiting_out_a_429_is_a_plain_cancellation()
    {
        using var fixture = new Fixture((_, _) =>
        {
            var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            limited.Headers.TryAddWithoutValidation("Retry-After", "30");
            return limited;
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10), fixture.Time);

        var error = await Should.ThrowAsync<OperationCanceledException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(Request(), cancel.Token)));

        error.ShouldNotBeAssignableTo<HappyHorseException>();
        fixture.Handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task With_the_standard_resilience_handler_a_submit_answered_500_is_sent_once()
    {
        var time = new SteppingFakeTimeProvider();
        var service = new ScriptedHandler(time, (_, _) => ScriptedHandler.Json(HttpStatusCode.InternalServerError, """{ "code": 500, "message": "oops" }"""));
        using var provider = Services(time, service);
        var client = provider.GetRequiredService<HappyHorseClient>();

        var error = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(time.RunAsync(client.GenerateAsync(Request())));

        service.Requests.Count(r => r.Method == HttpMethod.Post).ShouldBe(1);
        error.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        error.Message.ShouldContain("not re-sent");
    }

    [Fact]
    public async Task With_the_standard_resilience_handler_a_submit_refused_with_429_may_go_again()
    {
        var time = new SteppingFakeTimeProvider();
        var service = new ScriptedHandler(time, (_, i) => i == 0 ? new HttpResponseMessage(HttpStatusCode.TooManyRequests) : Fixture.Accepted("n92again"));
        using var provider = Services(time, service);
        var client = provider.GetRequiredService<HappyHorseClient>();

        var task = await time.RunAsync(client.SubmitAsync(Request()));

        task.TaskId.ShouldBe("n92again");
        service.Requests.Count.ShouldBe(2);
    }

    private static ServiceProvider Services(SteppingFakeTimeProvider time, HttpMessageHandler service)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddHappyHorse(o =>
            {
                o.ApiKey = Fixture.Key;
                o.BaseUrl = Fixture.Service;
            })
            .ConfigurePrimaryHttpMessageHandler(() => service)
            .AddStandardResilienceHandler();
        return services.BuildServiceProvider();
    }

    /// <summary>Sends the same request twice at once and keeps the first success, as a hedging strategy does.</summary>
    private sealed class HedgingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly TaskCompletionSource _bothCopiesTried = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes once both copies have gone to the inner handler.</summary>
        public Task BothCopiesTried => _bothCopiesTried.Task;

        public Task<HttpResponseMessage>? SecondCopy { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var copies = new[] { base.SendAsync(request, cancellationToken), base.SendAsync(request, cancellationToken) };
            SecondCopy = copies[1];
            _bothCopiesTried.TrySetResult();
            foreach (var copy in copies)
            {
                try
                {
                    return await copy;
                }
                catch (Exception) when (copy != copies[^1])
                {
                }
            }

            throw new InvalidOperationException("unreachable");
        }
    }

    /// <summary>Re-sends once whatever the answer, letting the second copy's failure stand.</summary>
    private sealed class ResendAnywayHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            (await base.SendAsync(request, cancellationToken)).Dispose();
            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Re-sends the same request on a 5xx, as many hand-written retry handlers do.</summary>
    private sealed class NaiveRetryHandler(HttpMessageHandler inner, int attempts) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            for (var i = 1; ; i++)
            {
                try
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    if ((int)response.StatusCode < 500 || i == attempts) return response;
                }
                catch (HttpRequestException) when (i < attempts)
                {
                }
            }
        }
    }
}
