using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;
using Xunit.Abstractions;

namespace HappyHorse.Generated.Runtime.Tests;

/// <summary>
/// The client's polling against simulated tasks (virtual time): the service document 002 schedule alone (8 s, +2 s, ≤ 20 s)
/// versus the same schedule timed from reported progress. Prints the figures quoted in docs/polling.md.
/// </summary>
public class ScheduleSimulationTests(ITestOutputHelper output)
{
    private static readonly PollSchedule DocumentedSchedule002 = Fixture.WithoutJitter(HappyHorseProfiles.HappyHorseApp.Schedule);

    [Theory]
    [InlineData(10)]
    [InlineData(60)]
    [InlineData(300)]
    public async Task Progress_aware_polling_detects_completion_no_later_than_the_plain_schedule(int taskSeconds)
    {
        var plain = await Simulate(taskSeconds, reportProgress: false);
        var aware = await Simulate(taskSeconds, reportProgress: true);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"task {taskSeconds,4} s | plain: {plain.Requests,2} status requests, detected {plain.Latency,5:0.0} s late | progress-aware: {aware.Requests,2} requests, {aware.Latency,5:0.0} s late"));
        aware.Latency.ShouldBeLessThanOrEqualTo(plain.Latency);
        aware.Latency.ShouldBeLessThan(DocumentedSchedule002.MinDelay.TotalSeconds + 1e-9 + DocumentedSchedule002.MaxDelay.TotalSeconds);
    }

    private static async Task<(int Requests, double Latency)> Simulate(int taskSeconds, bool reportProgress)
    {
        DateTimeOffset submitted = default;
        SteppingFakeTimeProvider? clock = null;
        using var fixture = new Fixture(
            (_, i) =>
            {
                if (i == 0)
                {
                    submitted = clock!.GetUtcNow();
                    return ScriptedHandler.Json(HttpStatusCode.OK, """{ "id": "v1", "status": "queued" }""");
                }

                var elapsed = (clock!.GetUtcNow() - submitted).TotalSeconds;
                if (elapsed >= taskSeconds) return ScriptedHandler.Json(HttpStatusCode.OK, """{ "id": "v1", "status": "completed", "video_url": "https://cdn.test/v.mp4" }""");
                var progress = reportProgress ? string.Create(CultureInfo.InvariantCulture, $", \"progress\": {Math.Floor(100 * elapsed / taskSeconds)}") : string.Empty;
                return ScriptedHandler.Json(HttpStatusCode.OK, $$"""{ "id": "v1", "status": "processing"{{progress}} }""");
            },
            o => o.PollSchedule = DocumentedSchedule002);
        clock = fixture.Time;

        await fixture.Time.RunAsync(fixture.Client.GenerateAsync(HappyHorseT2V.TextToVideo("p")));

        var statusRequests = fixture.Handler.Requests.Count - 1;
        var detected = (fixture.Handler.Requests.Last().At - submitted).TotalSeconds;
        return (statusRequests, detected - taskSeconds);
    }
}
