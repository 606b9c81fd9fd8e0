using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>The happyhorse.app dialect from request to downloaded file, against the in-process emulator.</summary>
public sealed class HappyHorseAppEndToEndTests : IAsyncLifetime
{
    private HappyHorseEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await HappyHorseEmulator.StartAsync(TestSupport.QuickOptions());

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Text_to_video_goes_from_submit_through_polling_to_a_real_mp4()
    {
        using var client = Client();
        var updates = new List<TaskStatusUpdate>();
        var request = HappyHorseVideo.TextToVideo("A majestic eagle soaring through clouds at sunset").WithMode(HappyHorseVideo.Mode.Pro).WithDuration(5);

        var task = await client.SubmitAsync(request);
        var result = await client.WaitForCompletionAsync(task, new SynchronousProgress(updates.Add));

        task.TaskId.ShouldStartWith("n92");
        updates.First().Status.ShouldBe(GenerationStatus.Running);
        updates.First().RawStatus.ShouldBe("IN_PROGRESS");
        updates.Last().Status.ShouldBe(GenerationStatus.Succeeded);
        result.Url.Host.ShouldBe("127.0.0.1");
        result.Url.AbsolutePath.ShouldBe($"/files/{task.TaskId}/0.mp4");
        MediaTypes.Sniff(await TestSupport.DownloadAsync(result.Url)).ShouldBe("video/mp4");

        var sent = _emulator.Requests.Where(r => r.PathAndQuery.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        (sent[0].Method, sent[0].PathAndQuery, sent[0].Authorized).ShouldBe(("POST", "/api/generate", true));
        sent.Skip(1).ShouldAllBe(r => r.Method == "GET" && r.PathAndQuery == $"/api/status?task_id={task.TaskId}" && r.Authorized);
        sent.Count.ShouldBe(updates.Count + 1);
    }

    [Fact]
    public async Task The_emulator_identifies_image_to_video_from_its_fields()
    {
        using var client = Client();

        var result = await client.GenerateAsync(HappyHorseVideo.ImageToVideo("The character slowly turns and smiles", ["https://example.com/my-image.jpg"]));

        _emulator.Tasks.Single(t => t.Id == result.Task.TaskId).Operation.OperationId.ShouldBe("image-to-video");
    }

    [Fact]
    public async Task The_emulator_identifies_multi_shot_and_rejects_a_duration_that_breaks_the_sum()
    {
        using var client = Client();
        HappyHorseVideo.Shot[] shots = [new("A woman walks into a coffee shop", 3), new("She looks outside and smiles", 3)];

        var result = await client.GenerateAsync(HappyHorseVideo.MultiShot(shots, sound: true).WithDuration(6));
        var rejected = await Should.ThrowAsync<HappyHorseApiException>(() => client.SubmitAsync(new RawRequest(
            HappyHorseVideo.TextToVideoRequest.Info,
            """{ "model": "happyhorse-1.0/video", "multi_shots": true, "sound": true, "duration": 9, "multi_prompt": [ { "prompt": "a", "duration": 3 } ] }""")));

        _emulator.Tasks.Single(t => t.Id == result.Task.TaskId).Operation.OperationId.ShouldBe("multi-shot");
        rejected.ErrorCode.ShouldBe("INVALID_DURATION");
    }

    [Fact]
    public async Task A_wrong_key_is_an_authentication_exception_with_the_api_code_and_no_key_in_the_message()
    {
        using var client = Client(apiKey: "wrong-secret-key");

        var exception = await Should.ThrowAsync<HappyHorseAuthenticationException>(() => client.SubmitAsync(HappyHorseVideo.TextToVideo("p")));

        exception.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        exception.ErrorCode.ShouldBe("INVALID_API_KEY");
        exception.ToString().ShouldNotContain("wrong-secret-key");
        client.ToString().ShouldNotContain("wrong-secret-key");
    }

    [Fact]
    public async Task A_body_the_service_rejects_is_an_api_exception_with_the_documented_code()
    {
        using var client = Client();

        var exception = await Should.ThrowAsync<HappyHorseApiException>(() => client.SubmitAsync(new RawRequest(HappyHorseVideo.TextToVideoRequest.Info, """{ "model": "happyhorse-1.0/video", "prompt": "p", "duration": 20 }""")));

        exception.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        exception.ErrorCode.ShouldBe("INVALID_DURATION");
        exception.Message.ShouldContain("duration must be between 3 and 15 (was 20)");
    }

    [Fact]
    public async Task An_unknown_model_is_rejected_with_invalid_model()
    {
        using var client = Client();

        var exception = await Should.ThrowAsync<HappyHorseApiException>(() => client.SubmitAsync(new RawRequest(HappyHorseVideo.TextToVideoRequest.Info, """{ "model": "happyhorse-9/video", "prompt": "p" }""")));

        exception.ErrorCode.ShouldBe("INVALID_MODEL");
    }

    [Fact]
    public async Task An_invalid_request_is_refused_before_anything_is_sent()
    {
        using var client = Client();

        var exception = await Should.ThrowAsync<HappyHorseValidationException>(() => client.SubmitAsync(HappyHorseVideo.TextToVideo(string.Empty).WithDuration(99)));

        exception.Problems.Count.ShouldBe(2);
        _emulator.Requests.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized, "INVALID_API_KEY")]
    [InlineData("""{ "model": "happyhorse-1.0/video", "prompt": "" }""", HttpStatusCode.BadRequest, "INVALID_PROMPT")]
    [InlineData("""{ "model": "happyhorse-1.0/video", "prompt": "p", "duration": 2 }""", HttpStatusCode.BadRequest, "INVALID_DURATION")]
    [InlineData("""{ "model": "nope", "prompt": "p" }""", HttpStatusCode.BadRequest, "INVALID_MODEL")]
    [InlineData("""{ "model": "happyhorse-1.0/video", "prompt": "p", "mode": "ultra" }""", HttpStatusCode.BadRequest, "INVALID_REQUEST")]
    [InlineData("{ not json", HttpStatusCode.BadRequest, "INVALID_REQUEST")]
    public async Task The_emulator_answers_errors_in_the_documented_envelope(string? body, HttpStatusCode status, string code)
    {
        using var http = new HttpClient { BaseAddress = _emulator.BaseAddress };
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/generate") { Content = new StringContent(body ?? "{}", Encoding.UTF8, "application/json") };
        if (body is not null) message.Headers.Authorization = new("Bearer", TestSupport.ApiKey);

        using var response = await http.SendAsync(message);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(status);
        answer.RootElement.GetProperty("code").GetString().ShouldBe(code);
        answer.RootElement.GetProperty("message").GetString().ShouldNotBeNullOrEmpty();
        _emulator.Tasks.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_status_of_a_task_the_emulator_never_made_is_not_found()
    {
        using var client = Client();
        var task = new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92doesnotexist", _emulator.BaseAddress);

        var exception = await Should.ThrowAsync<HappyHorseApiException>(() => client.GetStatusAsync(task));

        exception.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        exception.ErrorCode.ShouldBe("TASK_NOT_FOUND");
    }

    [Fact]
    public async Task Waiting_past_the_deadline_gives_a_resumable_timeout()
    {
        await using var slow = await HappyHorseEmulator.StartAsync(new EmulatorOptions { RunDuration = TimeSpan.FromHours(1) });
        using var client = new HappyHorseClient(new HappyHorseClientOptions
        {
            BaseUrl = slow.BaseAddress,
            ApiKey = slow.Options.ApiKey,
            PollSchedule = new PollSchedule(TimeSpan.FromMilliseconds(20), TimeSpan.Zero, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200)),
        });
        var task = await client.SubmitAsync(HappyHorseVideo.TextToVideo("p"));

        var exception = await Should.ThrowAsync<HappyHorseWaitTimeoutException>(() => client.WaitForCompletionAsync(task));

        exception.Task.TaskId.ShouldBe(task.TaskId);
        (await client.GetStatusAsync(exception.Task)).Status.ShouldBe(GenerationStatus.Running);
    }

    [Fact]
    public void The_key_is_only_sent_over_https_or_to_loopback()
    {
        var exception = Should.Throw<HappyHorseException>(() => new HappyHorseClient(new HappyHorseClientOptions { BaseUrl = new Uri("http://example.com"), ApiKey = "k" }));

        exception.Message.ShouldContain("plain http is allowed only to loopback");
    }

    private HappyHorseClient Client(string apiKey = TestSupport.ApiKey) => TestSupport.ClientFor(_emulator, apiKey);
}
