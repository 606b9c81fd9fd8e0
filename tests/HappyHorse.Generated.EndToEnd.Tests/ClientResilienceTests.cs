using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>The client's retry rules against the emulator's injected faults, over real HTTP on loopback.</summary>
public class ClientResilienceTests
{
    private static HappyHorseClient Client(HappyHorseEmulator emulator) => new(new HappyHorseClientOptions
    {
        BaseUrl = emulator.BaseAddress,
        ApiKey = TestSupport.ApiKey,
        PollSchedule = TestSupport.Fast,
        Retry = { BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50), MaxRetryAfter = TimeSpan.FromSeconds(1) },
    });

    private static async Task<HappyHorseEmulator> Start(FaultRule fault)
    {
        var options = TestSupport.QuickOptions();
        options.Faults.Add(fault);
        return await HappyHorseEmulator.StartAsync(options);
    }

    [Fact]
    public async Task Status_queries_ride_out_server_errors_and_a_dropped_connection()
    {
        await using var emulator = await Start(new FaultRule { PathPrefix = "/api/status", ServerErrorRate = 1, ServerErrorStatuses = [503], MaxFaults = 2 });
        await using var dropping = await Start(new FaultRule { PathPrefix = "/api/status", DropConnectionRate = 1, MaxFaults = 1 });
        using var client = Client(emulator);
        using var dropClient = Client(dropping);

        var result = await client.GenerateAsync(HappyHorseVideo.TextToVideo("p"));
        var afterDrop = await dropClient.GenerateAsync(HappyHorseVideo.TextToVideo("p"));

        result.Url.IsLoopback.ShouldBeTrue();
        afterDrop.Url.IsLoopback.ShouldBeTrue();
        emulator.Requests.Count(r => r.InjectedFault != FaultKind.None).ShouldBe(2);
        dropping.Requests.Count(r => r.InjectedFault != FaultKind.None).ShouldBe(1);
    }

    [Fact]
    public async Task A_submit_answered_502_is_not_resent_and_says_the_task_may_exist()
    {
        await using var emulator = await Start(new FaultRule { PathPrefix = "/api/generate", ServerErrorRate = 1, ServerErrorStatuses = [502], MaxFaults = 1 });
        using var client = Client(emulator);

        var error = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(() => client.SubmitAsync(HappyHorseVideo.TextToVideo("p")));

        error.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        emulator.Requests.Count(r => r.Method == "POST").ShouldBe(1);
    }

    [Fact]
    public async Task A_submit_answered_429_is_sent_again_after_Retry_After()
    {
        await using var emulator = await Start(new FaultRule { PathPrefix = "/api/generate", RateLimitRate = 1, RetryAfter = TimeSpan.FromMilliseconds(300), MaxFaults = 1 });
        using var client = Client(emulator);

        var task = await client.SubmitAsync(HappyHorseVideo.TextToVideo("p"));

        task.TaskId.ShouldNotBeNullOrEmpty();
        var posts = emulator.Requests.Where(r => r.Method == "POST").ToList();
        posts.Count.ShouldBe(2);
        emulator.Tasks.Count.ShouldBe(1); // one task, one charge
    }
}
