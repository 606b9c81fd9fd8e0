using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Models;
using Microsoft.Extensions.Time.Testing;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>The emulator as a long-running process: it stops on SIGTERM and its memory stays bounded.</summary>
public class EmulatorLimitsTests
{
    [Fact]
    public async Task The_request_log_keeps_the_latest_requests_and_counts_them_all()
    {
        var options = TestSupport.QuickOptions();
        options.MaxRecordedRequests = 5;
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        using var http = TestSupport.HttpFor(emulator);

        for (var i = 0; i < 12; i++) await http.GetAsync($"/api/status?task_id=n{i}");

        emulator.RequestCount.ShouldBe(12);
        emulator.Requests.Select(r => r.PathAndQuery).ShouldBe(Enumerable.Range(7, 5).Select(i => $"/api/status?task_id=n{i}"));
    }

    [Fact]
    public async Task Tasks_are_forgotten_a_retention_period_after_they_end()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var options = TestSupport.QuickOptions();
        options.TimeProvider = time;
        options.TaskRetention = TimeSpan.FromMinutes(10);
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        using var client = TestSupport.ClientFor(emulator);

        var first = await client.SubmitAsync(HappyHorseVideo.TextToVideo("first"));
        time.Advance(TimeSpan.FromMinutes(11));
        var second = await client.SubmitAsync(HappyHorseVideo.TextToVideo("second"));

        emulator.Tasks.Select(t => t.Id).ShouldBe([second.TaskId]); // the first ended 10 min 59 s before: forgotten
        emulator.TasksCreated.ShouldBe(2);
        using var http = TestSupport.HttpFor(emulator);
        var status = await http.GetAsync($"/api/status?task_id={first.TaskId}");
        (await status.Content.ReadAsStringAsync()).ShouldContain("TASK_NOT_FOUND");
    }

    [Fact]
    public async Task A_slow_body_fault_sends_one_byte_per_interval()
    {
        var options = TestSupport.QuickOptions();
        options.Faults.Add(new FaultRule { PathPrefix = "/api/status", SlowBodyRate = 1, SlowBodyInterval = TimeSpan.FromMilliseconds(20) });
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        using var http = TestSupport.HttpFor(emulator);
        var clock = Stopwatch.StartNew();

        var body = await (await http.GetAsync("/api/status?task_id=none")).Content.ReadAsStringAsync(); // an unknown task's answer, slowly

        body.Length.ShouldBeGreaterThan(20);
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(20 * (body.Length - 1) * 0.9));
        emulator.Requests.Single().InjectedFault.ShouldBe(FaultKind.SlowBody);
    }

    [Fact]
    public async Task The_standalone_emulator_exits_cleanly_on_SIGTERM()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "HappyHorse.Emulator.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [dll, "--port", "0", "--quiet"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        try
        {
            var banner = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            banner.ShouldNotBeNull().ShouldContain("listening on http://127.0.0.1:");

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            process.ExitCode.ShouldBe(0);
            (await process.StandardOutput.ReadToEndAsync()).ShouldContain("HappyHorse emulator stopped.");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
