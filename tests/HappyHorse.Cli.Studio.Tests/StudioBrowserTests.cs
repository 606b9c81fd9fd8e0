using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Emulator.Examples;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;
using Microsoft.Playwright;

namespace HappyHorse.Cli.Studio.Tests;

/// <summary>The studio in Debian's Chromium, against its embedded emulator (all of it within a 90 s budget).</summary>
public sealed class StudioBrowserTests(StudioFixture studio) : IClassFixture<StudioFixture>
{
    // A 32x32 red PNG: a finished job's saved file.
    private static readonly byte[] RedSquarePng = System.Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAKklEQVR4nGO4YGBAU8QwasGoBaMWjFowasGoBaMWjFowasGoBaMWDBULADxQwD3bM+5xAAAAAElFTkSuQmCC");

    private const string TextToVideo = "happyhorse-app|happyhorse-1.0/video|text-to-video";

    private string Url(string hash) => new Uri(studio.Address, "/" + hash).ToString();

    private static string Key(OperationInfo o) => $"{o.Profile.Id}|{o.ModelId}|{o.OperationId}";

    [Fact]
    public async Task Text_to_video_from_the_form_to_a_playing_video_then_a_canceled_task_and_both_in_history_after_a_restart()
    {
        var page = await studio.NewPageAsync();
        await page.GotoAsync(Url(""));
        await page.Locator($"tr[data-key='{TextToVideo}'] a").WaitForAsync();
        (await page.Locator("section h2").AllTextContentsAsync()).ShouldContain(t => t.StartsWith("Video models", StringComparison.Ordinal));
        await page.FillAsync("#model-search", "wan2.7");
        (await page.Locator("tr[data-key]").AllAsync()).ShouldAllBe(row => row.GetAttributeAsync("data-key").Result!.Contains("wan2.7"));
        await StudioFixture.ScreenshotAsync(page, "models");

        await page.GotoAsync(Url("#/run/" + Uri.EscapeDataString(TextToVideo)));
        await page.FillAsync("#f-prompt", new string('a', 3000));
        var problems = page.Locator("#problems li");
        await Assertions.Expect(problems).ToContainTextAsync(["happyhorse-1.0/video text-to-video: prompt must be at most 2500 characters long (was 3000)."]);
        await Assertions.Expect(page.Locator("#submit")).ToBeDisabledAsync();
        (await page.TextContentAsync("#f-prompt-count"))!.ShouldStartWith("3000 / 2500");
        await StudioFixture.ScreenshotAsync(page, "run-form-problem");

        await page.FillAsync("#f-prompt", "A majestic eagle soaring through clouds at sunset");
        await page.FillAsync("#f-duration", "30");
        await Assertions.Expect(problems).ToHaveTextAsync(["happyhorse-1.0/video text-to-video: duration must be between 3 and 15 (was 30)."]);
        await Assertions.Expect(page.Locator("[data-field='duration'] .field-problems li")).ToHaveCountAsync(1);

        await page.FillAsync("#f-duration", "5");
        await Assertions.Expect(problems).ToHaveCountAsync(0);
        var fiveStd = await EstimateAsync(page);
        await page.FillAsync("#f-duration", "10");
        await Assertions.Expect(page.Locator("#estimate")).Not.ToHaveTextAsync($"Estimate: {fiveStd} credits");
        var tenStd = await EstimateAsync(page);
        tenStd.ShouldBe(fiveStd * 2);
        await page.SelectOptionAsync("#f-mode", "pro");
        await Assertions.Expect(page.Locator("#estimate")).Not.ToHaveTextAsync($"Estimate: {tenStd} credits");
        (await EstimateAsync(page)).ShouldBeGreaterThan(tenStd);
        await Assertions.Expect(page.Locator("#submit")).ToBeEnabledAsync();
        await StudioFixture.ScreenshotAsync(page, "run-form");

        await page.ClickAsync("#submit");
        await page.WaitForURLAsync("**/#/runs/*");
        var runUrl = page.Url;
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("%");
        await StudioFixture.ScreenshotAsync(page, "run-progress");
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("succeeded", new() { Timeout = 15_000 });
        await page.WaitForFunctionAsync("() => { const v = document.querySelector('#results video'); return v !== null && v.readyState >= 2; }", null, new() { Timeout = 10_000 });
        (await page.TextContentAsync("#task-handle"))!.ShouldContain("\"taskId\"");
        (await page.TextContentAsync("#command-line"))!.ShouldBe("happyhorse run happyhorse-1.0/video text-to-video --dialect happyhorse-app --prompt 'A majestic eagle soaring through clouds at sunset' --mode pro --duration 10 --emulator");
        JsonNode.Parse((await page.TextContentAsync("#request-body"))!)!["mode"]!.GetValue<string>().ShouldBe("pro");
        var download = await page.Locator("#results a[download]").GetAttributeAsync("href");
        using var http = new HttpClient { BaseAddress = studio.Address };
        (await http.GetByteArrayAsync(download)).Length.ShouldBeGreaterThan(1000);
        await StudioFixture.ScreenshotAsync(page, "run-result");

        // A second task, on a dialect that can cancel, canceled while it waits.
        var cancelable = HappyHorseCatalog.Operations.First(o => o.CanCancel && DocumentedExamples.BodyFor(o) is not null);
        await page.GotoAsync(Url("#/run/" + Uri.EscapeDataString(Key(cancelable))));
        await page.ClickAsync("#use-example");
        await Assertions.Expect(page.Locator("#submit")).ToBeEnabledAsync();
        await page.ClickAsync("#submit");
        await page.ClickAsync("#cancel");
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("canceled", new() { Timeout = 15_000 });
        await StudioFixture.ScreenshotAsync(page, "run-canceled");

        // The key never reaches the page: not in the page, the catalog, the runs or their events.
        foreach (var path in new[] { "/", "/api/models", "/api/runs", "/api/runs/1", "/assets/studio.js" }) (await http.GetStringAsync(path)).ShouldNotContain(StudioFixture.ApiKey);

        // After a restart both are in the history, from the journal on disk.
        await page.Context.CloseAsync();
        await studio.StopStudioAsync();
        await studio.StartStudioAsync();
        page = await studio.NewPageAsync();
        await page.GotoAsync(Url("#/history"));
        var cards = page.Locator("#history .card");
        await Assertions.Expect(cards.Locator(".badge")).ToContainTextAsync(["canceled", "succeeded"]);
        await Assertions.Expect(page.Locator("#history .card video").First).ToBeVisibleAsync();
        await StudioFixture.ScreenshotAsync(page, "history");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_image_model_with_n_4_shows_four_images()
    {
        var operation = HappyHorseCatalog.Operations.First(o => o.ModelId == "gpt-image-2" && o.OperationId == "text-to-image");
        var page = await studio.NewPageAsync();
        await page.GotoAsync(Url("#/run/" + Uri.EscapeDataString(Key(operation))));
        await page.FillAsync("#f-prompt", "A red bicycle against a white wall");
        await SetAsync(page.Locator("#f-n"), "4");
        await Assertions.Expect(page.Locator("#submit")).ToBeEnabledAsync();
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("succeeded", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#results img")).ToHaveCountAsync(4);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#results img')].every(i => i.complete && i.naturalWidth > 0)");
        await StudioFixture.ScreenshotAsync(page, "images-n4");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_multi_shot_request_is_built_with_the_list_editor()
    {
        var page = await studio.NewPageAsync();
        await page.GotoAsync(Url("#/run/" + Uri.EscapeDataString("happyhorse-app|happyhorse-1.0/video|multi-shot")));
        var add = page.GetByRole(AriaRole.Button, new() { Name = "Add an item to multi_prompt" });
        await add.ClickAsync();
        await add.ClickAsync();
        await page.GetByLabel("prompt (required) of item 1").FillAsync("A horse walks into frame");
        await page.GetByLabel("duration (required) of item 1").FillAsync("3");
        await page.GetByLabel("prompt (required) of item 2").FillAsync("The horse gallops away");
        await page.GetByLabel("duration (required) of item 2").FillAsync("4");
        await Assertions.Expect(page.Locator("#problems li")).ToHaveTextAsync(Array.Empty<string>());
        await Assertions.Expect(page.Locator("[data-item-field='prompt'] .counter")).ToHaveTextAsync(["24 / 500", "22 / 500"]); // each shot's count, named as its problems are
        await StudioFixture.ScreenshotAsync(page, "multi-shot");
        await page.ClickAsync("#submit");
        await page.WaitForURLAsync("**/#/runs/*");
        var body = JsonNode.Parse((await page.TextContentAsync("#request-body"))!)!;
        body["multi_shots"]!.GetValue<bool>().ShouldBeTrue();
        body["multi_prompt"]!.ToJsonString().ShouldBe("""[{"prompt":"A horse walks into frame","duration":3},{"prompt":"The horse gallops away","duration":4}]""");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_first_load_of_the_models_page_is_under_1_MB_and_its_timings_are_written_beside_the_screenshots()
    {
        // Twice, each in a new context (nothing cached): the second shows the page once the server has warmed up.
        var loads = new JsonArray();
        foreach (var _ in new[] { "first", "second" })
        {
            var page = await studio.NewPageAsync();
            await page.GotoAsync(Url(""));
            await page.Locator("tr[data-key]").First.WaitForAsync();

            // Measured by the browser (Navigation and Resource Timing): every byte received, and when the catalog was on screen.
            var load = JsonNode.Parse(await page.EvaluateAsync<string>("""
                () => {
                  const nav = performance.getEntriesByType('navigation')[0];
                  const resources = performance.getEntriesByType('resource');
                  return JSON.stringify({
                    transferredBytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
                    resources: [nav, ...resources].map(r => ({ name: new URL(r.name).pathname, transferredBytes: r.transferSize, milliseconds: Math.round(r.duration) })),
                    domContentLoadedMilliseconds: Math.round(nav.domContentLoadedEventEnd),
                    catalogShownMilliseconds: Math.round(performance.now()),
                  });
                }
                """))!;
            loads.Add(load);
            await page.Context.CloseAsync();

            load["resources"]!.AsArray().Select(r => (string)r!["name"]!).ShouldContain("/api/models");
            load["transferredBytes"]!.GetValue<long>().ShouldBeInRange(10_000, 1_000_000);
        }

        System.IO.File.WriteAllText(System.IO.Path.Combine(StudioFixture.Screenshots, "..", "first-load.json"), loads.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    [Fact]
    public async Task A_length_counter_shows_the_runtimes_count_in_the_manifests_length_unit_and_the_help_its_rule()
    {
        var page = await studio.NewPageAsync();
        await page.GotoAsync(Url("#/run/" + Uri.EscapeDataString("dashscope|happyhorse-1.0-video-edit|video-edit")));

        await page.FillAsync("#f-prompt", "一匹马ab");

        await Assertions.Expect(page.Locator("#f-prompt-count")).ToHaveTextAsync("8 / 5000"); // three Chinese characters counting two each
        await Assertions.Expect(page.Locator("#f-prompt-help")).ToContainTextAsync("Must be at most 5000 characters long, Chinese characters counting two.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_catalog_operation_submits_its_documented_example_through_the_form()
    {
        var page = await studio.NewPageAsync();
        await page.GotoAsync(Url(""));
        var failures = new List<string>();
        foreach (var operation in HappyHorseCatalog.Operations)
        {
            if (DocumentedExamples.BodyFor(operation) is null)
            {
                failures.Add($"{operation}: no documented example");
                continue;
            }

            await page.GotoAsync(Url("#/run/" + Uri.EscapeDataString(Key(operation))));
            await page.ClickAsync("#use-example");
            await Assertions.Expect(page.Locator("#form-summary")).ToHaveTextAsync("No problems: ready to submit.", new() { Timeout = 10_000 }).ContinueWith(_ => { });
            var problems = await page.Locator("#problems li").AllTextContentsAsync();
            if (problems.Count > 0)
            {
                failures.Add($"{operation}: {string.Join(" ", problems)}");
                continue;
            }

            await page.ClickAsync("#submit");
            try
            {
                // The run's page shows the task handle once the service accepted the task (a hash route: no load event to wait for).
                await Assertions.Expect(page.Locator("#task-handle")).ToContainTextAsync("taskId", new() { Timeout = 15_000 });
            }
            catch (PlaywrightException)
            {
                failures.Add($"{operation}: submit showed no task handle (at {page.Url})");
                continue;
            }

            if (operation.ContentType != Generated.Protocol.RequestContentType.Json) continue;
            var sent = JsonNode.Parse((await page.TextContentAsync("#request-body"))!);
            if (!JsonNode.DeepEquals(Sorted(sent), Sorted(DocumentedExamples.BodyFor(operation)))) failures.Add($"{operation}: sent {sent!.ToJsonString()}");
        }

        failures.ShouldBeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_batch_is_a_gallery_with_each_jobs_state_and_its_uncertain_job_highlighted_with_its_fingerprint()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("hh-batch-").FullName;
        var jobs = System.IO.Path.Combine(folder, "jobs.jsonl");
        await System.IO.File.WriteAllLinesAsync(jobs,
        [
            """{"id": "bike", "model": "gpt-image-2", "operation": "text-to-image", "fields": {"prompt": "A red bicycle"}}""",
            """{"id": "eagle", "model": "happyhorse-1.0/video", "operation": "text-to-video", "fields": {"prompt": "An eagle at sunset"}}""",
        ]);
        await System.IO.File.WriteAllBytesAsync(System.IO.Path.Combine(folder, "bike.png"), RedSquarePng);
        await System.IO.File.WriteAllLinesAsync(jobs + ".journal",
        [
            """{"type": "intent", "job": 1, "fingerprint": "sha256:1111"}""",
            """{"type": "submitted", "job": 1, "handle": {"profile": "gateway-images", "model": "gpt-image-2", "operation": "text-to-image", "taskId": "t-1", "baseUrl": "http://127.0.0.1:9/"}}""",
            """{"type": "finished", "job": 1, "outcome": "succeeded", "taskId": "t-1", "files": ["bike.png"]}""",
            """{"type": "intent", "job": 2, "fingerprint": "sha256:2222"}""",
        ]);
        var page = await studio.NewPageAsync();
        await page.GotoAsync(Url("#/batches"));
        await page.GetByLabel("Jobs file of a batch").FillAsync(jobs);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var cards = page.Locator("#batch-jobs .card");
        await Assertions.Expect(cards).ToHaveCountAsync(2);
        await Assertions.Expect(cards.Nth(0).Locator(".badge")).ToHaveTextAsync("succeeded");
        await Assertions.Expect(cards.Nth(0).Locator(".caption")).ToHaveTextAsync("A red bicycle");
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#batch-jobs .card img'); return i && i.complete && i.naturalWidth === 32; }");
        await Assertions.Expect(page.Locator("#batch-jobs .card.uncertain")).ToContainTextAsync("sha256:2222");
        await StudioFixture.ScreenshotAsync(page, "batch");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_run_form_works_from_the_keyboard_alone_and_every_control_has_a_label()
    {
        var page = await studio.NewPageAsync();
        await page.GotoAsync(Url("#/run/" + Uri.EscapeDataString(TextToVideo)));
        await page.Locator("#f-prompt").WaitForAsync();
        var unlabeled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('main input, main select, main textarea, main button')]
              .filter(e => !(e.labels && e.labels.length > 0 && e.labels[0].textContent.trim()) && !e.getAttribute('aria-label') && !(e.tagName === 'BUTTON' && e.textContent.trim()))
              .map(e => e.outerHTML.slice(0, 80))
            """);
        unlabeled.ShouldBeEmpty();

        await TabToAsync(page, "f-prompt");
        await page.Keyboard.TypeAsync("A fox in the snow");
        await TabToAsync(page, "f-duration");
        await page.Keyboard.TypeAsync("4");
        await Assertions.Expect(page.Locator("#submit")).ToBeEnabledAsync();
        await TabToAsync(page, "submit");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/#/runs/*");
        JsonNode.Parse((await page.TextContentAsync("#request-body"))!)!["duration"]!.GetValue<int>().ShouldBe(4);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Requests_that_change_state_need_the_pages_origin_and_token_and_another_host_is_refused()
    {
        using var http = new HttpClient { BaseAddress = studio.Address };
        var page = await http.GetStringAsync("/");
        var token = page[(page.IndexOf("studio-token\" content=\"", StringComparison.Ordinal) + 23)..];
        token = token[..token.IndexOf('"', StringComparison.Ordinal)];
        var body = new JsonObject { ["key"] = TextToVideo, ["fields"] = new JsonObject { ["prompt"] = "x" } }.ToJsonString();

        async Task<HttpStatusCode> PostAsync(string? origin, string? withToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (origin is not null) request.Headers.Add("Origin", origin);
            if (withToken is not null) request.Headers.Add("X-Studio-Token", withToken);
            return (await http.SendAsync(request)).StatusCode;
        }

        var own = studio.Address.GetLeftPart(UriPartial.Authority);
        (await PostAsync(null, token)).ShouldBe(HttpStatusCode.Forbidden);
        (await PostAsync("http://evil.example", token)).ShouldBe(HttpStatusCode.Forbidden);
        (await PostAsync(own, null)).ShouldBe(HttpStatusCode.Forbidden);
        (await PostAsync(own, "forged")).ShouldBe(HttpStatusCode.Forbidden);
        (await http.GetStringAsync("/api/runs")).ShouldNotContain("\"caption\":\"x\"");

        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
        rebound.Headers.Host = "evil.example";
        (await http.SendAsync(rebound)).StatusCode.ShouldBe(HttpStatusCode.MisdirectedRequest);
    }

    private static async Task<double> EstimateAsync(IPage page)
    {
        var text = (await page.TextContentAsync("#estimate"))!;
        return double.Parse(text.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    private static async Task SetAsync(ILocator control, string value)
    {
        if (await control.EvaluateAsync<string>("e => e.tagName") == "SELECT") await control.SelectOptionAsync(value);
        else await control.FillAsync(value);
    }

    private static async Task TabToAsync(IPage page, string id)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string>("() => document.activeElement.id") == id) return;
        }

        throw new ShouldAssertException($"Tab never reached #{id}.");
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => JsonValue.Create(double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture)),
        _ => node?.DeepClone(),
    };
}
