using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.EndToEnd.Tests.Dialects;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>
/// The public APIs of samples/Dialects (fal's queue, Replicate's predictions, OpenAI's content endpoint, Gemini's
/// long-running operations), with test models of their own (Dialects/example-*.json): no C#, the client and the emulator
/// both work from the compiled profiles.
/// The clock is a fake one: the tests move it past the queue and the run, then ask.
/// </summary>
public sealed class DialectProfileTests : IAsyncLifetime
{
    private static readonly TimeSpan Queue = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Run = TimeSpan.FromSeconds(20);

    // Every wait polls at once: the fake clock is moved by the test, not by the client.
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
    public async Task Queue_style_sends_the_model_in_the_path_and_the_key_as_Key_and_fetches_the_result()
    {
        using var client = ClientFor(_emulator);

        var task = await client.SubmitAsync(ExampleQueueVideo.TextToVideo("A lighthouse").WithDuration(4));
        var queued = await client.GetStatusAsync(task);
        _clock.Advance(Queue + Run);
        var result = await client.WaitForCompletionAsync(task);

        var submit = _emulator.Requests.First(r => r.Method == "POST");
        submit.Path.ShouldBe("/example-queue/video");
        submit.Body.ShouldNotContain("\"model\"");
        JsonDocument.Parse(submit.Body).RootElement.GetProperty("prompt").GetString().ShouldBe("A lighthouse");
        (queued.Status, queued.RawStatus).ShouldBe((GenerationStatus.Queued, "IN_QUEUE"));
        queued.QueuePosition.ShouldBe(2);
        queued.Progress.ShouldBeNull();
        queued.Response!.Value.GetProperty("queue_position").GetInt32().ShouldBe(2);
        _emulator.Requests.ShouldContain(r => r.Method == "GET" && r.Path == $"/example-queue/video/requests/{task.TaskId}/status");
        _emulator.Requests.ShouldContain(r => r.Method == "GET" && r.Path == $"/example-queue/video/requests/{task.TaskId}");
        result.Urls.Count.ShouldBe(1);
        result.Url.AbsolutePath.ShouldEndWith(".mp4");
    }

    [Fact]
    public async Task Queue_style_follows_the_URLs_its_submit_answer_gives_and_a_resumed_task_keeps_them()
    {
        using var client = ClientFor(_emulator);

        var task = await client.SubmitAsync(ExampleQueueVideo.TextToVideo("A lighthouse"));
        var handle = TaskHandle.Parse(task.ToHandle().ToJson());
        var resumed = GenerationTask.FromHandle(handle, HappyHorseCatalog.Operations, client);
        _clock.Advance(Queue + Run);
        var result = await resumed.WaitForCompletionAsync();

        // The emulator's answer names the URLs on its own address; the handle carries them to the resumed task.
        var requests = new Uri(_emulator.BaseAddress, $"example-queue/video/requests/{task.TaskId}");
        handle.StatusUrl.ShouldBe(new Uri(requests + "/status"));
        handle.ResultUrl.ShouldBe(requests);
        handle.CancelUrl.ShouldBe(new Uri(requests + "/cancel"));
        handle.ToJson().ShouldContain("\"statusUrl\":");
        _emulator.Requests.ShouldContain(r => r.Method == "GET" && r.Path == handle.StatusUrl!.AbsolutePath);
        result.Urls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Queue_style_returns_every_image_of_num_images_4()
    {
        using var client = ClientFor(_emulator);

        var task = await client.SubmitAsync(ExampleQueueImage.TextToImage("Four cats").WithNumImages(4));
        _clock.Advance(Queue + Run);
        var result = await client.WaitForCompletionAsync(task);

        result.Urls.Count.ShouldBe(4);
        result.Urls.Distinct().Count().ShouldBe(4);
        (await TestSupport.DownloadAsync(result.Urls[3])).ShouldBe(_emulator.ResultFile(task.TaskId, 3));
    }

    [Fact]
    public async Task Queue_style_reports_a_failure_told_by_a_present_error()
    {
        var emulator = _failing = await StartAsync(failureRate: 1);
        using var client = ClientFor(emulator);

        var task = await client.SubmitAsync(ExampleQueueVideo.TextToVideo("A lighthouse"));
        _clock.Advance(Queue + Run);
        var failed = await Should.ThrowAsync<HappyHorseTaskFailedException>(() => client.WaitForCompletionAsync(task));
        var status = await client.GetStatusAsync(task);

        (status.Status, status.RawStatus).ShouldBe((GenerationStatus.Failed, "COMPLETED"));
        status.FailureMessage.ShouldBe(emulator.Options.FailureMessage);
        failed.Message.ShouldContain(emulator.Options.FailureMessage);
    }

    [Fact]
    public async Task Queue_style_cancels_a_queued_task_with_PUT()
    {
        using var client = ClientFor(_emulator);

        var task = await client.SubmitAsync(ExampleQueueVideo.TextToVideo("A lighthouse"));
        task.CanCancel.ShouldBeTrue();
        await client.CancelAsync(task);
        var status = await client.GetStatusAsync(task);

        _emulator.Requests.ShouldContain(r => r.Method == "PUT" && r.Path == $"/example-queue/video/requests/{task.TaskId}/cancel");
        (status.Status, status.RawStatus).ShouldBe((GenerationStatus.Canceled, "COMPLETED")); // fal's cancel: COMPLETED with error_type client_cancelled
    }

    [Fact]
    public async Task Predictions_wrap_the_input_and_read_an_output_string()
    {
        using var client = ClientFor(_emulator);

        var task = await client.SubmitAsync(ExamplePredictionsVideo.TextToVideo("A lighthouse"));
        _clock.Advance(Queue + Run);
        var result = await client.WaitForCompletionAsync(task);
        var status = await client.GetStatusAsync(task);

        var submit = _emulator.Requests.First(r => r.Method == "POST");
        submit.Path.ShouldBe("/v1/models/example-predictions/video/predictions");
        JsonDocument.Parse(submit.Body).RootElement.GetProperty("input").GetProperty("prompt").GetString().ShouldBe("A lighthouse");
        submit.Body.ShouldNotContain("\"model\"");
        status.Response!.Value.GetProperty("output").ValueKind.ShouldBe(JsonValueKind.String);
        result.Urls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Predictions_read_an_output_array_as_every_result()
    {
        using var client = ClientFor(_emulator);

        var task = await client.SubmitAsync(ExamplePredictionsImage.TextToImage("Three dogs").WithNumOutputs(3));
        _clock.Advance(Queue + Run);
        var result = await client.WaitForCompletionAsync(task);

        result.Urls.Count.ShouldBe(3);
        result.Urls.Select(u => u.AbsolutePath).ShouldBe([$"/files/{task.TaskId}/0.png", $"/files/{task.TaskId}/1.png", $"/files/{task.TaskId}/2.png"]);
    }

    [Fact]
    public async Task Predictions_fail_and_cancel_with_their_own_words()
    {
        var failing = _failing = await StartAsync(failureRate: 1);
        using var failingClient = ClientFor(failing);
        using var client = ClientFor(_emulator);

        var doomed = await failingClient.SubmitAsync(ExamplePredictionsVideo.TextToVideo("A lighthouse"));
        var canceled = await client.SubmitAsync(ExamplePredictionsVideo.TextToVideo("A lighthouse"));
        await client.CancelAsync(canceled);
        _clock.Advance(Queue + Run);

        var failure = await failingClient.GetStatusAsync(doomed);
        (failure.Status, failure.RawStatus, failure.FailureMessage).ShouldBe((GenerationStatus.Failed, "failed", failing.Options.FailureMessage));
        var cancel = await client.GetStatusAsync(canceled);
        (cancel.Status, cancel.RawStatus).ShouldBe((GenerationStatus.Canceled, "canceled"));
        _emulator.Requests.ShouldContain(r => r.Method == "POST" && r.Path == $"/v1/predictions/{canceled.TaskId}/cancel");
    }

    [Fact]
    public async Task Content_endpoint_results_are_downloaded_with_the_key_from_the_service_only()
    {
        using var client = ClientFor(_emulator);

        var task = await client.SubmitAsync(ExampleContentVideo.TextToVideo("A lighthouse").WithSeconds(4));
        _clock.Advance(Queue + (Run / 2));
        var running = await client.GetStatusAsync(task);
        _clock.Advance(Run);
        var result = await client.WaitForCompletionAsync(task);
        using var withKey = new MemoryStream();
        await client.DownloadResultAsync(result, 0, withKey);
        using var withoutKey = new MemoryStream();
        var refused = await Should.ThrowAsync<HappyHorseDownloadException>(() => client.DownloadAsync(result.Url, withoutKey));

        (running.Status, running.RawStatus, running.Progress).ShouldBe((GenerationStatus.Running, "in_progress", 50d));
        result.Url.ShouldBe(new Uri(_emulator.BaseAddress, $"v1/videos/{task.TaskId}/content"));
        withKey.ToArray().ShouldBe(_emulator.ResultFile(task.TaskId, 0));
        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        task.CanCancel.ShouldBeFalse();
        await Should.ThrowAsync<HappyHorseNotSentException>(() => client.CancelAsync(task));
    }

    [Fact]
    public async Task Content_endpoint_reports_a_failure()
    {
        var failing = _failing = await StartAsync(failureRate: 1);
        using var client = ClientFor(failing);

        var task = await client.SubmitAsync(ExampleContentVideo.TextToVideo("A lighthouse"));
        _clock.Advance(Queue + Run);
        var status = await client.GetStatusAsync(task);

        (status.Status, status.FailureMessage).ShouldBe((GenerationStatus.Failed, failing.Options.FailureMessage));
        status.Result.ShouldBeNull();
    }

    [Fact]
    public async Task Operations_have_a_path_as_task_id_the_key_in_its_own_header_and_status_from_done()
    {
        using var client = ClientFor(_emulator);

        var task = await client.SubmitAsync(ExampleOperationsVideo.TextToVideo([new ExampleOperationsVideo.Instance("A lighthouse")]));
        var running = await client.GetStatusAsync(task);
        _clock.Advance(Queue + Run);
        var result = await client.WaitForCompletionAsync(task);

        task.TaskId.ShouldStartWith("models/example-operations/video/operations/");
        var submit = _emulator.Requests.First(r => r.Method == "POST");
        submit.Path.ShouldBe("/v1beta/models/example-operations/video:predictLongRunning");
        submit.Header("x-goog-api-key").ShouldBe("[redacted]");
        submit.Headers.ContainsKey("Authorization").ShouldBeFalse();
        submit.Body.ShouldBe("{\"instances\":[{\"prompt\":\"A lighthouse\"}]}");
        _emulator.Requests.ShouldContain(r => r.Method == "GET" && r.Path == "/v1beta/" + task.TaskId);
        (running.Status, running.RawStatus).ShouldBe((GenerationStatus.Running, "running"));
        running.Response!.Value.TryGetProperty("done", out _).ShouldBeFalse();
        result.Urls.Count.ShouldBe(1);
        var file = new MemoryStream();
        await client.DownloadResultAsync(result, 0, file);
        file.ToArray().ShouldBe(_emulator.ResultFile(task.TaskId, 0));
    }

    [Fact]
    public async Task Veo_takes_its_prompt_at_an_array_index_and_the_emulator_reads_and_checks_it_there()
    {
        using var client = ClientFor(_emulator);

        var task = await client.SubmitAsync(Veo30.TextToVideo("A lighthouse").WithAspectRatio(Veo30.AspectRatio.Portrait));
        _clock.Advance(Queue + Run);
        var result = await client.WaitForCompletionAsync(task);

        var submit = _emulator.Requests.First(r => r.Method == "POST");
        submit.Path.ShouldBe("/v1beta/models/veo-3.0-generate-001:predictLongRunning");
        submit.Body.ShouldBe("""{"instances":[{"prompt":"A lighthouse"}],"parameters":{"aspectRatio":"9:16"}}""");
        var file = new MemoryStream();
        await client.DownloadResultAsync(result, 0, file);
        file.ToArray().ShouldBe(_emulator.ResultFile(task.TaskId, 0));

        // The emulator checks the body at the same paths: an instance without its prompt is refused by name.
        using var http = new System.Net.Http.HttpClient { BaseAddress = _emulator.BaseAddress };
        using var bare = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Post, "v1beta/models/veo-3.0-generate-001:predictLongRunning")
        {
            Content = new System.Net.Http.StringContent("""{"instances":[{}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        bare.Headers.Add("x-goog-api-key", TestSupport.ApiKey);
        using var refused = await http.SendAsync(bare);
        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("prompt");
        _emulator.Tasks.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Operations_fail_with_the_services_reason()
    {
        var failing = _failing = await StartAsync(failureRate: 1);
        using var client = ClientFor(failing);

        var task = await client.SubmitAsync(ExampleOperationsVideo.TextToVideo([new ExampleOperationsVideo.Instance("A lighthouse")]));
        _clock.Advance(Queue + Run);
        var failed = await Should.ThrowAsync<HappyHorseTaskFailedException>(() => client.WaitForCompletionAsync(task));

        failed.Status.ShouldBe(GenerationStatus.Failed);
        failed.Message.ShouldContain(failing.Options.FailureMessage);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_in_each_dialect_header()
    {
        using var client = ClientFor(_emulator, "wrong-key");

        await Should.ThrowAsync<HappyHorseAuthenticationException>(() => client.SubmitAsync(ExampleQueueVideo.TextToVideo("A lighthouse")));
        await Should.ThrowAsync<HappyHorseAuthenticationException>(() => client.SubmitAsync(ExampleOperationsVideo.TextToVideo([new ExampleOperationsVideo.Instance("A lighthouse")])));
        _emulator.Tasks.ShouldBeEmpty();
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
