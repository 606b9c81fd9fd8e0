using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated.Runtime.Tests;

/// <summary>Once a task id is known, every outcome of waiting carries the task; the wait deadline is a real bound.</summary>
public class WaitOutcomeTests
{
    private static readonly PollSchedule Schedule = new(TimeSpan.FromSeconds(2), TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10)) { Jitter = 0 };

    public enum StatusFault
    {
        MalformedBody,
        NoStatusWord,
        ServerError,
        ConnectionRefused,
        NoAnswer,
        SuccessWithoutResult,
    }

    [Theory]
    [InlineData(StatusFault.MalformedBody, typeof(HappyHorseProtocolException))]
    [InlineData(StatusFault.NoStatusWord, typeof(HappyHorseProtocolException))]
    [InlineData(StatusFault.ServerError, typeof(HappyHorseApiException))]
    [InlineData(StatusFault.ConnectionRefused, typeof(HappyHorseConnectionException))]
    [InlineData(StatusFault.NoAnswer, typeof(HappyHorseTimeoutException))]
    [InlineData(StatusFault.SuccessWithoutResult, typeof(HappyHorseProtocolException))]
    public async Task Every_error_while_waiting_carries_the_paid_task_after_the_status_retries(StatusFault fault, Type expected)
    {
        using var fixture = new Fixture(
            (_, i, token) => i == 0 ? Task.FromResult(Fixture.Accepted("n92paid")) : Answer(fault, token),
            o =>
            {
                o.PollSchedule = Schedule;
                o.Retry.MaxRetries = 2;
                o.RequestTimeout = TimeSpan.FromSeconds(5);
            });

        var error = await Should.ThrowAsync<HappyHorseException>(fixture.Time.RunAsync(fixture.Client.GenerateAsync(HappyHorseVideo.TextToVideo("p"))));

        error.ShouldBeOfType(expected);
        error.Task.ShouldNotBeNull().TaskId.ShouldBe("n92paid");
        // The submit, then a status query and its two retries; a success without a result would say the same again, so it ends at once.
        fixture.Handler.Requests.Count.ShouldBe(fault == StatusFault.SuccessWithoutResult ? 1 + 1 : 1 + 3);
        if (fault == StatusFault.NoAnswer) error.ShouldBeOfType<HappyHorseTimeoutException>().Timeout.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_malformed_status_answer_is_retried_like_a_server_error()
    {
        using var fixture = new Fixture((_, i) => i == 0 ? ScriptedHandler.Json(HttpStatusCode.OK, """{ "code": 200, "data": { "task_id": """) : Fixture.HappyHorse("IN_PROGRESS"));

        var update = await fixture.Time.RunAsync(fixture.Client.GetStatusAsync(new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", Fixture.Service)));

        update.RawStatus.ShouldBe("IN_PROGRESS");
        fixture.Handler.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_long_Retry_After_does_not_stretch_the_wait_past_its_deadline()
    {
        using var fixture = new Fixture(
            (_, i) =>
            {
                if (i == 0) return Fixture.Accepted();
                var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
                limited.Headers.TryAddWithoutValidation("Retry-After", "86400");
                return limited;
            },
            o => o.PollSchedule = new PollSchedule(TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8)) { Jitter = 0 });
        var task = await fixture.Time.RunAsync(fixture.Client.SubmitAsync(HappyHorseVideo.TextToVideo("p")));

        var error = await Should.ThrowAsync<HappyHorseWaitTimeoutException>(fixture.Time.RunAsync(fixture.Client.WaitForCompletionAsync(task)));

        error.Waited.ShouldBe(TimeSpan.FromSeconds(8));
        fixture.Time.Elapsed(fixture.Started).ShouldBe(TimeSpan.FromSeconds(8));
        error.Task.ShouldBe(task);
    }

    [Fact]
    public async Task A_status_request_in_flight_at_the_deadline_is_cut_at_the_deadline()
    {
        using var fixture = new Fixture(
            (_, i, token) => i == 0 ? Task.FromResult(Fixture.Accepted()) : ScriptedHandler.Hang(token),
            o =>
            {
                o.PollSchedule = new PollSchedule(TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8)) { Jitter = 0 };
                o.RequestTimeout = TimeSpan.FromSeconds(30);
            });

        var error = await Should.ThrowAsync<HappyHorseWaitTimeoutException>(fixture.Time.RunAsync(fixture.Client.GenerateAsync(HappyHorseVideo.TextToVideo("p"))));

        error.Waited.ShouldBe(TimeSpan.FromSeconds(8));
        error.Task.TaskId.ShouldBe("n92task");
    }

    [Fact]
    public async Task The_callers_cancellation_while_waiting_stays_a_plain_cancellation()
    {
        using var fixture = new Fixture((_, i) => i == 0 ? Fixture.Accepted() : Fixture.HappyHorse("IN_PROGRESS"), o => o.PollSchedule = Schedule);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5), fixture.Time);

        var error = await Should.ThrowAsync<OperationCanceledException>(fixture.Time.RunAsync(fixture.Client.GenerateAsync(HappyHorseVideo.TextToVideo("p"), null, cancel.Token)));

        error.ShouldNotBeAssignableTo<HappyHorseException>();
        error.CancellationToken.ShouldBe(cancel.Token);
    }

    [Fact]
    public async Task Cancel_on_a_dialect_without_one_is_refused_with_the_task()
    {
        using var fixture = new Fixture((_, _) => Fixture.Accepted());
        var task = new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", Fixture.Service);

        var error = await Should.ThrowAsync<HappyHorseNotSentException>(fixture.Client.CancelAsync(task));

        error.Task.ShouldBe(task);
        fixture.Handler.Requests.ShouldBeEmpty();
    }

    private static Task<HttpResponseMessage> Answer(StatusFault fault, CancellationToken token) => fault switch
    {
        StatusFault.MalformedBody => Task.FromResult(ScriptedHandler.Json(HttpStatusCode.OK, "{ \"code\": 200, \"data\": ")),
        StatusFault.NoStatusWord => Task.FromResult(ScriptedHandler.Json(HttpStatusCode.OK, """{ "code": 200, "message": "success", "data": { "task_id": "n92paid" } }""")),
        StatusFault.ServerError => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)),
        StatusFault.ConnectionRefused => Task.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")),
        StatusFault.NoAnswer => ScriptedHandler.Hang(token),
        StatusFault.SuccessWithoutResult => Task.FromResult(Fixture.HappyHorse("SUCCESS")),
        _ => throw new ArgumentOutOfRangeException(nameof(fault)),
    };
}
