using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using HappyHorse.Generated.Diagnostics;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.Runtime.Tests;

// Listeners are process-wide and other tests run alongside: spans are told apart by a task id only this test uses.
public class TelemetryTests
{
    [Fact]
    public async Task A_run_records_spans_and_metrics_under_the_HappyHorse_names()
    {
        var measurements = new List<(string Name, double Value)>();
        var spans = new List<Activity>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == HappyHorseTelemetry.Name) listener.EnableMeasurementEvents(instrument);
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, _, _) => { lock (measurements) measurements.Add((instrument.Name, value)); });
        meters.SetMeasurementEventCallback<double>((instrument, value, _, _) => { lock (measurements) measurements.Add((instrument.Name, value)); });
        meters.Start();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == HappyHorseTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) spans.Add(activity); },
        };
        ActivitySource.AddActivityListener(activities);
        using var fixture = new Fixture(
            (_, i) => ScriptedHandler.Json(System.Net.HttpStatusCode.OK, $$"""
                { "code": 200, "message": "success", "data": { "task_id": "telemetry-task", "status": "{{(i < 2 ? "IN_PROGRESS" : "SUCCESS")}}",
                  "response": { "resultUrls": ["https://cdn.test/v.mp4"] } } }
                """),
            o => o.PollSchedule = Fixture.WithoutJitter(HappyHorseProfiles.HappyHorseApp.Schedule));

        await fixture.Time.RunAsync(fixture.Client.GenerateAsync(HappyHorseVideo.TextToVideo("p")));

        var mine = spans.Where(s => (string?)s.GetTagItem("happyhorse.task_id") == "telemetry-task").ToList();
        mine.Select(s => s.OperationName).Distinct().Order(System.StringComparer.Ordinal).ShouldBe(["HappyHorse status", "HappyHorse submit", "HappyHorse wait", "generate_content happyhorse-1.0/video"]);
        mine.ShouldAllBe(s => (string?)s.GetTagItem("happyhorse.model") == "happyhorse-1.0/video");
        measurements.Count(m => m.Name == "happyhorse.tasks.submitted").ShouldBeGreaterThanOrEqualTo(1);
        measurements.Count(m => m.Name == "happyhorse.tasks.succeeded").ShouldBeGreaterThanOrEqualTo(1);
        measurements.Count(m => m.Name == "happyhorse.status_requests").ShouldBeGreaterThanOrEqualTo(2);
        measurements.ShouldContain(m => m.Name == "happyhorse.task.time_to_result" && m.Value == 18); // second poll: 8 s + 10 s
    }
}
