using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Emulator;

namespace HappyHorse.Cli.Tests;

/// <summary>
/// The batch's promise under SIGKILL: the built tool runs 40 jobs as a child process against an emulator in this
/// process, is killed once its journal shows 10 accepted submits, and the same command again finishes the batch;
/// the emulator saw exactly 40 accepted submits, one per job, and every job has its file.
/// </summary>
public sealed class BatchCrashTests(Xunit.Abstractions.ITestOutputHelper log) : IAsyncLifetime
{
    private const int JobCount = 40;
    private readonly string _directory = CliHarness.TempDirectory("crash");
    private HappyHorseEmulator _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await HappyHorseEmulator.StartAsync(new EmulatorOptions { ApiKey = CliHarness.ApiKey, QueueDuration = TimeSpan.FromMilliseconds(200), RunDuration = TimeSpan.FromMilliseconds(600) });

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_batch_killed_mid_way_is_finished_by_the_same_command_without_a_duplicate_submit()
    {
        var jobs = Path.Combine(_directory, "jobs.jsonl");
        var journal = jobs + ".journal";
        var output = Path.Combine(_directory, "out");
        File.WriteAllLines(jobs, BatchTests.JobLines(JobCount));
        var variables = CliHarness.For(_emulator);
        string[] command = [CliHarness.ToolDll, "batch", jobs, "--concurrency", "8", "--out", output, "--poll-interval", "0.05"];

        using (var doomed = CliHarness.Start("dotnet", command, _directory, variables))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Submitted(journal) < 10 && !doomed.HasExited)
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, "the batch did not reach 10 submits");
                await Task.Delay(10);
            }

            doomed.HasExited.ShouldBeFalse("the batch must be killed mid-way, not after it finished");
            doomed.Kill(entireProcessTree: true); // SIGKILL: no cleanup, no flush
            await doomed.WaitForExitAsync();
        }

        Submitted(journal).ShouldBeLessThan(JobCount);
        log.WriteLine($"killed after {Submitted(journal)} accepted submits");
        var resumed = await CliHarness.RunProcessAsync("dotnet", command, _directory, variables, TimeSpan.FromSeconds(90));

        if (resumed.ExitCode == (int)ExitCode.SubmitUncertain)
        {
            // The kill fell inside a submit: reconcile as a person would, from the service's records.
            resumed.Error.ShouldContain("were not sent again");
            var reconcile = new List<string>(command);
            var anyMissing = false;
            foreach (var line in UncertainLines(journal))
            {
                var made = _emulator.Requests.FirstOrDefault(r => r.CreatedTaskId is not null && r.Body.Contains($"\"job {line}\"", StringComparison.Ordinal));
                if (made is null) anyMissing = true;
                else reconcile.AddRange(["--attach", $"{line}={made.CreatedTaskId}"]);
            }

            if (anyMissing) reconcile.Add("--resubmit-uncertain");
            log.WriteLine($"reconciled: {string.Join(' ', reconcile.Skip(command.Length))}");
            resumed = await CliHarness.RunProcessAsync("dotnet", reconcile, _directory, variables, TimeSpan.FromSeconds(90));
        }

        resumed.ExitCode.ShouldBe(0, resumed.Error);
        var accepted = _emulator.Requests.Where(r => r.Method == "POST" && r.CreatedTaskId is not null).ToList();
        accepted.Count.ShouldBe(JobCount);
        accepted.Select(r => (string)JsonNode.Parse(r.Body)!["prompt"]!).Distinct().Count().ShouldBe(JobCount);
        var results = File.ReadAllLines(Path.Combine(output, "results.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        results.Count.ShouldBe(JobCount);
        foreach (var result in results)
        {
            ((string)result["outcome"]!).ShouldBe("succeeded");
            var file = Path.Combine(output, (string)result["files"]![0]!);
            File.ReadAllBytes(file).ShouldBe(_emulator.ResultFile((string)result["taskId"]!, 0));
        }
    }

    private static int Submitted(string journal)
    {
        if (!File.Exists(journal)) return 0;
        using var stream = new FileStream(journal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Count(l => l.Contains("\"type\":\"submitted\"", StringComparison.Ordinal));
    }

    /// <summary>Lines whose last journal record is an intent or an uncertain submit.</summary>
    private static IEnumerable<int> UncertainLines(string journal)
    {
        var last = new Dictionary<int, string>();
        foreach (var line in File.ReadAllLines(journal))
        {
            try
            {
                var record = JsonNode.Parse(line)!;
                last[(int)record["job"]!] = (string)record["type"]!;
            }
            catch (System.Text.Json.JsonException)
            {
                // A torn line: the tool ignores it too.
            }
        }

        return last.Where(p => p.Value is "intent" or "uncertain").Select(p => p.Key);
    }
}
