using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HappyHorse.Generated.Hangfire.Tests;

/// <summary>A status call that hangs (the answer trickles in a byte every ten minutes) ends at the check's deadline, in virtual time.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StatusCheckDeadlineTests(PostgresCluster postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);
    private HappyHorseEmulator _emulator = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        var options = new EmulatorOptions();
        options.Faults.Add(new FaultRule { Method = "GET", SlowBodyRate = 1, SlowBodyInterval = TimeSpan.FromMinutes(10) });
        _emulator = await HappyHorseEmulator.StartAsync(options);
        _database = await postgres.CreateDatabaseAsync();
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task A_hung_status_call_ends_at_the_deadline_and_its_task_is_checked_again_later()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await JobsHost.StartAsync(_database, _emulator, server: false, services: s =>
        {
            s.AddSingleton<TimeProvider>(time);
            s.Configure<GenerationJobsOptions>(o => o.CheckTimeout = Deadline);
        });
        var (id, _) = await host.Jobs.EnqueueAsync(JobsHost.Video("hung"));
        await JobsHost.CountAsync(_database, $"UPDATE happyhorse.generation_jobs SET state = 'uncertain' WHERE id = {id} RETURNING 1");
        await host.Jobs.AttachAsync(id, "video_hung");
        var checker = host.Services.GetRequiredService<StatusChecker>();

        var check = checker.CheckBatchAsync(CancellationToken.None);
        var asked = DateTime.UtcNow.AddSeconds(20);
        while (!_emulator.Requests.Any(r => r.Method == "GET") && DateTime.UtcNow < asked) await Task.Delay(20);
        _emulator.Requests.ShouldContain(r => r.Method == "GET" && r.InjectedFault == FaultKind.SlowBody);
        time.Advance(Deadline - TimeSpan.FromMilliseconds(1));
        check.IsCompleted.ShouldBeFalse("the check ended before its deadline");
        time.Advance(TimeSpan.FromMilliseconds(1));

        (await check.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe(1);
        var job = (await host.Jobs.GetAsync(id))!;
        job.State.ShouldBe(GenerationJobState.Waiting);
        job.StatusChecks.ShouldBe(1);
        (await JobsHost.CountAsync(_database, $"SELECT count(*) FROM happyhorse.generation_jobs WHERE id = {id} AND next_check_at > now()")).ShouldBe(1);
    }
}
