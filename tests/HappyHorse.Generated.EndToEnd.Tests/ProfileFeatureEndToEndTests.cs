using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.EndToEnd.Tests.Dialects;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>
/// Each profile feature through the emulator, on the public APIs of samples/Dialects written as they document
/// themselves (fal, Replicate, OpenAI, Gemini) and, for what none of them documents, a test dialect: the emulator
/// answers from the same compiled profile the client reads.
/// </summary>
public sealed class ProfileFeatureEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Queue = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Run = TimeSpan.FromSeconds(20);
    private static readonly PollSchedule Immediate = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMinutes(5));

    private readonly FakeTimeProvider _clock = TestSupport.Clock();
    private HappyHorseEmulator _emulator = null!;
    private HappyHorseEmulator? _failing;

    public async Task InitializeAsync() => _emulator = await StartAsync(failureRate: 0);

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        if (_failing is not null) await _failing.DisposeAsync();
    }

    [Fact]
    public async Task A_fal_endpoint_is_submitted_under_its_id_and_polled_fetched_and_canceled_under_its_app()
    {
        using var client = ClientFor(_emulator);

        var task = await client.SubmitAsync(FalFluxDev.TextToImage("A red fox").WithNumImages(2));
        _clock.Advance(Queue + Run);
        var result = await client.WaitForCompletionAsync(task);

        task.ToHandle().Model.ShouldBe("fal-ai/flux/dev");
        _emulator.Requests.Select(r => $"{r.Method} {r.Path}").ShouldBe([
            "POST /fal-ai/flux/dev",
            $"GET /fal-ai/flux/requests/{task.TaskId}/status",
            $"GET /fal-ai/flux/requests/{task.TaskId}",
        ]);
        result.Urls.Count.ShouldBe(2);
        (await TestSupport.DownloadAsync(result.Urls[1])).ShouldBe(_emulator.ResultFile(task.TaskId, 1));
    }

    [Fact]
    public async Task A_fal_cancel_that_says_COMPLETED_with_client_cancelled_reads_as_canceled()
    {
        using var client = ClientFor(_emulator);

        var task = await client.SubmitAsync(FalKlingVideo.TextToVideo("A lighthouse").WithDuration(FalKlingVideo.Duration.Ten));
        await client.CancelAsync(task);
        var status = await client.GetStatusAsync(task);
        var waited = await Should.ThrowAsync<HappyHorseTaskFailedException>(() => client.WaitForCompletionAsync(task));

        _emulator.Requests.ShouldContain(r => r.Method == "PUT" && r.Path == $"/fal-ai/kling-video/requests/{task.TaskId}/cancel");
        (status.Status, status.RawStatus).ShouldBe((GenerationStatus.Canceled, "COMPLETED"));
        status.Response!.Value.GetProperty("error_type").GetString().ShouldBe("client_cancelled");
        waited.Status.ShouldBe(GenerationStatus.Canceled);
    }

    [Fact]
    public async Task A_wrong_Gemini_key_is_a_400_API_KEY_INVALID_and_reads_as_an_authentication_failure()
    {
        using var client = ClientFor(_emulator, "wrong-key");

        var e = await Should.ThrowAsync<HappyHorseAuthenticationException>(() => client.SubmitAsync(Veo30.TextToVideo("A lighthouse")));

        e.ErrorCode.ShouldBe("API_KEY_INVALID");
        e.Message.ShouldContain("(HTTP 400)"); // the wire status, the documented outcome
        _emulator.Tasks.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_Veo_video_withheld_by_the_safety_filter_is_a_task_failure_with_the_services_reason()
    {
        var failing = _failing = await StartAsync(failureRate: 1);
        using var client = ClientFor(failing);

        var task = await client.SubmitAsync(Veo30.TextToVideo("A lighthouse"));
        _clock.Advance(Queue + Run);
        var status = await client.GetStatusAsync(task);
        var failed = await Should.ThrowAsync<HappyHorseTaskFailedException>(() => client.WaitForCompletionAsync(task));

        // The service's shape: done, no error, no samples, the reason in raiMediaFilteredReasons.
        var response = status.Response!.Value;
        response.GetProperty("done").GetBoolean().ShouldBeTrue();
        response.TryGetProperty("error", out _).ShouldBeFalse();
        response.GetProperty("response").GetProperty("generateVideoResponse").GetProperty("raiMediaFilteredReasons")[0].GetString().ShouldBe(failing.Options.FailureMessage);
        (status.Status, status.FailureMessage).ShouldBe((GenerationStatus.Failed, failing.Options.FailureMessage));
        failed.Message.ShouldContain(failing.Options.FailureMessage);
    }

    [Fact]
    public async Task A_synchronous_image_API_ends_with_its_submit_answer_and_is_never_polled()
    {
        using var client = ClientFor(_emulator);

        var result = await client.GenerateAsync(DallE3.TextToImage("A red fox"));

        var request = _emulator.Requests.ShouldHaveSingleItem();
        (request.Method, request.Path).ShouldBe(("POST", "/v1/images/generations"));
        JsonDocument.Parse(request.Body).RootElement.GetProperty("model").GetString().ShouldBe("dall-e-3");
        result.Urls.ShouldHaveSingleItem();
        (await TestSupport.DownloadAsync(result.Url)).ShouldBe(_emulator.ResultFile(result.Task.TaskId, 0));
    }

    [Fact]
    public async Task Progress_as_a_fraction_is_reported_as_percent_and_a_key_in_the_query_shows_nowhere()
    {
        using var client = ClientFor(_emulator, TestSupport.ApiKey);

        var task = await client.SubmitAsync(FractionVideo.TextToVideo("A lighthouse"));
        _clock.Advance(Queue + (Run / 2));
        var running = await client.GetStatusAsync(task);
        _clock.Advance(Run);
        var result = await client.WaitForCompletionAsync(task);
        using var wrong = ClientFor(_emulator, "wrong-key");
        var refused = await Should.ThrowAsync<HappyHorseAuthenticationException>(() => wrong.GetStatusAsync(task));

        running.Progress.ShouldBe(50d);
        running.Response!.Value.GetProperty("metadata").GetProperty("progress").GetDouble().ShouldBe(0.5);
        _emulator.Requests.ShouldAllBe(r => r.PathAndQuery.Contains("key=") && !r.PathAndQuery.Contains(TestSupport.ApiKey));
        _emulator.Requests.ShouldAllBe(r => !r.Headers.ContainsKey("Authorization"));
        task.ToHandle().ToJson().ShouldNotContain(TestSupport.ApiKey);
        refused.ToString().ShouldNotContain("wrong-key");
        result.Urls.ShouldHaveSingleItem();
    }

    private HappyHorseClient ClientFor(HappyHorseEmulator emulator, string apiKey = TestSupport.ApiKey) =>
        new(new HappyHorseClientOptions { BaseUrl = emulator.BaseAddress, ApiKey = apiKey, PollSchedule = Immediate }, timeProvider: _clock);

    private async Task<HappyHorseEmulator> StartAsync(double failureRate)
    {
        var options = new EmulatorOptions { ApiKey = TestSupport.ApiKey, TimeProvider = _clock, QueueDuration = Queue, RunDuration = Run, FailureRate = failureRate };
        foreach (var operation in HappyHorseCatalog.Operations) options.ExtraOperations.Add(operation);
        return await HappyHorseEmulator.StartAsync(options);
    }
}
