using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated.Runtime.Tests;

public class PollingTests
{
    [Fact]
    public async Task The_documented_002_schedule_polls_after_8_s_then_2_s_longer_each_time_up_to_20_s()
    {
        using var fixture = new Fixture(
            (_, i) => i == 0 ? Fixture.HappyHorse("IN_PROGRESS") : Fixture.HappyHorse(i < 9 ? "IN_PROGRESS" : "SUCCESS", "https://cdn.test/v.mp4"),
            o => o.PollSchedule = Fixture.WithoutJitter(HappyHorseProfiles.HappyHorseApp.Schedule));

        var result = await fixture.Time.RunAsync(fixture.Client.GenerateAsync(HappyHorseVideo.TextToVideo("p")));

        result.Url.ShouldBe(new Uri("https://cdn.test/v.mp4"));
        fixture.SentAt().ShouldBe([0, 8, 18, 30, 44, 60, 78, 98, 118, 138]);
    }

    [Fact]
    public async Task A_wait_past_its_deadline_throws_a_timeout_that_carries_the_task()
    {
        using var fixture = new Fixture(
            (_, _) => Fixture.HappyHorse("IN_PROGRESS"),
            o => o.PollSchedule = new PollSchedule(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60)) { Jitter = 0 });
        var task = await fixture.Client.SubmitAsync(HappyHorseVideo.TextToVideo("p"));

        var timeout = await Should.ThrowAsync<HappyHorseWaitTimeoutException>(fixture.Time.RunAsync(fixture.Client.WaitForCompletionAsync(task)));

        timeout.Task.TaskId.ShouldBe("n92task");
        timeout.Waited.ShouldBe(TimeSpan.FromSeconds(60));
        fixture.SentAt().ShouldBe([0, 8, 18, 30, 44]); // the deadline is a real bound: no poll starts at it, none runs past it
    }

    [Theory]
    [InlineData(90, 1)]   // nearly done: 5 s × 10/90 ≈ 0.6 s, never below MinDelay
    [InlineData(50, 5)]   // half way after 5 s: 5 s more
    [InlineData(10, 15)]  // far to go: 45 s estimated, capped at MaxDelay
    public async Task Reported_progress_times_the_next_poll(int percent, double expectedGap)
    {
        var answers = 0;
        using var fixture = new Fixture(
            (_, i) => i == 0
                ? ScriptedHandler.Json(HttpStatusCode.OK, """{ "id": "v1", "status": "queued" }""")
                : ScriptedHandler.Json(HttpStatusCode.OK, ++answers == 1
                    ? $$"""{ "id": "v1", "status": "processing", "progress": "{{percent}}%" }"""
                    : """{ "id": "v1", "status": "completed", "video_url": "https://cdn.test/v.mp4" }"""),
            o => o.PollSchedule = Fixture.WithoutJitter(GatewayProfile().Schedule));

        await fixture.Time.RunAsync(fixture.Client.GenerateAsync(HappyHorseT2V.TextToVideo("p")));

        var sent = fixture.SentAt();
        sent[1].ShouldBe(5); // first status request: the gateway's FirstDelay
        (sent[2] - sent[1]).ShouldBe(expectedGap, 0.001);
    }

    [Theory]
    [InlineData(0.0, 9)]
    [InlineData(0.5, 10)]
    [InlineData(0.999999, 11)]
    public void Jitter_moves_an_interval_by_at_most_its_fraction(double random, double seconds)
    {
        var schedule = new PollSchedule(TimeSpan.FromSeconds(10), TimeSpan.Zero, TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(15)) { Jitter = 0.1 };

        schedule.NextDelay(0, TimeSpan.Zero, null, random).TotalSeconds.ShouldBe(seconds, 0.0001);
    }

    [Fact]
    public async Task Status_requests_of_a_rate_limited_dialect_are_spaced_across_waits()
    {
        using var fixture = new Fixture((request, _) => request.Method == System.Net.Http.HttpMethod.Post
            ? ScriptedHandler.Json(HttpStatusCode.OK, """{ "output": { "task_id": "t1", "task_status": "PENDING" }, "request_id": "r" }""")
            : ScriptedHandler.Json(HttpStatusCode.OK, """{ "output": { "task_id": "t1", "task_status": "RUNNING" }, "request_id": "r" }"""));
        var request = HappyHorseVideoEditDashScope.VideoEdit("p", [new(HappyHorseVideoEditDashScope.MediaType.Video, "https://example.com/v.mp4")]);
        var task = await fixture.Client.SubmitAsync(request);

        var statuses = Enumerable.Range(0, 5).Select(_ => fixture.Client.GetStatusAsync(task)).ToArray();
        await fixture.Time.RunAsync(Task.WhenAll(statuses));

        var times = fixture.Handler.Requests.Where(r => r.Method == System.Net.Http.HttpMethod.Get).Select(r => r.At).Order().ToList();
        times.Zip(times.Skip(1), (a, b) => (b - a).TotalMilliseconds).ShouldAllBe(gap => gap >= 49.999); // DashScope: 20 per second
    }

    [Fact]
    public async Task Watching_yields_each_status_and_the_result_on_the_last()
    {
        using var fixture = new Fixture(
            (_, i) => Fixture.HappyHorse(i < 3 ? "IN_PROGRESS" : "SUCCESS", "https://cdn.test/v.mp4"),
            o => o.PollSchedule = Fixture.WithoutJitter(HappyHorseProfiles.HappyHorseApp.Schedule));
        var task = await fixture.Client.SubmitAsync(HappyHorseVideo.TextToVideo("p"));

        var updates = await fixture.Time.RunAsync(Collect(fixture.Client.WatchAsync(task)));

        updates.Select(u => u.RawStatus).ShouldBe(["IN_PROGRESS", "IN_PROGRESS", "SUCCESS"]);
        updates.Select(u => u.Elapsed.TotalSeconds).ShouldBe([8, 18, 30]);
        updates[^1].Result!.Url.ShouldBe(new Uri("https://cdn.test/v.mp4"));
    }

    internal static ProtocolProfile GatewayProfile() => HappyHorseT2V.TextToVideoRequest.Info.Profile;

    private static async Task<List<TaskStatusUpdate>> Collect(IAsyncEnumerable<TaskStatusUpdate> updates)
    {
        var list = new List<TaskStatusUpdate>();
        await foreach (var update in updates) list.Add(update);
        return list;
    }
}
