using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HappyHorse.Generated.Runtime.Tests;

public class LifecycleTests
{
    private static HappyHorseVideoEditDashScope.VideoEditRequest EditRequest() =>
        HappyHorseVideoEditDashScope.VideoEdit("p", [new(HappyHorseVideoEditDashScope.MediaType.Video, "https://example.com/v.mp4")]);

    [Fact]
    public async Task A_handle_resumes_the_wait_in_another_client_and_never_holds_the_key()
    {
        string json;
        using (var first = new Fixture((_, _) => Fixture.HappyHorse("IN_PROGRESS")))
        {
            var task = await first.Time.RunAsync(first.Client.SubmitAsync(HappyHorseVideo.TextToVideo("p")));
            json = task.ToHandle().ToJson();
        }

        using var second = new Fixture((_, _) => Fixture.HappyHorse("SUCCESS", "https://cdn.test/v.mp4"), o => o.PollSchedule = Fixture.WithoutJitter(HappyHorseProfiles.HappyHorseApp.Schedule));
        var resumed = GenerationTask.FromHandle(TaskHandle.Parse(json), HappyHorseCatalog.Operations);
        var result = await second.Time.RunAsync(second.Client.WaitForCompletionAsync(resumed));

        json.ShouldNotContain(Fixture.Key);
        json.ShouldBe("""{"profile":"happyhorse-app","model":"happyhorse-1.0/video","operation":"text-to-video","taskId":"n92task","baseUrl":"https://api.test/"}""");
        resumed.Operation.ShouldBeSameAs(HappyHorseVideo.TextToVideoRequest.Info);
        result.Url.ShouldBe(new Uri("https://cdn.test/v.mp4"));
        second.Handler.Requests.Single().Uri.ShouldBe(new Uri("https://api.test/api/status?task_id=n92task"));
    }

    [Fact]
    public async Task A_task_rehydrated_with_a_client_waits_by_itself_and_an_unbound_one_says_how_to_bind_it()
    {
        using var fixture = new Fixture(
            (_, i) => i == 0 ? Fixture.HappyHorse("IN_PROGRESS") : Fixture.HappyHorse("SUCCESS", "https://cdn.test/v.mp4"),
            o => o.PollSchedule = Fixture.WithoutJitter(HappyHorseProfiles.HappyHorseApp.Schedule));
        var handle = new TaskHandle("happyhorse-app", "happyhorse-1.0/video", "text-to-video", "n92task", Fixture.Service);

        var task = GenerationTask.FromHandle(handle, HappyHorseCatalog.Operations, fixture.Client);
        var first = await fixture.Time.RunAsync(task.UpdateStatusAsync());
        var result = await fixture.Time.RunAsync(task.WaitForCompletionAsync());

        first.Status.ShouldBe(GenerationStatus.Running);
        result.Url.ShouldBe(new Uri("https://cdn.test/v.mp4"));
        result.Task.ShouldBeSameAs(task);
        fixture.Handler.Requests.Count.ShouldBe(2);
        var unbound = GenerationTask.FromHandle(handle, HappyHorseCatalog.Operations);
        Should.Throw<InvalidOperationException>(() => unbound.WaitForCompletionAsync()).Message.ShouldContain("FromHandle(handle, operations, client)");
    }

    [Fact]
    public async Task A_submitted_task_waits_through_the_client_that_submitted_it()
    {
        using var fixture = new Fixture(
            (_, i) => i == 0 ? Fixture.HappyHorse("IN_PROGRESS") : Fixture.HappyHorse("SUCCESS", "https://cdn.test/v.mp4"),
            o => o.PollSchedule = Fixture.WithoutJitter(HappyHorseProfiles.HappyHorseApp.Schedule));
        var task = await fixture.Time.RunAsync(fixture.Client.SubmitAsync(HappyHorseVideo.TextToVideo("p")));

        var result = await fixture.Time.RunAsync(task.WaitForCompletionAsync());

        result.Url.ShouldBe(new Uri("https://cdn.test/v.mp4"));
        fixture.Handler.Requests.Select(r => r.Method.Method).ShouldBe(["POST", "GET"]);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"profile":"happyhorse-app","model":"m","operation":"o","taskId":"","baseUrl":"https://a/"}""")]
    public void A_broken_handle_is_refused(string json) => Should.Throw<HappyHorseException>(() => TaskHandle.Parse(json));

    [Fact]
    public void A_handle_for_an_unknown_operation_is_refused() =>
        Should.Throw<HappyHorseException>(() => GenerationTask.FromHandle(new TaskHandle("happyhorse-app", "nope", "x", "t", Fixture.Service), HappyHorseCatalog.Operations))
            .Message.ShouldContain("No operation nope x of the happyhorse-app dialect");

    [Fact]
    public async Task Cancel_posts_to_the_dialects_cancel_path()
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Json(HttpStatusCode.OK, """{ "output": { "task_id": "t1", "task_status": "CANCELED" }, "request_id": "r" }"""));
        var task = new GenerationTask(HappyHorseVideoEditDashScope.VideoEditRequest.Info, "t1", Fixture.Service);

        await fixture.Time.RunAsync(fixture.Client.CancelAsync(task));

        var sent = fixture.Handler.Requests.ShouldHaveSingleItem();
        sent.Method.ShouldBe(HttpMethod.Post);
        sent.Uri.ShouldBe(new Uri("https://api.test/api/v1/tasks/t1/cancel"));
    }

    [Fact]
    public async Task A_dialect_without_cancel_says_so_and_sends_nothing()
    {
        using var fixture = new Fixture((_, _) => throw new InvalidOperationException("nothing should be sent"));

        var error = await Should.ThrowAsync<HappyHorseException>(fixture.Client.CancelAsync(new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", Fixture.Service)));

        error.Message.ShouldContain("cannot cancel");
        fixture.Handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Canceling_the_token_stops_the_wait_and_no_further_request_is_sent()
    {
        using var fixture = new Fixture((_, _) => Fixture.HappyHorse("IN_PROGRESS"), o => o.PollSchedule = Fixture.WithoutJitter(HappyHorseProfiles.HappyHorseApp.Schedule));
        using var stop = new CancellationTokenSource();
        var task = new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", Fixture.Service);
        var wait = fixture.Client.WaitForCompletionAsync(task, new Progress(_ => stop.Cancel()), stop.Token);

        await Should.ThrowAsync<OperationCanceledException>(fixture.Time.RunAsync(wait));

        fixture.Handler.Requests.Count.ShouldBe(1);
        fixture.Logs.Lines.ShouldContain(line => line.Contains("canceled by the caller; the task goes on at the service"));
    }

    [Fact]
    public async Task Dashscope_submits_carry_the_async_header()
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Json(HttpStatusCode.OK, """{ "output": { "task_id": "t1", "task_status": "PENDING" }, "request_id": "r" }"""));
        HttpRequestMessage? seen = null;
        using var capture = new Fixture((request, _) =>
        {
            seen = request;
            return ScriptedHandler.Json(HttpStatusCode.OK, """{ "output": { "task_id": "t1", "task_status": "PENDING" }, "request_id": "r" }""");
        });

        await capture.Time.RunAsync(capture.Client.SubmitAsync(EditRequest()));

        seen!.Headers.GetValues("X-DashScope-Async").ShouldBe(["enable"]);
        seen.RequestUri.ShouldBe(new Uri("https://api.test/api/v1/services/aigc/video-generation/video-synthesis"));
    }

    [Fact]
    public async Task An_untyped_field_is_sent_at_its_path_and_a_known_field_is_refused()
    {
        using var fixture = new Fixture((_, _) => Fixture.HappyHorse("IN_PROGRESS"));
        var request = HappyHorseVideo.TextToVideo("p").WithDuration(5).WithUntypedField("camera.motion", "dolly").WithUntypedField("loop", true);

        await fixture.Time.RunAsync(fixture.Client.SubmitAsync(request));

        JsonNode.DeepEquals(JsonNode.Parse(fixture.Handler.Requests[0].Body!), JsonNode.Parse("""
            { "model": "happyhorse-1.0/video", "prompt": "p", "duration": 5, "camera": { "motion": "dolly" }, "loop": true }
            """)).ShouldBeTrue(fixture.Handler.Requests[0].Body);
        var refused = HappyHorseVideo.TextToVideo("p").WithUntypedField("duration", 99).WithUntypedField("model", "x").Validate();
        refused.Problems.Select(p => p.Field).ShouldBe(["duration", "model"]);
        refused.Problems[0].Message.ShouldContain("set it with its typed setter");
    }

    [Fact]
    public async Task A_download_is_streamed_without_the_key_and_stops_at_the_cap()
    {
        var file = Path.Combine(Path.GetTempPath(), $"hh-{Guid.NewGuid():N}.mp4");
        using var fixture = new Fixture((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[4096]) }, o => o.MaxDownloadBytes = 1000);
        var result = new GenerationResult(new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", Fixture.Service), [new Uri("https://cdn.test/v.mp4")], []);

        var error = await Should.ThrowAsync<HappyHorseException>(fixture.Client.DownloadToFileAsync(result, file));

        error.Message.ShouldContain("larger than the download cap");
        File.Exists(file).ShouldBeFalse();
        fixture.Handler.Requests.Single().Authorization.ShouldBeNull();
    }

    [Fact]
    public async Task AddHappyHorse_binds_configuration_and_validates_it_at_start()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HappyHorse:ApiKey"] = Fixture.Key,
            ["HappyHorse:BaseUrl"] = "https://api.test/",
            ["HappyHorse:Retry:MaxRetries"] = "2",
        }).Build());
        services.AddHappyHorse();
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<HappyHorseClientOptions>>().Value;
        provider.GetRequiredService<IStartupValidator>().Validate();

        options.BaseUrl.ShouldBe(new Uri("https://api.test/"));
        options.Retry.MaxRetries.ShouldBe(2);
        using var client = provider.GetRequiredService<HappyHorseClient>();
        client.ToString().ShouldNotContain(Fixture.Key);
    }

    [Fact]
    public async Task Invalid_options_fail_the_start_listing_every_problem()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HappyHorse:BaseUrl"] = "http://example.com/",
            ["HappyHorse:MaxResponseBytes"] = "0",
        }).Build());
        services.AddHappyHorse(o => o.ApiKey = null);
        await using var provider = services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        error.Failures.Count().ShouldBe(3);
        error.Message.ShouldContain("HappyHorse:ApiKey is not set");
        error.Message.ShouldContain("plain http only to loopback");
    }

    private sealed class Progress(Action<TaskStatusUpdate> report) : IProgress<TaskStatusUpdate>
    {
        public void Report(TaskStatusUpdate value) => report(value);
    }
}
