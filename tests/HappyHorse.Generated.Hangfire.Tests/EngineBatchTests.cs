using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Cli;
using HappyHorse.Emulator;

namespace HappyHorse.Generated.Hangfire.Tests;

/// <summary><c>happyhorse batch --engine</c> and <c>batch status</c>, in process, with a worker app on the same database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class EngineBatchTests(PostgresCluster postgres) : IAsyncLifetime
{
    private const int JobCount = 6;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "happyhorse-engine-" + Guid.NewGuid().ToString("N")[..8]);
    private HappyHorseEmulator _emulator = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _emulator = await HappyHorseEmulator.StartAsync(new EmulatorOptions { QueueDuration = TimeSpan.FromMilliseconds(100), RunDuration = TimeSpan.FromMilliseconds(300) });
        _database = await postgres.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_same_file_enqueued_twice_and_by_two_commands_at_once_makes_each_job_once_and_wait_writes_the_results()
    {
        var jobs = Path.Combine(_directory, "jobs.jsonl");
        var output = Path.Combine(_directory, "out");
        File.WriteAllLines(jobs, Enumerable.Range(1, JobCount).Select(i => $$$"""{"model": "happyhorse-1.0/video", "operation": "text-to-video", "fields": {"prompt": "job {{{i}}}", "duration": 3}}"""));
        string[] enqueue = ["batch", jobs, "--engine", _database, "--out", output];

        // Two commands at once are two processes (Hangfire's configuration is global to a process, as each command is).
        var both = await Task.WhenAll(WorkerProcess.RunCliAsync(enqueue), WorkerProcess.RunCliAsync(enqueue));
        both.ShouldAllBe(r => r.Code == (int)ExitCode.Success);
        both.Sum(r => int.Parse(r.Out.Split(' ')[1].TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(JobCount);
        (await RunAsync(enqueue)).Out.Trim().ShouldBe($"enqueued 0, already enqueued {JobCount}");

        await using var worker = await JobsHost.StartAsync(_database, _emulator);
        var waited = await RunAsync([.. enqueue, "--wait"]);

        waited.Code.ShouldBe(ExitCode.Success, waited.Error);
        waited.Out.ShouldContain($"enqueued 0, already enqueued {JobCount}");
        var results = File.ReadAllLines(Path.Combine(output, "results.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        results.Count.ShouldBe(JobCount);
        foreach (var result in results)
        {
            result["outcome"]!.GetValue<string>().ShouldBe("succeeded");
            var file = Path.Combine(output, result["files"]![0]!.GetValue<string>());
            File.ReadAllBytes(file).ShouldBe(_emulator.ResultFile(result["taskId"]!.GetValue<string>(), 0));
        }

        JobsHost.Submits(_emulator).Count.ShouldBe(JobCount);
        var status = await RunAsync(["batch", "status", jobs, "--engine", _database, "--json"]);
        JsonNode.Parse(status.Out)!["succeeded"]!.GetValue<int>().ShouldBe(JobCount);
    }

    [Fact]
    public async Task Engine_wait_reports_failed_tasks_with_the_file_journal_batchs_exit_code_and_results()
    {
        await using var failing = await HappyHorseEmulator.StartAsync(new EmulatorOptions { QueueDuration = TimeSpan.FromMilliseconds(50), RunDuration = TimeSpan.FromMilliseconds(100), FailureRate = 1 });
        var jobs = Path.Combine(_directory, "failing.jsonl");
        File.WriteAllLines(jobs, Enumerable.Range(1, 2).Select(i => $$$"""{"model": "happyhorse-1.0/video", "operation": "text-to-video", "fields": {"prompt": "doomed {{{i}}}", "duration": 3}}"""));
        await using var worker = await JobsHost.StartAsync(_database, failing);

        var engine = await RunAsync(["batch", jobs, "--engine", _database, "--out", Path.Combine(_directory, "engine"), "--wait"]);
        var journal = await RunAsync(["batch", jobs, "--base-url", failing.BaseAddress.ToString(), "--poll-interval", "0.2", "--out", Path.Combine(_directory, "journal")], name => name == HappyHorseClientOptions.ApiKeyVariable ? failing.Options.ApiKey : null);

        journal.Code.ShouldBe(ExitCode.TaskFailed, journal.Error);
        engine.Code.ShouldBe(journal.Code, engine.Error);
        // The same lines but for the message's wording: the journal's names the task ("… task X ended Failed: REASON"), the engine's is the service's reason.
        JsonObject[] Results(string folder) => [.. File.ReadAllLines(Path.Combine(_directory, folder, "results.jsonl")).Select(l => JsonNode.Parse(l)!.AsObject())];
        string Without(JsonObject result, params string[] keys)
        {
            var copy = result.DeepClone().AsObject();
            foreach (var key in keys) copy.Remove(key);
            return copy.ToJsonString();
        }

        Results("engine").Select(r => Without(r, "taskId", "message")).ShouldBe(Results("journal").Select(r => Without(r, "taskId", "message")));
        Results("engine").ShouldAllBe(r => r["outcome"]!.GetValue<string>() == "failed" && r["message"]!.GetValue<string>() == failing.Options.FailureMessage);
        Results("journal").ShouldAllBe(r => r["message"]!.GetValue<string>().EndsWith(failing.Options.FailureMessage, StringComparison.Ordinal));
        engine.Out.ShouldContain("failed");
    }

    [Fact]
    public async Task A_wrong_connection_string_names_the_host_and_database_never_the_password()
    {
        var jobs = Path.Combine(_directory, "jobs.jsonl");
        File.WriteAllLines(jobs, ["""{"model": "gpt-image-2", "operation": "text-to-image", "fields": {"prompt": "a"}}"""]);
        var port = PostgresCluster.FreePort();

        var run = await RunAsync(["batch", jobs, "--engine", $"Host=127.0.0.1;Port={port};Database=studio;Username=u;Password=s3cret-pw;Timeout=2"]);

        run.Code.ShouldBe(ExitCode.InvalidInput);
        run.Error.ShouldContain($"database 'studio' on 127.0.0.1:{port}");
        (run.Out + run.Error).ShouldNotContain("s3cret-pw");
    }

    private static async Task<(ExitCode Code, string Out, string Error)> RunAsync(string[] args, Func<string, string?>? variables = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await HappyHorseCli.RunAsync(args, new CliEnvironment { Out = output, Error = error, Variable = variables ?? (_ => null) });
        return (code, output.ToString(), error.ToString());
    }
}
