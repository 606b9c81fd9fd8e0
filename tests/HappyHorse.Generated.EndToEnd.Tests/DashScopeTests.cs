using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>What only DashScope does: the async header, PENDING cancel, UNKNOWN tasks, its answer shapes (service document 004).</summary>
public sealed class DashScopeTests : IAsyncLifetime
{
    private static readonly TimeSpan Queue = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _clock = TestSupport.Clock();
    private HappyHorseEmulator _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await HappyHorseEmulator.StartAsync(new EmulatorOptions { ApiKey = TestSupport.ApiKey, TimeProvider = _clock, QueueDuration = Queue, RunDuration = TimeSpan.FromSeconds(20) });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task A_submit_without_the_async_header_is_refused_403_access_denied()
    {
        using var http = TestSupport.HttpFor(_emulator);

        using var response = await http.PostAsync(SubmitPath.TrimStart('/'), new StringContent(ExampleJson(), Encoding.UTF8, "application/json"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        body.RootElement.GetProperty("code").GetString().ShouldBe("AccessDenied");
        body.RootElement.GetProperty("message").GetString().ShouldBe("current user api does not support synchronous calls");
        body.RootElement.GetProperty("request_id").GetString().ShouldNotBeNullOrEmpty();
        _emulator.Tasks.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_submit_answer_has_the_documented_shape()
    {
        using var http = TestSupport.HttpFor(_emulator);

        using var body = JsonDocument.Parse(await SubmitRawAsync(http));

        body.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["output", "request_id"], ignoreOrder: true);
        body.RootElement.GetProperty("output").EnumerateObject().Select(p => p.Name).ShouldBe(["task_id", "task_status"]);
        body.RootElement.GetProperty("output").GetProperty("task_status").GetString().ShouldBe("PENDING");
    }

    [Fact]
    public async Task A_pending_task_can_be_canceled_and_then_reads_canceled()
    {
        using var client = TestSupport.ClientFor(_emulator);
        using var http = TestSupport.HttpFor(_emulator);
        var task = await client.SubmitAsync(Example());

        using var cancel = await http.PostAsync($"api/v1/tasks/{task.TaskId}/cancel", null);
        using var answer = JsonDocument.Parse(await cancel.Content.ReadAsStringAsync());
        _clock.Advance(TimeSpan.FromMinutes(1));

        cancel.StatusCode.ShouldBe(HttpStatusCode.OK);
        answer.RootElement.GetProperty("request_id").GetString().ShouldNotBeNullOrEmpty();
        var status = await client.GetStatusAsync(task);
        (status.RawStatus, status.Status).ShouldBe(("CANCELED", GenerationStatus.Canceled));
    }

    [Fact]
    public async Task A_running_task_cannot_be_canceled()
    {
        using var client = TestSupport.ClientFor(_emulator);
        using var http = TestSupport.HttpFor(_emulator);
        var task = await client.SubmitAsync(Example());
        _clock.Advance(Queue);

        using var cancel = await http.PostAsync($"api/v1/tasks/{task.TaskId}/cancel", null);
        using var answer = JsonDocument.Parse(await cancel.Content.ReadAsStringAsync());

        cancel.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        answer.RootElement.GetProperty("code").GetString().ShouldBe("UnsupportedOperation");
        (await client.GetStatusAsync(task)).RawStatus.ShouldBe("RUNNING");
    }

    [Fact]
    public async Task A_task_it_never_issued_reads_unknown_which_the_client_takes_as_expired()
    {
        using var client = TestSupport.ClientFor(_emulator);
        var never = new GenerationTask(Example().Operation, "0385dc79-5ff8-4d82-bcb6-000000000000", _emulator.BaseAddress);

        var status = await client.GetStatusAsync(never);

        (status.RawStatus, status.Status).ShouldBe(("UNKNOWN", GenerationStatus.Expired));
    }

    [Fact]
    public async Task A_finished_task_carries_its_times_url_and_usage()
    {
        using var http = TestSupport.HttpFor(_emulator);
        using var submitted = JsonDocument.Parse(await SubmitRawAsync(http));
        var taskId = submitted.RootElement.GetProperty("output").GetProperty("task_id").GetString();
        _clock.Advance(TimeSpan.FromMinutes(1));

        using var body = JsonDocument.Parse(await http.GetStringAsync($"api/v1/tasks/{taskId}"));

        var output = body.RootElement.GetProperty("output");
        output.GetProperty("task_status").GetString().ShouldBe("SUCCEEDED");
        output.GetProperty("submit_time").GetString().ShouldBe("2026-04-08 10:30:00.000");
        output.GetProperty("scheduled_time").GetString().ShouldBe("2026-04-08 10:30:10.000");
        output.GetProperty("end_time").GetString().ShouldBe("2026-04-08 10:30:30.000");
        output.GetProperty("video_url").GetString().ShouldEndWith($"/files/{taskId}/0.mp4");
        body.RootElement.GetProperty("usage").GetProperty("video_duration").GetDouble().ShouldBe(5); // the documented example's parameters.duration
    }

    private static string SubmitPath => Example().Operation.SubmitPath;

    private static JsonBodyRequest Example()
    {
        var (operation, body) = TestSupport.FirstOperationOf("dashscope");
        return new JsonBodyRequest(operation, body);
    }

    private static string ExampleJson() => TestSupport.FirstOperationOf("dashscope").Body.ToJsonString();

    private static async Task<string> SubmitRawAsync(HttpClient http)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, SubmitPath.TrimStart('/')) { Content = new StringContent(ExampleJson(), Encoding.UTF8, "application/json") };
        message.Headers.Add("X-DashScope-Async", "enable");
        using var response = await http.SendAsync(message);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }
}
