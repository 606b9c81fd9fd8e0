using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated.Http;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;
using Xunit;

namespace HappyHorse.Generated.Runtime.Tests;

/// <summary>Each transport policy alone, with a scripted policy after it standing for the rest of the pipeline.</summary>
public sealed class PolicyTests
{
    private static readonly ProtocolProfile Profile = HappyHorseVideo.TextToVideoRequest.Info.Profile;
    private static readonly KeyScrubber Scrubber = new(Fixture.Key);

    [Fact]
    public async Task Key_auth_puts_the_key_where_the_profile_says_and_sends_nothing_without_one()
    {
        using var bearer = Message(ServiceCallKind.Status);
        await Run(new KeyAuthPolicy(Fixture.Key), bearer, _ => default);
        bearer.Request.Headers.Authorization!.ToString().ShouldBe("Bearer " + Fixture.Key);

        var header = new ProtocolProfile
        {
            Id = "header-key", Submit = Profile.Submit, Poll = Profile.Poll, TaskIdPaths = Profile.TaskIdPaths, Status = Profile.Status,
            Result = Profile.Result, Error = Profile.Error, Schedule = Profile.Schedule, Auth = new AuthSpec("x-goog-api-key", string.Empty),
        };
        using var custom = new ServiceMessage(ServiceCallKind.Status, header, "Status", _ => new HttpRequestMessage(HttpMethod.Get, Fixture.Service));
        await Run(new KeyAuthPolicy(Fixture.Key), custom, _ => default);
        custom.Request.Headers.GetValues("x-goog-api-key").ShouldBe([Fixture.Key]);
        custom.Request.Headers.Authorization.ShouldBeNull();

        var reached = false;
        using var keyless = Message(ServiceCallKind.Status);
        await Should.ThrowAsync<HappyHorseNotSentException>(() => Run(new KeyAuthPolicy(null), keyless, _ => { reached = true; return default; }));
        reached.ShouldBeFalse();
    }

    [Fact]
    public async Task Bounded_body_refuses_an_answer_over_the_limit_and_reads_one_within_it()
    {
        var options = new HappyHorseClientOptions { MaxResponseBytes = 16 };
        var time = new SteppingFakeTimeProvider();
        using var small = new HttpClient(new ScriptedHandler(time, (_, _) => ScriptedHandler.Json(HttpStatusCode.OK, """{"a":1}""")));
        using var ok = Message(ServiceCallKind.Status);
        await Run(new BoundedBodyPolicy(small, options, time), ok, null);
        ok.Answer!.Status.ShouldBe(200);
        Encoding.UTF8.GetString(ok.Answer.Body).ShouldBe("""{"a":1}""");

        using var large = new HttpClient(new ScriptedHandler(time, (_, _) => ScriptedHandler.Streamed(HttpStatusCode.OK, new MemoryStream(new byte[64]))));
        using var tooLarge = Message(ServiceCallKind.Status);
        var e = await Should.ThrowAsync<HappyHorseProtocolException>(() => Run(new BoundedBodyPolicy(large, options, time), tooLarge, null));
        e.Message.ShouldContain("MaxResponseBytes");
        e.Retryable.ShouldBeFalse();
    }

    [Fact]
    public async Task Error_mapping_reads_success_refuses_errors_and_marks_transient_answers()
    {
        var mapping = new ErrorMappingPolicy(new AnswerReader(Scrubber), Scrubber);
        using var ok = Message(ServiceCallKind.Status, read: root => root.GetProperty("v").GetInt32());
        await Run(mapping, ok, Answer(200, """{"v":7}"""));
        ok.Value.ShouldBe(7);

        using var denied = Message(ServiceCallKind.Status);
        await Should.ThrowAsync<HappyHorseAuthenticationException>(() => Run(mapping, denied, Answer(401, """{"message":"bad key"}""")));

        using var busy = Message(ServiceCallKind.Status);
        (await Should.ThrowAsync<TransientAnswerException>(() => Run(mapping, busy, Answer(503, "{}")))).Status.ShouldBe(503);

        using var notJson = Message(ServiceCallKind.Status);
        (await Should.ThrowAsync<HappyHorseProtocolException>(() => Run(mapping, notJson, Answer(200, "<html>")))).Retryable.ShouldBeTrue();

        // A submit's 5xx is the submit's to judge (it may have been taken); only 429 is a refusal to retry.
        using var submit = Message(ServiceCallKind.Submit);
        await Run(mapping, submit, Answer(500, "{}"));
        submit.Answer!.Status.ShouldBe(500);
        using var refused = Message(ServiceCallKind.Submit);
        await Should.ThrowAsync<TransientAnswerException>(() => Run(mapping, refused, Answer(429, "{}")));
    }

    [Fact]
    public async Task Retry_repeats_a_safe_call_after_Retry_After_and_never_a_submit_that_may_have_arrived()
    {
        var time = new SteppingFakeTimeProvider();
        var retry = new RetryPolicy(new RetryOptions(), NullLogger.Instance, time);
        var started = time.GetUtcNow();
        var attempts = 0;
        DateTimeOffset second = default;
        using var status = Message(ServiceCallKind.Status);
        await Drive(time, Run(retry, status, _ =>
        {
            if (++attempts == 1) throw new TransientAnswerException(503, TimeSpan.FromSeconds(7), null);
            second = time.GetUtcNow();
            return default;
        }));
        attempts.ShouldBe(2);
        (second - started).ShouldBe(TimeSpan.FromSeconds(7));

        var sends = 0;
        using var submit = Message(ServiceCallKind.Submit);
        await Should.ThrowAsync<IOException>(() => Drive(time, Run(retry, submit, _ => { sends++; throw new IOException("connection reset"); })));
        sends.ShouldBe(1);
    }

    [Fact]
    public async Task Request_timeout_ends_a_hanging_attempt_as_a_timeout_not_a_cancellation()
    {
        var time = new SteppingFakeTimeProvider();
        var policy = new RequestTimeoutPolicy(TimeSpan.FromSeconds(30), time);
        var started = time.GetUtcNow();
        using var message = Message(ServiceCallKind.Status);
        await Should.ThrowAsync<RequestTimedOutException>(() => Drive(time, Run(policy, message, m => new ValueTask(Task.Delay(Timeout.Infinite, m.CancellationToken)))));
        (time.GetUtcNow() - started).ShouldBe(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Pacing_spaces_status_requests_of_one_dialect_but_not_cancels()
    {
        var time = new SteppingFakeTimeProvider();
        var paced = new ProtocolProfile
        {
            Id = "paced", Submit = Profile.Submit, Poll = Profile.Poll, TaskIdPaths = Profile.TaskIdPaths, Status = Profile.Status,
            Result = Profile.Result, Error = Profile.Error, Schedule = Profile.Schedule with { MaxRequestsPerSecond = 0.5 },
        };
        var policy = new PacingPolicy(time);
        var started = time.GetUtcNow();
        var at = new TimeSpan[3];
        for (var i = 0; i < 2; i++)
        {
            using var status = new ServiceMessage(ServiceCallKind.Status, paced, "Status", _ => new HttpRequestMessage());
            var n = i;
            await Drive(time, Run(policy, status, _ => { at[n] = time.GetUtcNow() - started; return default; }));
        }

        using var cancel = new ServiceMessage(ServiceCallKind.Cancel, paced, "Cancel", _ => new HttpRequestMessage());
        await Run(policy, cancel, _ => { at[2] = time.GetUtcNow() - started; return default; });
        at.ShouldBe([TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)]);
    }

    [Fact]
    public async Task Submit_once_gives_each_attempt_its_own_guard_and_a_failure_after_sending_is_not_a_connection_failure()
    {
        var time = new SteppingFakeTimeProvider();
        var policy = new SubmitOncePolicy(time);
        using var message = Message(ServiceCallKind.Submit);
        var e = await Should.ThrowAsync<MayHaveArrivedException>(() => Run(policy, message, m =>
        {
            m.Attempt!.TryStartBody().ShouldBeTrue();
            throw new HttpRequestException(HttpRequestError.ConnectionError, "refused");
        }));
        e.InnerException.ShouldBeOfType<HttpRequestException>();

        using var query = Message(ServiceCallKind.Status);
        await Run(policy, query, _ => default);
        query.Attempt.ShouldBeNull();
    }

    /// <summary>Moves the fake clock from timer to timer until <paramref name="work"/> ends, then gives its outcome.</summary>
    private static async Task Drive(SteppingFakeTimeProvider time, Task work)
    {
        await time.RunAsync(work);
        await work;
    }

    private static ServiceMessage Message(ServiceCallKind kind, Func<System.Text.Json.JsonElement, object?>? read = null) =>
        new(kind, Profile, kind.ToString(), _ => new HttpRequestMessage(HttpMethod.Get, Fixture.Service)) { Read = read };

    private static Func<ServiceMessage, ValueTask> Answer(int status, string body) => m =>
    {
        m.Answer = ServiceAnswer.Read(Profile, (HttpStatusCode)status, null, Encoding.UTF8.GetBytes(body), null);
        return default;
    };

    private static Task Run(ServicePolicy policy, ServiceMessage message, Func<ServiceMessage, ValueTask>? rest) =>
        policy.ProcessAsync(message, rest is null ? ReadOnlyMemory<ServicePolicy>.Empty : new ServicePolicy[] { new Scripted(rest) }).AsTask();

    private sealed class Scripted(Func<ServiceMessage, ValueTask> answer) : ServicePolicy
    {
        public override ValueTask ProcessAsync(ServiceMessage message, ReadOnlyMemory<ServicePolicy> next) => answer(message);
    }
}
