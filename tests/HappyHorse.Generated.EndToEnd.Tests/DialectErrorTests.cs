using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Emulator.Examples;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>Each dialect's error answers, as the emulator sends them, reach the client as the right typed exception.</summary>
public sealed class DialectErrorTests
{
    // One operation per dialect whose documented example has a required prompt to take away.
    internal static readonly (string Profile, string Model, string Operation)[] Representatives =
    [
        ("happyhorse-app", "happyhorse-1.0/video", "text-to-video"),
        ("dashscope", "happyhorse-1.0-video-edit", "video-edit"),
        ("gateway-images", "gpt-image-2", "text-to-image"),
        ("gateway-videos", "kling-video", "text-to-video"),
        ("gateway-videos-grok", "grok-imagine-video", "text-to-video"),
        ("gateway-videos-notevideo", "omni_flash", "text-to-video"),
    ];

    public static TheoryData<string> Dialects => new(Representatives.Select(r => r.Profile));

    [Theory]
    [InlineData("happyhorse-app", "INVALID_API_KEY")]
    [InlineData("dashscope", "InvalidApiKey")]
    [InlineData("gateway-images", "invalid_api_key")]
    [InlineData("gateway-videos", "invalid_api_key")]
    [InlineData("gateway-videos-grok", "invalid_api_key")]
    [InlineData("gateway-videos-notevideo", "invalid_api_key")]
    public async Task A_wrong_key_is_an_authentication_exception_with_the_dialect_code(string profileId, string code)
    {
        await using var emulator = await HappyHorseEmulator.StartAsync(TestSupport.QuickOptions());
        using var client = TestSupport.ClientFor(emulator, apiKey: "wrong-secret-key");

        var exception = await Should.ThrowAsync<HappyHorseAuthenticationException>(() => client.SubmitAsync(Example(profileId)));

        exception.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        exception.ErrorCode.ShouldBe(code);
        exception.ToString().ShouldNotContain("wrong-secret-key");
        emulator.Tasks.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_submit_status_and_cancel_route_answers_401_without_a_key()
    {
        await using var emulator = await HappyHorseEmulator.StartAsync(TestSupport.QuickOptions());
        using var anonymous = TestSupport.HttpFor(emulator, apiKey: null);
        var routes = HappyHorseCatalog.Operations
            .SelectMany(o => new[] { (o.Profile.Submit.Method, o.SubmitPath), (o.Profile.Poll.Method, o.Profile.Poll.PathFor("some-task")) }
                .Concat(o.Profile.Cancel is { } cancel ? [(cancel.Method, cancel.PathFor("some-task"))] : []))
            .Distinct()
            .ToList();

        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
            using var response = await anonymous.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {path}");
        }

        routes.Count.ShouldBe(13); // 6 submit paths (grok and notevideo share one), 6 status paths, 1 cancel path
        emulator.Requests.ShouldAllBe(r => !r.Authorized);
    }

    [Theory]
    [InlineData("happyhorse-app", "INSUFFICIENT_CREDITS")]
    [InlineData("dashscope", "Arrearage")]
    [InlineData("gateway-images", "insufficient_quota")]
    [InlineData("gateway-videos", "insufficient_quota")]
    [InlineData("gateway-videos-grok", "insufficient_quota")]
    [InlineData("gateway-videos-notevideo", "insufficient_quota")]
    public async Task A_spent_credit_budget_is_an_insufficient_credits_exception_with_the_dialect_code(string profileId, string code)
    {
        var options = TestSupport.QuickOptions();
        options.CreditBudget = 4; // less than one image (5) or one second of video (10)
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        using var client = TestSupport.ClientFor(emulator);

        var exception = await Should.ThrowAsync<HappyHorseInsufficientCreditsException>(() => client.SubmitAsync(Example(profileId)));

        exception.StatusCode.ShouldBe(HttpStatusCode.PaymentRequired);
        exception.ErrorCode.ShouldBe(code);
        emulator.CreditsRemaining.ShouldBe(4);
        emulator.Tasks.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("happyhorse-app", "INVALID_PROMPT")]
    [InlineData("dashscope", "InvalidParameter")]
    [InlineData("gateway-images", "invalid_request_error")]
    [InlineData("gateway-videos", "invalid_request_error")]
    [InlineData("gateway-videos-grok", "invalid_request_error")]
    [InlineData("gateway-videos-notevideo", "invalid_request_error")]
    public async Task A_body_without_its_prompt_is_a_400_api_exception_with_the_dialect_code(string profileId, string code)
    {
        await using var emulator = await HappyHorseEmulator.StartAsync(TestSupport.QuickOptions());
        using var client = TestSupport.ClientFor(emulator);
        var (operation, body) = Representative(profileId);

        var exception = await Should.ThrowAsync<HappyHorseApiException>(() => client.SubmitAsync(new RawRequest(operation, body.Without("prompt"))));

        exception.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        exception.ErrorCode.ShouldBe(code);
        exception.Message.ShouldContain("prompt is required");
        if (profileId == "dashscope") exception.RequestId.ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("happyhorse-app", "INVALID_MODEL")]
    [InlineData("dashscope", "InvalidParameter")]
    [InlineData("gateway-images", "model_not_found")]
    [InlineData("gateway-videos", "model_not_found")]
    [InlineData("gateway-videos-grok", "model_not_found")]
    [InlineData("gateway-videos-notevideo", "model_not_found")]
    public async Task An_unknown_model_is_a_400_api_exception_with_the_dialect_code(string profileId, string code)
    {
        await using var emulator = await HappyHorseEmulator.StartAsync(TestSupport.QuickOptions());
        using var client = TestSupport.ClientFor(emulator);
        var (operation, body) = Representative(profileId);
        body["model"] = "no-such-model";

        var exception = await Should.ThrowAsync<HappyHorseApiException>(() => client.SubmitAsync(new RawRequest(operation, body)));

        exception.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        exception.ErrorCode.ShouldBe(code);
        exception.Message.ShouldContain("no-such-model");
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task A_failed_task_is_a_task_failed_exception_carrying_the_failure_text(string profileId)
    {
        var options = TestSupport.QuickOptions();
        options.FailureRate = 1;
        options.FailureMessage = "Content moderation rejected the prompt.";
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        using var client = TestSupport.ClientFor(emulator);

        var exception = await Should.ThrowAsync<HappyHorseTaskFailedException>(() => client.GenerateAsync(Example(profileId)));

        exception.Status.ShouldBe(GenerationStatus.Failed);
        exception.FailureMessage.ShouldBe("Content moderation rejected the prompt.");
        exception.Task.Operation.Profile.Id.ShouldBe(profileId);
    }

    [Theory]
    [InlineData("happyhorse-app", "RATE_LIMITED")]
    [InlineData("dashscope", "Throttling")]
    [InlineData("gateway-images", "rate_limit_exceeded")]
    [InlineData("gateway-videos", "rate_limit_exceeded")]
    [InlineData("gateway-videos-grok", "rate_limit_exceeded")]
    [InlineData("gateway-videos-notevideo", "rate_limit_exceeded")]
    public async Task An_injected_rate_limit_is_a_429_api_exception_with_the_dialect_code(string profileId, string code)
    {
        var options = TestSupport.QuickOptions();
        options.Faults.Add(new FaultRule { RateLimitRate = 1 });
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        using var client = TestSupport.ClientFor(emulator);

        var exception = await Should.ThrowAsync<HappyHorseApiException>(() => client.SubmitAsync(Example(profileId)));

        exception.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        exception.ErrorCode.ShouldBe(code);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task A_malformed_submit_answer_is_uncertain_and_names_the_body_of_the_task_it_created(string profileId)
    {
        var example = Example(profileId);
        var options = TestSupport.QuickOptions();
        options.Faults.Add(new FaultRule { PathPrefix = example.Operation.SubmitPath, Method = "POST", MalformedJsonRate = 1 });
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        using var client = TestSupport.ClientFor(emulator);

        var exception = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(() => client.SubmitAsync(example));

        exception.Message.ShouldContain("not JSON");
        var submit = emulator.Requests.Single();
        submit.InjectedFault.ShouldBe(FaultKind.MalformedJson);
        submit.CreatedTaskId.ShouldBe(emulator.Tasks.Single().Id); // the task exists and was charged…
        exception.BodyFingerprint.ShouldBe(HappyHorseSubmitUncertainException.FingerprintOf(System.Text.Encoding.UTF8.GetBytes(submit.Body))); // …and the exception names its body
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task A_status_answer_that_stays_malformed_is_a_protocol_exception_carrying_the_task(string profileId)
    {
        var options = TestSupport.QuickOptions();
        options.Faults.Add(new FaultRule { Method = "GET", MalformedJsonRate = 1 });
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        using var client = new HappyHorseClient(new HappyHorseClientOptions
        {
            BaseUrl = emulator.BaseAddress,
            ApiKey = TestSupport.ApiKey,
            PollSchedule = TestSupport.Fast,
            Retry = { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(10) },
        });
        var task = await client.SubmitAsync(Example(profileId));

        var error = await Should.ThrowAsync<HappyHorseProtocolException>(() => client.WaitForCompletionAsync(task));

        error.Task.ShouldBe(task);
        emulator.Requests.Count(r => r.Method == "GET").ShouldBe(3); // retried like a server error, within the same budget
    }

    internal static (OperationInfo Operation, JsonObject Body) Representative(string profileId)
    {
        var (_, modelId, operationId) = Representatives.Single(r => r.Profile == profileId);
        var operation = HappyHorseCatalog.Operations.Single(o => o.Profile.Id == profileId && o.ModelId == modelId && o.OperationId == operationId);
        return (operation, DocumentedExamples.BodyFor(operation)!);
    }

    private static JsonBodyRequest Example(string profileId)
    {
        var (operation, body) = Representative(profileId);
        return new JsonBodyRequest(operation, body);
    }
}
