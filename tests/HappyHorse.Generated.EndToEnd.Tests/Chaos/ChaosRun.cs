using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace HappyHorse.Generated.EndToEnd.Tests.Chaos;

/// <summary>
/// Many generate-and-download calls through one client against the emulator with faults on every route, every
/// dialect, in virtual time (one <see cref="FakeTimeProvider"/> drives the client and the emulator, moved forward by a
/// pump). It records how each call ended and what the emulator saw, so a test or a script can check the promises.
/// </summary>
internal static class ChaosRun
{
    /// <summary>Faults on every route (submit, status, files): 5xx, 429, dropped connections, malformed and slow bodies.</summary>
    public static FaultRule Faults => new()
    {
        PathPrefix = "/",
        ServerErrorRate = 0.10,
        RateLimitRate = 0.05,
        DropConnectionRate = 0.02,
        MalformedJsonRate = 0.01,
        SlowBodyRate = 0.005,
        RetryAfter = TimeSpan.FromSeconds(2),
    };

    public static async Task<ChaosReport> RunAsync(int calls, int concurrency, int seed)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var options = TestSupport.QuickOptions();
        options.TimeProvider = time;
        options.Seed = seed;
        options.QueueDuration = TimeSpan.FromSeconds(1);
        options.RunDuration = TimeSpan.FromSeconds(3);
        options.FailureRate = 0.05;
        options.MaxRecordedRequests = 1_000_000;
        options.Faults.Add(Faults);
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        using var client = new HappyHorseClient(
            new HappyHorseClientOptions
            {
                BaseUrl = emulator.BaseAddress,
                ApiKey = TestSupport.ApiKey,
                PollSchedule = new PollSchedule(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(10)),
                RequestTimeout = TimeSpan.FromSeconds(30),
                DownloadTimeout = TimeSpan.FromMinutes(2), // a slow-body fault sends a file one byte a second
                MaxDownloadBytes = TestSupport.MaxDownloadBytes,
            },
            timeProvider: time);

        var requests = Enumerable.Range(0, calls).Select(Request).ToArray();
        var outcomes = new ChaosOutcome[calls];
        var clock = Stopwatch.StartNew();
        using var stopPump = new CancellationTokenSource();
        var pump = PumpAsync(time, stopPump.Token);
        using var gate = new SemaphoreSlim(concurrency);
        var work = Enumerable.Range(0, calls).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                outcomes[i] = await CallAsync(client, emulator, requests[i]);
            }
            finally
            {
                gate.Release();
            }
        });

        var finished = true;
        try
        {
            await Task.WhenAll(work).WaitAsync(TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("HAPPYHORSE_CHAOS_LIMIT_S"), out var limit) ? limit : 480)); // a hang fails the run instead of the suite
        }
        catch (TimeoutException)
        {
            finished = false;
        }

        await stopPump.CancelAsync();
        await pump;
        return new ChaosReport(outcomes, emulator.Requests, emulator.Tasks.ToList(), emulator.TasksCreated, clock.Elapsed, finished);
    }

    /// <summary>Moves virtual time 50 ms for every ~2 ms of real time: lifecycles, retries and timeouts run 25× faster.</summary>
    private static async Task PumpAsync(FakeTimeProvider time, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(2, CancellationToken.None);
            time.Advance(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>A representative request of each dialect in turn, its prompt made unique so every body has its own fingerprint.</summary>
    private static JsonBodyRequest Request(int index)
    {
        var representatives = DialectErrorTests.Representatives;
        var (operation, body) = DialectErrorTests.Representative(representatives[index % representatives.Length].Profile);
        if (!SetPrompt(body, $"chaos call {index}")) throw new InvalidOperationException($"{operation}'s example has no prompt to make unique.");
        return new JsonBodyRequest(operation, body);
    }

    private static bool SetPrompt(JsonObject body, string prompt)
    {
        if (body.ContainsKey("prompt"))
        {
            body["prompt"] = prompt;
            return true;
        }

        return body.Select(p => p.Value).OfType<JsonObject>().ToList().Any(inner => SetPrompt(inner, prompt));
    }

    private static async Task<ChaosOutcome> CallAsync(HappyHorseClient client, HappyHorseEmulator emulator, JsonBodyRequest request)
    {
        GenerationResult result;
        try
        {
            result = await client.GenerateAsync(request);
        }
        catch (HappyHorseSubmitUncertainException e)
        {
            return new ChaosOutcome(nameof(HappyHorseSubmitUncertainException), null, e.BodyFingerprint, null);
        }
        catch (HappyHorseException e)
        {
            return new ChaosOutcome(e.GetType().Name, e.Task?.TaskId, null, null);
        }
        catch (Exception e)
        {
            return new ChaosOutcome("UNDOCUMENTED " + e.GetType().FullName + ": " + e.Message, null, null, null);
        }

        var taskId = result.Task.TaskId;
        if (result.Urls.Count == 0) return new ChaosOutcome("Succeeded (inline)", taskId, null, result.Contents[0].Length > 0);
        try
        {
            using var file = new MemoryStream();
            await client.DownloadAsync(result.Urls[0], file);
            return new ChaosOutcome("Succeeded", taskId, null, file.ToArray().AsSpan().SequenceEqual(emulator.ResultFile(taskId, 0)));
        }
        catch (HappyHorseDownloadException)
        {
            return new ChaosOutcome("Succeeded, " + nameof(HappyHorseDownloadException), taskId, null, null);
        }
        catch (Exception e)
        {
            return new ChaosOutcome("UNDOCUMENTED download " + e.GetType().FullName + ": " + e.Message, taskId, null, null);
        }
    }
}

/// <summary>How one call ended: its class, the task it names, an uncertain submit's fingerprint, and whether its file came whole.</summary>
internal sealed record ChaosOutcome(string Kind, string? TaskId, string? UncertainFingerprint, bool? FileComplete);

/// <summary>A chaos run's outcomes beside what the emulator recorded.</summary>
internal sealed record ChaosReport(
    IReadOnlyList<ChaosOutcome> Outcomes, IReadOnlyList<RecordedRequest> Requests, IReadOnlyList<EmulatedTask> Tasks, long TasksCreated, TimeSpan Elapsed, bool Finished)
{
    /// <summary>Each accepted submit: the task it created and the fingerprint of its body.</summary>
    public IReadOnlyList<(string TaskId, string Fingerprint)> CreatedTasks =>
        Requests.Where(r => r.CreatedTaskId is not null).Select(r => (r.CreatedTaskId!, Fingerprint(r))).ToList();

    /// <summary>Submits of one body beyond the first, not counting copies refused with 429 (which the service did not take).</summary>
    public int DuplicateSubmits =>
        Requests.Where(r => r.Method == "POST" && r.InjectedFault != FaultKind.RateLimited).GroupBy(Fingerprint).Sum(g => g.Count() - 1);

    /// <summary>Tasks the emulator created that no outcome names, by task id or by an uncertain submit's fingerprint.</summary>
    public IReadOnlyList<string> UnknownTasks
    {
        get
        {
            var ids = Outcomes.Select(o => o?.TaskId).OfType<string>().ToHashSet();
            var fingerprints = Outcomes.Select(o => o.UncertainFingerprint).OfType<string>().ToHashSet();
            return CreatedTasks.Where(t => !ids.Contains(t.TaskId) && !fingerprints.Contains(t.Fingerprint)).Select(t => t.TaskId).ToList();
        }
    }

    public string Summary()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Outcomes.Count} calls in {Elapsed.TotalSeconds:0.0} s (finished: {Finished}); {TasksCreated} tasks created, {UnknownTasks.Count} unknown to the client; {DuplicateSubmits} duplicate submits; {Requests.Count} requests ({Requests.Count(r => r.InjectedFault != FaultKind.None)} faulted)");
        for (var i = 0; i < Outcomes.Count && i < 2000; i++)
        {
            if (Outcomes[i] is not null) continue;
            var fingerprint = Requests.Where(r => r.Method == "POST" && r.Body.Contains($"chaos call {i}\"", StringComparison.Ordinal)).ToList();
            var id = fingerprint.Select(r => r.CreatedTaskId).FirstOrDefault(t => t is not null);
            text.AppendLine($"  unfinished call {i}: posts [{string.Join(", ", fingerprint.Select(r => r.ToString()))}] task {id}: {string.Join(", ", Requests.Where(r => id is not null && r.PathAndQuery.Contains(id, StringComparison.Ordinal)).Select(r => $"{r.ReceivedAt:HH:mm:ss.f} {r}"))}");
        }

        foreach (var group in Outcomes.GroupBy(o => o?.Kind ?? "NO OUTCOME").OrderByDescending(g => g.Count())) text.AppendLine($"  {group.Count(),6}  {group.Key}");
        text.AppendLine($"  files downloaded whole: {Outcomes.Count(o => o?.FileComplete == true)}, incomplete: {Outcomes.Count(o => o?.FileComplete == false)}");
        return text.ToString();
    }

    private static string Fingerprint(RecordedRequest request) => HappyHorseSubmitUncertainException.FingerprintOf(Encoding.UTF8.GetBytes(request.Body));
}
