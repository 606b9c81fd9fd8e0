using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace HappyHorse.Generated.Hangfire.Tests;

/// <summary>EnqueueAsync, GetAsync, CancelAsync, the submit, the recurring check and the completion hook, on a real PostgreSQL and the emulator.</summary>
[Collection(PostgresCollection.Name)]
public sealed class GenerationJobsTests(PostgresCluster postgres) : IAsyncLifetime
{
    private HappyHorseEmulator _emulator = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _emulator = await HappyHorseEmulator.StartAsync(new EmulatorOptions { QueueDuration = TimeSpan.FromMilliseconds(100), RunDuration = TimeSpan.FromMilliseconds(300) });
        _database = await postgres.CreateDatabaseAsync();
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task A_job_is_submitted_once_checked_by_the_recurring_job_and_its_file_stored_whole()
    {
        await using var host = await JobsHost.StartAsync(_database, _emulator);
        var (id, enqueued) = await host.Jobs.EnqueueAsync(JobsHost.Video("an eagle"), new GenerationJobOptions { CallerKey = "order-1", Name = "eagle" });
        enqueued.ShouldBeTrue();

        var job = await host.WaitAsync(id, j => j.IsFinished);

        job.State.ShouldBe(GenerationJobState.Succeeded, job.Message);
        job.Handle.ShouldNotBeNull();
        job.StatusChecks.ShouldBeGreaterThan(0);
        var file = job.Files.ShouldHaveSingleItem();
        Path.GetFileName(file).ShouldBe("eagle.mp4");
        File.ReadAllBytes(file).ShouldBe(_emulator.ResultFile(job.Handle!.TaskId, 0));
        JobsHost.Submits(_emulator).Count.ShouldBe(1);

        // The files are stored from the answer that said succeeded: no status request beyond the checks.
        _emulator.Requests.Count(r => r.Method == "GET" && !r.Path.StartsWith("/files/", StringComparison.Ordinal)).ShouldBe(job.StatusChecks);
    }

    [Fact]
    public async Task A_failed_download_is_stored_again_later_without_a_second_submit()
    {
        await using var flaky = await HappyHorseEmulator.StartAsync(new EmulatorOptions
        {
            QueueDuration = TimeSpan.FromMilliseconds(100),
            RunDuration = TimeSpan.FromMilliseconds(300),
            Faults = { new FaultRule { PathPrefix = "/files/", ServerErrorRate = 1, MaxFaults = 2 } },
        });
        await using var host = await JobsHost.StartAsync(_database, flaky, services: s => s.Configure<HappyHorseClientOptions>(o => o.Retry.MaxRetries = 0));
        var (id, _) = await host.Jobs.EnqueueAsync(JobsHost.Video("stored at the third try"));

        var job = await host.WaitAsync(id, j => j.IsFinished, TimeSpan.FromSeconds(60));

        job.State.ShouldBe(GenerationJobState.Succeeded, job.Message);
        File.ReadAllBytes(job.Files.ShouldHaveSingleItem()).ShouldBe(flaky.ResultFile(job.Handle!.TaskId, 0));
        flaky.Requests.Count(r => r.Path.StartsWith("/files/", StringComparison.Ordinal)).ShouldBe(3);
        JobsHost.Submits(flaky).Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_same_caller_key_enqueued_twice_is_one_job_and_another_request_under_it_is_refused()
    {
        await using var host = await JobsHost.StartAsync(_database, _emulator, server: false);
        var first = await host.Jobs.EnqueueAsync(JobsHost.Video("a fox"), new GenerationJobOptions { CallerKey = "k" });
        var again = await host.Jobs.EnqueueAsync(JobsHost.Video("a fox"), new GenerationJobOptions { CallerKey = "k" });

        again.ShouldBe((first.JobId, false));
        (await JobsHost.CountAsync(_database, "SELECT count(*) FROM hangfire.job")).ShouldBe(1);
        var refused = await Should.ThrowAsync<GenerationJobsException>(() => host.Jobs.EnqueueAsync(JobsHost.Video("a wolf"), new GenerationJobOptions { CallerKey = "k" }));
        refused.Message.ShouldContain("was enqueued before with another request");
        (await JobsHost.CountAsync(_database, "SELECT count(*) FROM happyhorse.generation_jobs")).ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_enqueues_of_one_key_make_one_job()
    {
        await using var host = await JobsHost.StartAsync(_database, _emulator, server: false);
        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.Jobs.EnqueueAsync(JobsHost.Video("a bear"), new GenerationJobOptions { CallerKey = "same" })));

        all.Select(r => r.JobId).Distinct().Count().ShouldBe(1);
        all.Count(r => r.Enqueued).ShouldBe(1);
        (await JobsHost.CountAsync(_database, "SELECT count(*) FROM hangfire.job")).ShouldBe(1);
    }

    [Fact]
    public async Task A_bad_request_is_refused_before_anything_is_stored()
    {
        await using var host = await JobsHost.StartAsync(_database, _emulator, server: false);
        var bad = HappyHorse.Generated.Models.HappyHorseVideo.TextToVideo("x").WithDuration(99);

        await Should.ThrowAsync<HappyHorseValidationException>(() => host.Jobs.EnqueueAsync(bad));
        (await host.Jobs.GetAsync(1)).ShouldBeNull();
        (await JobsHost.CountAsync(_database, "SELECT count(*) FROM happyhorse.generation_jobs")).ShouldBe(0);
    }

    [Fact]
    public async Task The_check_leaves_a_queued_job_to_Hangfire_while_its_run_is_held_and_hands_on_one_whose_run_is_lost()
    {
        await using var host = await JobsHost.StartAsync(_database, _emulator, server: false);
        var (held, _) = await host.Jobs.EnqueueAsync(JobsHost.Video("held in a long queue"));
        var (lost, _) = await host.Jobs.EnqueueAsync(JobsHost.Video("its run deleted"));
        var heldRun = await JobsHost.CountAsync(_database, $"SELECT hangfire_id::bigint FROM happyhorse.generation_jobs WHERE id = {held}");
        var lostRun = await JobsHost.CountAsync(_database, $"SELECT hangfire_id::bigint FROM happyhorse.generation_jobs WHERE id = {lost}");
        global::Hangfire.BackgroundJobClientExtensions.Delete(host.Services.GetRequiredService<global::Hangfire.IBackgroundJobClient>(), lostRun.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBeTrue();
        await JobsHost.CountAsync(_database, "WITH due AS (UPDATE happyhorse.generation_jobs SET next_check_at = now() RETURNING 1) SELECT count(*) FROM due");

        (await host.Services.GetRequiredService<StatusChecker>().CheckBatchAsync(CancellationToken.None)).ShouldBe(2);

        // A second run beside the one still queued would find its intent and call the job uncertain: not enqueued again.
        (await JobsHost.CountAsync(_database, $"SELECT count(*) FROM hangfire.jobqueue WHERE jobid = {heldRun}")).ShouldBe(1);
        (await JobsHost.CountAsync(_database, $"SELECT count(*) FROM hangfire.job WHERE id = {lostRun} AND statename = 'Enqueued'")).ShouldBe(1);
        (await host.Jobs.GetAsync(held))!.State.ShouldBe(GenerationJobState.Queued);
    }

    [Fact]
    public async Task A_run_that_finds_an_intent_without_a_handle_makes_the_job_uncertain_and_sends_nothing()
    {
        await using var host = await JobsHost.StartAsync(_database, _emulator, server: false);
        var (id, _) = await host.Jobs.EnqueueAsync(JobsHost.Video("a crash mid-submit"));

        // What a worker killed between committing the intent and recording the answer leaves behind.
        await JobsHost.CountAsync(_database, $"UPDATE happyhorse.generation_jobs SET state = 'submitting', intent_at = now() WHERE id = {id} RETURNING 1");
        await host.Services.GetRequiredService<GenerationJobRunner>().RunAsync(id, "again", CancellationToken.None);

        var job = (await host.Jobs.GetAsync(id))!;
        job.State.ShouldBe(GenerationJobState.Uncertain);
        job.Message!.ShouldContain("not sent again");
        job.BodyFingerprint.ShouldStartWith("sha256:");
        JobsHost.Submits(_emulator).ShouldBeEmpty();

        // Reconciled as a person would: no task was found, so it is sent again, once.
        await host.Jobs.ResubmitAsync(id);
        await host.Services.GetRequiredService<GenerationJobRunner>().RunAsync(id, "again", CancellationToken.None);
        (await host.Jobs.GetAsync(id))!.State.ShouldBe(GenerationJobState.Submitted);
        JobsHost.Submits(_emulator).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Cancel_of_a_queued_job_sends_nothing()
    {
        await using (var enqueuer = await JobsHost.StartAsync(_database, _emulator, server: false))
        {
            var (id, _) = await enqueuer.Jobs.EnqueueAsync(JobsHost.Video("never"));
            (await enqueuer.Jobs.CancelAsync(id)).ShouldBe(GenerationJobCancelOutcome.NotSent);
            (await enqueuer.Jobs.CancelAsync(id)).ShouldBe(GenerationJobCancelOutcome.AlreadyFinished);
        }

        await using var worker = await JobsHost.StartAsync(_database, _emulator);
        var (other, _) = await worker.Jobs.EnqueueAsync(JobsHost.Video("after"));
        await worker.WaitAsync(other, j => j.IsFinished);
        JobsHost.Submits(_emulator).Count.ShouldBe(1);
        (await worker.Jobs.GetAsync(1))!.State.ShouldBe(GenerationJobState.Canceled);
    }

    [Fact]
    public async Task Cancel_of_a_waiting_task_cancels_it_at_the_service_where_the_dialect_can()
    {
        await using var slow = await HappyHorseEmulator.StartAsync(new EmulatorOptions { QueueDuration = TimeSpan.FromMinutes(5) });
        await using var host = await JobsHost.StartAsync(_database, slow);
        var (wan, _) = await host.Jobs.EnqueueAsync(JobsHost.DashScope("waves"));
        var (video, _) = await host.Jobs.EnqueueAsync(JobsHost.Video("clouds"));
        await host.WaitAsync(wan, j => j.State == GenerationJobState.Waiting);
        await host.WaitAsync(video, j => j.State is GenerationJobState.Submitted or GenerationJobState.Waiting);

        (await host.Jobs.CancelAsync(wan)).ShouldBe(GenerationJobCancelOutcome.CanceledAtService);
        (await host.Jobs.CancelAsync(video)).ShouldBe(GenerationJobCancelOutcome.StoppedWaiting);

        slow.Requests.Count(r => r.Path.EndsWith("/cancel", StringComparison.Ordinal)).ShouldBe(1);
        (await host.Jobs.GetAsync(wan))!.State.ShouldBe(GenerationJobState.Canceled);
        var stopped = (await host.Jobs.GetAsync(video))!;
        stopped.State.ShouldBe(GenerationJobState.Canceled);
        stopped.Message!.ShouldContain("goes on at the service");
        JobsHost.Submits(slow).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_failed_task_ends_failed_with_the_service_reason_and_the_handler_is_told()
    {
        await using var failing = await HappyHorseEmulator.StartAsync(new EmulatorOptions { QueueDuration = TimeSpan.FromMilliseconds(50), RunDuration = TimeSpan.FromMilliseconds(100), FailureRate = 1 });
        var handler = new RecordingHandler(throwTimes: 0);
        await using var host = await JobsHost.StartAsync(_database, failing, services: s => s.AddSingleton<IGenerationJobHandler>(handler));
        var (id, _) = await host.Jobs.EnqueueAsync(JobsHost.Video("doomed"));

        var job = await host.WaitAsync(id, j => j.IsFinished);
        job.State.ShouldBe(GenerationJobState.Failed);
        job.Message.ShouldBe(failing.Options.FailureMessage);
        await WaitForAsync(() => handler.Calls >= 1);
        handler.Seen.ShouldContain(j => j.Id == id && j.State == GenerationJobState.Failed);
    }

    [Fact]
    public async Task A_handler_that_throws_is_run_again_without_sending_or_downloading_again()
    {
        var handler = new RecordingHandler(throwTimes: 1);
        await using var host = await JobsHost.StartAsync(_database, _emulator, services: s => s.AddSingleton<IGenerationJobHandler>(handler));
        var (id, _) = await host.Jobs.EnqueueAsync(JobsHost.Video("told twice"));

        await WaitForAsync(() => handler.Calls >= 2, TimeSpan.FromSeconds(40));
        var job = (await host.Jobs.GetAsync(id))!;
        job.State.ShouldBe(GenerationJobState.Succeeded);
        handler.Seen.ShouldAllBe(j => j.State == GenerationJobState.Succeeded);
        JobsHost.Submits(_emulator).Count.ShouldBe(1);
        _emulator.Requests.Count(r => r.Path.StartsWith("/files/", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task An_unreachable_database_is_named_without_its_password()
    {
        var port = PostgresCluster.FreePort();
        await using var host = await JobsHost.StartAsync($"Host=127.0.0.1;Port={port};Database=orders;Username=app;Password=hunter2-secret;Timeout=2", _emulator, server: false);

        var error = await Should.ThrowAsync<GenerationJobsException>(() => host.Jobs.EnqueueAsync(JobsHost.Video("x")));
        error.Message.ShouldContain($"database 'orders' on 127.0.0.1:{port}");
        error.ToString().ShouldNotContain("hunter2-secret");
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not come true in time.");
            await Task.Delay(50);
        }
    }

    private sealed class RecordingHandler(int throwTimes) : IGenerationJobHandler
    {
        private int _calls;

        public int Calls => _calls;

        public System.Collections.Concurrent.ConcurrentBag<GenerationJob> Seen { get; } = [];

        public Task OnJobEndedAsync(GenerationJob job, CancellationToken cancellationToken)
        {
            Seen.Add(job);
            if (Interlocked.Increment(ref _calls) <= throwTimes) throw new InvalidOperationException("the app's handler failed");
            return Task.CompletedTask;
        }
    }
}
