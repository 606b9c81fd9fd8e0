using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.Jobs;

namespace HappyHorse.Generated.Hangfire.Tests;

/// <summary>
/// PostgreSQL stopped with <c>pg_ctl stop -m immediate</c> mid-batch and started again: the workers recover, nothing is
/// lost, nothing is sent twice. 40 jobs (scaled from the batch to keep the whole project under its 120 s budget).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseRestartTests(PostgresCluster postgres) : IAsyncLifetime
{
    private const int JobCount = 40;
    private HappyHorseEmulator _emulator = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _emulator = await HappyHorseEmulator.StartAsync(new EmulatorOptions { QueueDuration = TimeSpan.FromMilliseconds(200), RunDuration = TimeSpan.FromMilliseconds(800) });
        _database = await postgres.CreateDatabaseAsync();
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task A_database_crash_mid_batch_loses_no_job_and_sends_none_twice()
    {
        if (!postgres.IsOwn) return; // HAPPYHORSE_TEST_POSTGRES: not ours to stop.
        await using var host = await JobsHost.StartAsync(_database, _emulator);
        var ids = new long[JobCount];
        for (var i = 0; i < JobCount; i++) ids[i] = (await host.Jobs.EnqueueAsync(JobsHost.Video($"restart {i}"), new GenerationJobOptions { CallerKey = $"r{i}" })).JobId;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_emulator.Requests.Count(r => r.CreatedTaskId is not null) < JobCount / 4 && DateTime.UtcNow < deadline) await Task.Delay(20);

        await postgres.CrashAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await postgres.StartAsync();

        var jobs = await Task.WhenAll(ids.Select(id => host.WaitAsync(id, j => j.IsFinished || j.State == GenerationJobState.Uncertain, TimeSpan.FromSeconds(60))));
        var accepted = _emulator.Requests.Where(r => r.CreatedTaskId is not null).ToList();
        accepted.Select(r => r.Body).Distinct().Count().ShouldBe(accepted.Count, "a job's submit was accepted twice");
        foreach (var job in jobs.Where(j => j.State == GenerationJobState.Succeeded))
        {
            accepted.Count(r => r.CreatedTaskId == job.Handle!.TaskId).ShouldBe(1);
            File.ReadAllBytes(job.Files.Single()).ShouldBe(_emulator.ResultFile(job.Handle!.TaskId, 0));
        }

        // An uncertain job (its answer lost with the database) is found in the service's records by its fingerprint.
        foreach (var job in jobs.Where(j => j.State == GenerationJobState.Uncertain))
        {
            _emulator.Requests.Count(r => HappyHorseSubmitUncertainException.FingerprintOf(Encoding.UTF8.GetBytes(r.Body)) == job.BodyFingerprint).ShouldBe(1);
        }

        jobs.Count(j => j.State == GenerationJobState.Succeeded).ShouldBeGreaterThan(JobCount / 2);
        jobs.ShouldAllBe(j => j.State == GenerationJobState.Succeeded || j.State == GenerationJobState.Uncertain);
    }
}
