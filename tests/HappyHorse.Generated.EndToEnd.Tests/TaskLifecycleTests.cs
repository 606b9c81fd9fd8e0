using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>Queued, running with progress, then success or failure, on the emulator's clock, in every dialect's words.</summary>
public sealed class TaskLifecycleTests
{
    private static readonly TimeSpan Queue = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Run = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("happyhorse-app", "IN_PROGRESS", GenerationStatus.Running, "IN_PROGRESS", "SUCCESS", false)] // the documentation has no queued word
    [InlineData("dashscope", "PENDING", GenerationStatus.Queued, "RUNNING", "SUCCEEDED", false)]
    [InlineData("gateway-images", "queued", GenerationStatus.Queued, "processing", "success", false)]
    [InlineData("gateway-videos", "queued", GenerationStatus.Queued, "processing", "success", true)]
    [InlineData("gateway-videos-grok", "queued", GenerationStatus.Queued, "processing", "success", false)]
    [InlineData("gateway-videos-notevideo", "queued", GenerationStatus.Queued, "processing", "success", false)]
    public async Task A_task_waits_queued_then_runs_then_succeeds_in_the_dialect_words(string profileId, string queuedWord, GenerationStatus queued, string runningWord, string succeededWord, bool reportsProgress)
    {
        var clock = TestSupport.Clock();
        await using var emulator = await StartAsync(clock);
        using var client = TestSupport.ClientFor(emulator);
        var task = await client.SubmitAsync(FirstExample(profileId));

        var waiting = await client.GetStatusAsync(task);
        clock.Advance(Queue + (Run / 2));
        var halfway = await client.GetStatusAsync(task);
        var fileBeforeTheEnd = await FileStatusAsync(emulator, task);
        clock.Advance(Run / 2);
        var done = await client.GetStatusAsync(task);

        (waiting.RawStatus, waiting.Status, waiting.Progress).ShouldBe((queuedWord, queued, reportsProgress ? 0d : null));
        (halfway.RawStatus, halfway.Status, halfway.Progress).ShouldBe((runningWord, GenerationStatus.Running, reportsProgress ? 50d : null));
        (done.RawStatus, done.Status, done.Progress).ShouldBe((succeededWord, GenerationStatus.Succeeded, reportsProgress ? 100d : null));
        fileBeforeTheEnd.ShouldBe(404, "a result is served only once the task has succeeded");
    }

    [Theory]
    [InlineData("happyhorse-app", "FAILED", "data.error_message")]
    [InlineData("dashscope", "FAILED", "output.message")]
    [InlineData("gateway-images", "failed", "data.fail_reason")]
    [InlineData("gateway-videos", "failed", "fail_reason")]
    [InlineData("gateway-videos-grok", "failed", "output.fail_reason")]
    [InlineData("gateway-videos-notevideo", "failed", "output.fail_reason")]
    public async Task A_failed_task_reports_its_failure_text_where_the_documentation_says(string profileId, string failedWord, string failurePath)
    {
        var clock = TestSupport.Clock();
        await using var emulator = await StartAsync(clock, failureRate: 1);
        using var client = TestSupport.ClientFor(emulator);
        var task = await client.SubmitAsync(FirstExample(profileId));
        clock.Advance(Queue + Run);

        using var http = TestSupport.HttpFor(emulator);
        using var answer = JsonDocument.Parse(await http.GetStringAsync(task.Profile.Poll.PathFor(task.TaskId).TrimStart('/')));
        var status = await client.GetStatusAsync(task);

        ResponsePath.Parse(failurePath).TryFind(answer.RootElement, out var text).ShouldBeTrue(answer.RootElement.GetRawText());
        text.GetString().ShouldBe(emulator.Options.FailureMessage);
        (status.RawStatus, status.Status).ShouldBe((failedWord, GenerationStatus.Failed));
    }

    [Fact]
    public async Task Task_ids_and_outcomes_are_drawn_from_the_seed()
    {
        var first = await OutcomesAsync(seed: 7);
        var again = await OutcomesAsync(seed: 7);
        var other = await OutcomesAsync(seed: 8);

        again.ShouldBe(first);
        other.Select(o => o.Id).Intersect(first.Select(o => o.Id)).ShouldBeEmpty();
        other.Select(o => o.Failed).ShouldNotBe(first.Select(o => o.Failed));
        first.Count(o => o.Failed).ShouldBeInRange(10, 30, "a failure rate of 0.5 over 40 tasks");
    }

    [Fact]
    public async Task Every_task_takes_the_configured_queue_and_run_times()
    {
        var clock = TestSupport.Clock();
        await using var emulator = await StartAsync(clock);
        using var client = TestSupport.ClientFor(emulator);
        var submittedAt = clock.GetUtcNow();

        var task = await client.SubmitAsync(FirstExample("gateway-videos"));

        var emulated = emulator.Tasks.Single(t => t.Id == task.TaskId);
        (emulated.CreatedAt, emulated.StartsAt, emulated.CompletesAt).ShouldBe((submittedAt, submittedAt + Queue, submittedAt + Queue + Run));
        emulated.PhaseAt(submittedAt + Queue - TimeSpan.FromTicks(1)).ShouldBe(TaskPhase.Queued);
        emulated.PhaseAt(submittedAt + Queue).ShouldBe(TaskPhase.Running);
        emulated.PhaseAt(submittedAt + Queue + Run).ShouldBe(TaskPhase.Succeeded);
    }

    private static async Task<List<(string Id, bool Failed)>> OutcomesAsync(int seed)
    {
        var clock = TestSupport.Clock();
        await using var emulator = await StartAsync(clock, failureRate: 0.5, seed: seed);
        using var client = TestSupport.ClientFor(emulator);
        for (var i = 0; i < 40; i++) await client.SubmitAsync(FirstExample("happyhorse-app"));
        return emulator.Tasks.Select(t => (t.Id, t.FailureMessage is not null)).ToList();
    }

    private static async Task<int> FileStatusAsync(HappyHorseEmulator emulator, GenerationTask task)
    {
        var emulated = emulator.Tasks.Single(t => t.Id == task.TaskId);
        using var http = TestSupport.HttpFor(emulator, apiKey: null);
        using var response = await http.GetAsync($"files/{Uri.EscapeDataString(task.TaskId)}/0.{(emulated.Results.Kind == MediaKind.Image ? "png" : "mp4")}");
        return (int)response.StatusCode;
    }

    private static Task<HappyHorseEmulator> StartAsync(FakeTimeProvider clock, double failureRate = 0, int seed = 1) =>
        HappyHorseEmulator.StartAsync(new EmulatorOptions
        {
            ApiKey = TestSupport.ApiKey,
            TimeProvider = clock,
            QueueDuration = Queue,
            RunDuration = Run,
            FailureRate = failureRate,
            Seed = seed,
        });

    private static JsonBodyRequest FirstExample(string profileId)
    {
        var (operation, body) = TestSupport.FirstOperationOf(profileId);
        return new JsonBodyRequest(operation, body);
    }
}
