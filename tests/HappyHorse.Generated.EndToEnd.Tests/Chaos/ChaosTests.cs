using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace HappyHorse.Generated.EndToEnd.Tests.Chaos;

/// <summary>
/// The promise under faults: every call ends in one documented outcome, no submit is paid twice, and no task the
/// service created is unknown to the caller. <c>HAPPYHORSE_CHAOS_CALLS</c> sets the size (tests/chaos.sh runs 2,000).
/// </summary>
public class ChaosTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Under_faults_on_every_route_every_call_has_one_outcome_and_no_task_is_lost_or_paid_twice()
    {
        var calls = int.TryParse(Environment.GetEnvironmentVariable("HAPPYHORSE_CHAOS_CALLS"), out var n) ? n : 240;
        var report = await ChaosRun.RunAsync(calls, concurrency: 24, seed: 20261201);
        output.WriteLine(report.Summary());
        if (Environment.GetEnvironmentVariable("HAPPYHORSE_CHAOS_REPORT") is { Length: > 0 } path) await File.WriteAllTextAsync(path, report.Summary());

        report.Finished.ShouldBeTrue("a call hung");
        report.Outcomes.ShouldAllBe(o => o != null && !o.Kind.StartsWith("UNDOCUMENTED", StringComparison.Ordinal), report.Summary());
        report.DuplicateSubmits.ShouldBe(0, report.Summary());
        report.UnknownTasks.ShouldBeEmpty(report.Summary());
        report.Outcomes.Where(o => o.FileComplete is not null).ShouldAllBe(o => o.FileComplete == true, report.Summary());

        // The faults did happen, and most calls still got their result.
        report.Requests.Count(r => r.InjectedFault != HappyHorse.Emulator.FaultKind.None).ShouldBeGreaterThan(calls / 10);
        report.Outcomes.Count(o => o.Kind.StartsWith("Succeeded", StringComparison.Ordinal)).ShouldBeGreaterThan(calls / 2, report.Summary());
    }
}
