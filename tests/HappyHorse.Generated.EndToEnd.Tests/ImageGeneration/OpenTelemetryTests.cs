using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using HappyHorse.Generated.Diagnostics;
using HappyHorse.Generated.Models;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace HappyHorse.Generated.EndToEnd.Tests.ImageGeneration;

/// <summary>
/// Spans and metrics through the OpenTelemetry SDK's in-memory exporter. Other tests run alongside and the source is
/// process-wide, so each test runs under a root span of its own and keeps only the spans of that trace.
/// </summary>
public sealed class OpenTelemetryTests : IDisposable
{
    private const string MeaiSource = "HappyHorse.Tests.OpenTelemetry.Meai";
    private static readonly string UnknownFormat = "gif"; // not a constant, so it reaches the client rather than the analyzer

    private static readonly ActivitySource TestSource = new("HappyHorse.Tests.OpenTelemetry");

    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _meters;

    public OpenTelemetryTests()
    {
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource(HappyHorseTelemetry.Name, TestSource.Name, MeaiSource).AddInMemoryExporter(_spans).Build();
        _meters = Sdk.CreateMeterProviderBuilder().AddMeter(HappyHorseTelemetry.Name).AddInMemoryExporter(_metrics).Build();
    }

    public void Dispose()
    {
        _tracing.Dispose();
        _meters.Dispose();
    }

    [Fact]
    public async Task A_generation_is_one_generate_content_span_parenting_its_submit_wait_and_status_requests()
    {
        await using var service = await InstantEmulator.StartAsync();
        GenerationResult result;
        ActivityTraceId trace;
        using (var root = TestSource.StartActivity("test"))
        {
            trace = root!.TraceId;
            result = await service.Client.GenerateAsync(GptImage2.TextToImage("A red fox").WithN(2));
        }

        var spans = SpansOf(trace);
        var generate = spans.Single(s => s.DisplayName == "generate_content gpt-image-2");
        generate.Kind.ShouldBe(ActivityKind.Client);
        generate.Status.ShouldBe(ActivityStatusCode.Unset);
        Tags(generate).ShouldBe(new Dictionary<string, object?>
        {
            ["gen_ai.operation.name"] = "generate_content",
            ["gen_ai.provider.name"] = "happyhorse",
            ["gen_ai.request.model"] = "gpt-image-2",
            ["happyhorse.model"] = "gpt-image-2",
            ["happyhorse.operation"] = "text-to-image",
            ["happyhorse.dialect"] = "gateway-images",
            ["gen_ai.response.id"] = result.Task.TaskId,
            ["happyhorse.task_id"] = result.Task.TaskId,
        }, ignoreOrder: true);

        var submit = spans.Single(s => s.DisplayName == "HappyHorse submit");
        var wait = spans.Single(s => s.DisplayName == "HappyHorse wait");
        var polls = spans.Where(s => s.DisplayName == "HappyHorse status").ToList();
        (submit.ParentSpanId, wait.ParentSpanId).ShouldBe((generate.SpanId, generate.SpanId));
        submit.Kind.ShouldBe(ActivityKind.Client);
        polls.ShouldNotBeEmpty();
        polls.ShouldAllBe(p => p.ParentSpanId == wait.SpanId);
        polls.Last().GetTagItem("happyhorse.status").ShouldBe("Succeeded");
        wait.GetTagItem("happyhorse.status").ShouldBe("Succeeded");
        foreach (var span in new[] { submit, wait }.Concat(polls))
        {
            (span.GetTagItem("gen_ai.request.model"), span.GetTagItem("gen_ai.response.id"), span.Status).ShouldBe(("gpt-image-2", result.Task.TaskId, ActivityStatusCode.Unset));
        }

        _meters.ForceFlush();
        PointsOf("gen_ai.client.operation.duration").ShouldContain(tags => Has(tags, "gen_ai.request.model", "gpt-image-2") && Has(tags, "happyhorse.operation", "text-to-image") && Has(tags, "happyhorse.outcome", "success") && !tags.ContainsKey("error.type"));
        PointsOf("happyhorse.submits").ShouldContain(tags => Has(tags, "happyhorse.operation", "text-to-image") && Has(tags, "happyhorse.outcome", "success"));
        PointsOf("happyhorse.tasks.succeeded").ShouldContain(tags => Has(tags, "gen_ai.request.model", "gpt-image-2") && Has(tags, "happyhorse.operation", "text-to-image"));
    }

    [Fact]
    public async Task A_submit_the_service_refuses_marks_the_submit_and_generation_spans_as_errors_with_the_exception()
    {
        await using var service = await InstantEmulator.StartAsync(apiKey: "not-the-key");
        ActivityTraceId trace;
        using (var root = TestSource.StartActivity("test"))
        {
            trace = root!.TraceId;
            await Should.ThrowAsync<HappyHorseAuthenticationException>(() => service.Client.GenerateAsync(GptImage2.TextToImage("A red fox")));
        }

        var spans = SpansOf(trace);
        var generate = spans.Single(s => s.DisplayName == "generate_content gpt-image-2");
        var submit = spans.Single(s => s.DisplayName == "HappyHorse submit");
        submit.ParentSpanId.ShouldBe(generate.SpanId);
        spans.ShouldNotContain(s => s.DisplayName == "HappyHorse wait");
        foreach (var span in new[] { submit, generate })
        {
            span.Status.ShouldBe(ActivityStatusCode.Error);
            span.GetTagItem("error.type").ShouldBe(typeof(HappyHorseAuthenticationException).FullName);
            var exception = span.Events.ShouldHaveSingleItem();
            exception.Name.ShouldBe("exception");
            exception.Tags.ShouldContain(t => t.Key == "exception.type" && (string?)t.Value == typeof(HappyHorseAuthenticationException).FullName);
            span.StatusDescription.ShouldNotBeNull().ShouldNotContain("not-the-key");
            span.Events.SelectMany(e => e.Tags).ShouldAllBe(t => !(t.Value is string && ((string)t.Value!).Contains("not-the-key")));
        }

        _meters.ForceFlush();
        PointsOf("happyhorse.submits").ShouldContain(tags => Has(tags, "happyhorse.outcome", "error") && Has(tags, "error.type", typeof(HappyHorseAuthenticationException).FullName!));
        PointsOf("gen_ai.client.operation.duration").ShouldContain(tags => Has(tags, "error.type", typeof(HappyHorseAuthenticationException).FullName!));
    }

    [Fact]
    public async Task An_invalid_request_gets_an_error_submit_span_though_nothing_is_sent()
    {
        await using var service = await InstantEmulator.StartAsync();
        ActivityTraceId trace;
        using (var root = TestSource.StartActivity("test"))
        {
            trace = root!.TraceId;
            await Should.ThrowAsync<HappyHorseValidationException>(() => service.Client.SubmitAsync(GptImage2.TextToImage("A red fox").WithOutputFormat(UnknownFormat)));
        }

        var submit = SpansOf(trace).ShouldHaveSingleItem();
        (submit.DisplayName, submit.Status, submit.GetTagItem("error.type")).ShouldBe(("HappyHorse submit", ActivityStatusCode.Error, typeof(HappyHorseValidationException).FullName));
        service.Emulator.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_failed_task_marks_the_wait_and_generation_spans_and_counts_the_failure_with_its_status()
    {
        await using var service = await InstantEmulator.StartAsync(failureRate: 1);
        ActivityTraceId trace;
        using (var root = TestSource.StartActivity("test"))
        {
            trace = root!.TraceId;
            await Should.ThrowAsync<HappyHorseTaskFailedException>(() => service.Client.GenerateAsync(GptImage2.TextToImage("A red fox")));
        }

        var spans = SpansOf(trace);
        var generate = spans.Single(s => s.DisplayName == "generate_content gpt-image-2");
        var wait = spans.Single(s => s.DisplayName == "HappyHorse wait");
        spans.Single(s => s.DisplayName == "HappyHorse submit").Status.ShouldBe(ActivityStatusCode.Unset);
        (wait.Status, wait.GetTagItem("error.type"), wait.GetTagItem("happyhorse.status")).ShouldBe((ActivityStatusCode.Error, typeof(HappyHorseTaskFailedException).FullName, "Failed"));
        (generate.Status, generate.GetTagItem("error.type")).ShouldBe((ActivityStatusCode.Error, typeof(HappyHorseTaskFailedException).FullName));
        generate.Events.ShouldHaveSingleItem().Name.ShouldBe("exception");
        generate.GetTagItem("gen_ai.response.id").ShouldBe(service.Emulator.Tasks.ShouldHaveSingleItem().Id);

        _meters.ForceFlush();
        PointsOf("happyhorse.tasks.failed").ShouldContain(tags => Has(tags, "happyhorse.status", "Failed") && Has(tags, "happyhorse.operation", "text-to-image") && Has(tags, "error.type", typeof(HappyHorseTaskFailedException).FullName!));
    }

    [Fact]
    public async Task Under_Microsoft_Extensions_AI_telemetry_its_span_is_the_one_generation_and_parents_the_sdks_nested_span_and_the_download()
    {
        await using var service = await InstantEmulator.StartAsync();
        using var pipeline = new ImageGeneratorBuilder(service.Client.AsIImageGenerator("gemini-3.1-flash-image")).UseOpenTelemetry(sourceName: MeaiSource).Build();
        ActivityTraceId trace;
        using (var root = TestSource.StartActivity("test"))
        {
            trace = root!.TraceId;
            await pipeline.GenerateImagesAsync("A lighthouse", new ImageGenerationOptions { ResponseFormat = ImageGenerationResponseFormat.Data });
        }

        var spans = SpansOf(trace);
        var adapters = spans.Where(s => s.Source.Name == MeaiSource).ToList();
        adapters.Count.ShouldBe(1, string.Join(", ", spans.Select(s => $"{s.Source.Name}:{s.DisplayName}:{s.SpanId}<{s.ParentSpanId}")));
        var adapter = adapters[0];
        adapter.GetTagItem("gen_ai.request.model").ShouldBe("gemini-3.1-flash-image");
        adapter.DisplayName.ShouldBe("generate_content gemini-3.1-flash-image"); // Microsoft.Extensions.AI names its span as this client does
        spans.Count(s => s.DisplayName.StartsWith("generate_content ", StringComparison.Ordinal)).ShouldBe(1, "one generation for a dashboard to count, not two");
        var generate = spans.Single(s => s.Source.Name == HappyHorseTelemetry.Name && s.DisplayName == "HappyHorse generate gemini-3.1-flash-image");
        generate.Kind.ShouldBe(ActivityKind.Internal);
        var download = spans.Single(s => s.DisplayName == "HappyHorse download");
        (generate.ParentSpanId, download.ParentSpanId).ShouldBe((adapter.SpanId, adapter.SpanId));
        download.GetTagItem("gen_ai.response.id").ShouldBe(generate.GetTagItem("gen_ai.response.id"));
        ((long)download.GetTagItem("happyhorse.download.bytes")!).ShouldBeGreaterThan(0);
    }

    private List<Activity> SpansOf(ActivityTraceId trace)
    {
        _tracing.ForceFlush();
        lock (_spans) return _spans.Where(s => s.TraceId == trace && s.Source.Name != TestSource.Name).ToList();
    }

    private List<Dictionary<string, object?>> PointsOf(string name)
    {
        var points = new List<Dictionary<string, object?>>();
        lock (_metrics)
        {
            foreach (var metric in _metrics.Where(m => m.Name == name))
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    var tags = new Dictionary<string, object?>();
                    foreach (var tag in point.Tags) tags[tag.Key] = tag.Value;
                    points.Add(tags);
                }
            }
        }

        return points;
    }

    private static bool Has(Dictionary<string, object?> tags, string key, string value) => tags.TryGetValue(key, out var found) && (string?)found == value;

    private static Dictionary<string, object?> Tags(Activity span) => span.TagObjects.ToDictionary(t => t.Key, t => t.Value);
}
