using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using Spectre.Console.Testing;

namespace HappyHorse.Cli.Tests;

/// <summary><c>batch</c> in process: checks before the first submit, the journal's promises, and reconciling uncertain submits.</summary>
public sealed class BatchTests : IAsyncLifetime
{
    private readonly string _directory = CliHarness.TempDirectory("batch");
    private HappyHorseEmulator _emulator = null!;

    private string Jobs => Path.Combine(_directory, "jobs.jsonl");

    private string Journal => Jobs + ".journal";

    private string Out => Path.Combine(_directory, "out");

    public async Task InitializeAsync() => _emulator = await HappyHorseEmulator.StartAsync(CliHarness.QuickEmulator());

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Lines for <paramref name="count"/> jobs, videos and images alternating, each prompt naming its line.</summary>
    internal static IEnumerable<string> JobLines(int count) => Enumerable.Range(1, count).Select(i => i % 2 == 1
        ? $$$"""{"model": "happyhorse-1.0/video", "operation": "text-to-video", "fields": {"prompt": "job {{{i}}}", "duration": 3, "mode": "std", "sound": false}}"""
        : $$$"""{"model": "gpt-image-2", "operation": "text-to-image", "fields": {"prompt": "job {{{i}}}"}}""");

    private Task<CliRun> Batch(HappyHorseEmulator emulator, params string[] extra) =>
        CliHarness.RunAsync(CliHarness.For(emulator), null, ["batch", Jobs, "--out", Out, "--poll-interval", "0.02", .. extra.Contains("--concurrency") ? extra : [.. extra, "--concurrency", "4"]]);

    private static int Accepted(HappyHorseEmulator emulator) => emulator.Requests.Count(r => r.CreatedTaskId is not null);

    private List<JsonNode> Results() => [.. File.ReadAllLines(Path.Combine(Out, "results.jsonl")).Select(l => JsonNode.Parse(l)!)];

    [Fact]
    public async Task Every_line_is_checked_before_the_first_submit_and_every_problem_listed()
    {
        File.WriteAllLines(Jobs, [
            .. JobLines(2),
            """{"model": "no-such-model", "operation": "text-to-video", "fields": {}}""",
            """{"model": "happyhorse-1.0/video", "operation": "text-to-video", "fields": {"prompt": "p", "duration": 99}, "colour": "red"}""",
            "{not json",
            "",
            """{"id": "same", "model": "gpt-image-2", "operation": "text-to-image", "fields": {"prompt": "a"}}""",
            """{"id": "same", "model": "gpt-image-2", "operation": "text-to-image", "fields": {"prompt": "b"}}""",
        ]);

        var run = await Batch(_emulator);

        run.Code.ShouldBe(ExitCode.InvalidInput, run.ToString());
        run.Error.ShouldContain("line 3: No model 'no-such-model'");
        run.Error.ShouldContain("line 4: unknown property 'colour'");
        run.Error.ShouldContain("line 4: happyhorse-1.0/video text-to-video: duration must be between 3 and 15 (was 99)");
        run.Error.ShouldContain("line 5: not JSON");
        run.Error.ShouldContain("lines 7, 8: the id 'same' is used more than once");
        _emulator.Requests.ShouldBeEmpty();
        File.Exists(Journal).ShouldBeFalse();
    }

    [Fact]
    public async Task A_budget_below_the_estimates_refuses_before_anything_is_sent()
    {
        File.WriteAllLines(Jobs, Enumerable.Range(1, 3).Select(i => $$$"""{"model": "happyhorse-1.0/video", "operation": "text-to-video", "fields": {"prompt": "{{{i}}}", "duration": 5, "mode": "pro", "sound": true}}"""));

        var estimate = await Batch(_emulator, "--estimate");
        var over = await Batch(_emulator, "--budget", "1199");

        estimate.Out.Trim().ShouldBe("Estimate: 1200 credits for 3 of 3 jobs");
        over.Code.ShouldBe(ExitCode.InvalidInput, over.ToString());
        over.Error.ShouldContain("estimated at 1200 credits, over the budget of 1199");
        _emulator.Requests.ShouldBeEmpty();
        (await Batch(_emulator, "--budget", "1200")).Code.ShouldBe(ExitCode.Success);
    }

    [Fact]
    public async Task A_batch_saves_every_jobs_files_and_results_and_the_same_command_again_sends_nothing()
    {
        File.WriteAllLines(Jobs, [.. JobLines(6), """{"id": "hero shot", "model": "wan2.7-t2v", "operation": "text-to-video", "fields": {"input.prompt": "waves"}}"""]);

        var first = await Batch(_emulator);
        var second = await Batch(_emulator, "--json");

        first.Code.ShouldBe(ExitCode.Success, first.ToString());
        Accepted(_emulator).ShouldBe(7);
        var results = Results();
        results.Select(r => (string)r["outcome"]!).ShouldAllBe(o => o == "succeeded");
        results.Select(r => (string)r["job"]!).ShouldBe(["job-1", "job-2", "job-3", "job-4", "job-5", "job-6", "hero shot"]);
        foreach (var result in results) File.Exists(Path.Combine(Out, (string)result["files"]![0]!)).ShouldBeTrue();
        ((double)results[0]["credits"]!).ShouldBe(120);
        first.Out.ShouldContain("succeeded  7");

        second.Code.ShouldBe(ExitCode.Success, second.ToString());
        Accepted(_emulator).ShouldBe(7);
        JsonNode.Parse(second.Out.Trim().Split('\n').Last())!["succeeded"]!.GetValue<int>().ShouldBe(7);
    }

    [Fact]
    public async Task A_submit_answered_5xx_is_uncertain_listed_and_not_resent_until_the_user_says_so()
    {
        await using var faulty = await HappyHorseEmulator.StartAsync(With(new FaultRule { PathPrefix = "/api/generate", Method = "POST", ServerErrorRate = 1, ServerErrorStatuses = [500], MaxFaults = 1 }));
        File.WriteAllLines(Jobs, JobLines(3));

        var first = await Batch(faulty, "--concurrency", "1");
        var again = await Batch(faulty);

        first.Code.ShouldBe(ExitCode.SubmitUncertain, first.ToString());
        first.Error.ShouldContain("1 submit(s) may have reached the service and were not sent again:");
        first.Error.ShouldContain("line 1 (job-1");
        Results().Single(r => (string)r["job"]! == "job-1")["outcome"]!.GetValue<string>().ShouldBe("uncertain");
        again.Code.ShouldBe(ExitCode.SubmitUncertain, again.ToString());
        faulty.Requests.Count(r => r.Method == "POST").ShouldBe(3);

        var resubmitted = await Batch(faulty, "--resubmit-uncertain");

        resubmitted.Code.ShouldBe(ExitCode.Success, resubmitted.ToString());
        faulty.Requests.Count(r => r.Method == "POST").ShouldBe(4);
        Results().ShouldAllBe(r => (string)r["outcome"]! == "succeeded");
    }

    [Fact]
    public async Task A_submit_whose_answer_was_lost_is_attached_to_the_task_the_service_made_instead_of_paying_again()
    {
        await using var dropping = await HappyHorseEmulator.StartAsync(With(new FaultRule { PathPrefix = "/api/generate", Method = "POST", DropConnectionRate = 1, MaxFaults = 1 }));
        File.WriteAllLines(Jobs, JobLines(1));

        var first = await Batch(dropping);
        var taskId = dropping.Requests.Single(r => r.Method == "POST").CreatedTaskId;
        taskId.ShouldNotBeNull("the emulator made the task before dropping the answer");
        var attached = await Batch(dropping, "--attach", $"1={taskId}");

        first.Code.ShouldBe(ExitCode.SubmitUncertain, first.ToString());
        attached.Code.ShouldBe(ExitCode.Success, attached.ToString());
        dropping.Requests.Count(r => r.Method == "POST").ShouldBe(1);
        Results().Single()["taskId"]!.GetValue<string>().ShouldBe(taskId);
        (await Batch(dropping, "--attach", "1=other")).Code.ShouldBe(ExitCode.InvalidInput, "line 1 is no longer uncertain");
    }

    [Fact]
    public async Task A_torn_last_line_is_ignored_an_accepted_job_is_waited_on_and_an_intent_without_handle_is_uncertain()
    {
        File.WriteAllLines(Jobs, JobLines(2));
        (await Batch(_emulator)).Code.ShouldBe(ExitCode.Success);
        var records = File.ReadAllLines(Journal).Select(l => JsonNode.Parse(l)!).ToList();
        var job2TaskId = (string)records.Single(r => (string)r["type"]! == "submitted" && (int)r["job"]! == 2)["handle"]!["taskId"]!;

        // As if killed: job 1 accepted but not finished, job 2 mid-submit, and the last write torn.
        var kept = records.Where(r => (string)r["type"]! == "intent" || ((string)r["type"]! == "submitted" && (int)r["job"]! == 1));
        File.WriteAllText(Journal, string.Concat(kept.Select(r => r.ToJsonString() + "\n")) + """{"type":"finished","job":1,"outc""");
        Directory.Delete(Out, recursive: true);

        var resumed = await Batch(_emulator);

        resumed.Code.ShouldBe(ExitCode.SubmitUncertain, resumed.ToString());
        resumed.Error.ShouldContain("1 torn line(s)");
        resumed.Error.ShouldContain("line 2 (job-2");
        Accepted(_emulator).ShouldBe(2);
        Results()[0]["outcome"]!.GetValue<string>().ShouldBe("succeeded");
        File.Exists(Path.Combine(Out, "job-1.mp4")).ShouldBeTrue();

        var reconciled = await Batch(_emulator, "--attach", $"2={job2TaskId}");

        reconciled.Code.ShouldBe(ExitCode.Success, reconciled.ToString());
        Accepted(_emulator).ShouldBe(2);
        File.Exists(Path.Combine(Out, "job-2.png")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_jobs_file_changed_since_the_journal_is_refused()
    {
        File.WriteAllLines(Jobs, JobLines(2));
        (await Batch(_emulator)).Code.ShouldBe(ExitCode.Success);
        File.WriteAllLines(Jobs, [.. JobLines(2).Select(l => l.Replace("job 1", "job one", StringComparison.Ordinal))]);

        var run = await Batch(_emulator);

        run.Code.ShouldBe(ExitCode.InvalidInput, run.ToString());
        run.Error.ShouldContain("line 1: the job changed since the journal recorded it");
        Accepted(_emulator).ShouldBe(2);
    }

    [Fact]
    public async Task Skip_uncertain_gives_them_up_and_the_batch_ends_successfully()
    {
        await using var faulty = await HappyHorseEmulator.StartAsync(With(new FaultRule { PathPrefix = "/api/generate", Method = "POST", ServerErrorRate = 1, ServerErrorStatuses = [503], MaxFaults = 1 }));
        File.WriteAllLines(Jobs, JobLines(1));
        (await Batch(faulty)).Code.ShouldBe(ExitCode.SubmitUncertain);

        var skipped = await Batch(faulty, "--skip-uncertain");

        skipped.Code.ShouldBe(ExitCode.Success, skipped.ToString());
        Results().Single()["outcome"]!.GetValue<string>().ShouldBe("skipped");
        faulty.Requests.Count(r => r.Method == "POST").ShouldBe(1);
    }

    [Fact]
    public async Task On_a_terminal_the_batch_shows_live_counts_and_journal_times_come_from_the_injected_clock()
    {
        File.WriteAllLines(Jobs, JobLines(3));
        var terminal = new TestConsole().Width(160);
        terminal.Profile.Capabilities.Interactive = true;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Out = output,
            Error = error,
            Terminal = terminal,
            Time = clock,
            Variable = name => CliHarness.For(_emulator).GetValueOrDefault(name),
        };

        // The client polls on the same clock: move it while the batch runs.
        var batch = HappyHorseCli.RunAsync(["batch", Jobs, "--out", Out, "--poll-interval", "1"], environment);
        while (!batch.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        (await batch).ShouldBe(ExitCode.Success, error.ToString());
        terminal.Output.ShouldContain("done 3/3, running 0, failed 0, uncertain 0");
        File.ReadAllLines(Journal).ShouldAllBe(l => l.Contains("\"at\":\"2030-01-", StringComparison.Ordinal));
        terminal.Output.ShouldContain("succeeded");
        output.ToString().ShouldContain("results.jsonl");
    }

    private static EmulatorOptions With(FaultRule rule)
    {
        var options = CliHarness.QuickEmulator();
        options.Faults.Add(rule);
        return options;
    }
}
