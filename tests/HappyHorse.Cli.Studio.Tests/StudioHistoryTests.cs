using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Cli.Batch;
using HappyHorse.Cli.Running;
using HappyHorse.Cli.Studio;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;
using Microsoft.Extensions.Time.Testing;

namespace HappyHorse.Cli.Studio.Tests;

/// <summary>
/// The studio's history and batch galleries read back from their journals on disk, without a browser or a server:
/// what a restart finds is what the records say.
/// </summary>
public sealed class StudioHistoryTests : IDisposable
{
    private static readonly OperationInfo TextToVideo = HappyHorseCatalog.Operations.First(o => o.ModelId == "happyhorse-1.0/video" && o.OperationId == "text-to-video");

    // Never contacted: reading the journal sends nothing, and no run is resumed here.
    private static readonly Uri Unused = new("http://127.0.0.1:9/");

    private readonly string _folder = Directory.CreateTempSubdirectory("hh-studio-history-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_restart_finds_each_run_in_the_state_its_last_record_says_with_its_prompt_handle_and_files()
    {
        File.WriteAllBytes(Path.Combine(_folder, "3-t-3.mp4"), [0, 0, 0, 8]);
        Write(
            Intent(1, "Stopped while sending"),
            Intent(2, "Accepted, still waiting"),
            new JsonObject { ["type"] = "submitted", ["job"] = 2, ["handle"] = Handle("t-2") },
            Intent(3, "Finished"),
            new JsonObject { ["type"] = "submitted", ["job"] = 3, ["handle"] = Handle("t-3") },
            new JsonObject { ["type"] = "finished", ["job"] = 3, ["outcome"] = "succeeded", ["files"] = new JsonArray("3-t-3.mp4") },
            Intent(4, "Refused"),
            new JsonObject { ["type"] = "rejected", ["job"] = 4, ["message"] = "prompt must not be empty" },
            new JsonObject { ["type"] = "intent", ["job"] = 5, ["key"] = "gone|no-such-model|op" });

        await using var runs = Open();

        runs.All.Select(r => (r.Number, r.State)).ShouldBe([(4, RunState.Rejected), (3, RunState.Succeeded), (2, RunState.Waiting), (1, RunState.Uncertain)]);
        runs.Find(5).ShouldBeNull("a run of an operation the catalog no longer has is not shown");
        var waiting = runs.Find(2)!;
        (waiting.Task!.TaskId, waiting.Task.Operation.OperationId).ShouldBe(("t-2", "text-to-video"));
        waiting.ToJson()["caption"]!.GetValue<string>().ShouldBe("Accepted, still waiting", "the prompt, found by its role");
        runs.Find(3)!.FilePath(0).ShouldBe(Path.Combine(_folder, "3-t-3.mp4"));
        runs.Find(4)!.ToJson()["message"]!.GetValue<string>().ShouldBe("prompt must not be empty");
        runs.Find(1)!.ToJson()["message"]!.GetValue<string>().ShouldContain("before sending it again");
    }

    [Fact]
    public async Task A_torn_last_line_is_skipped_and_the_runs_before_it_are_kept()
    {
        Write(Intent(1, "Kept"), new JsonObject { ["type"] = "submitted", ["job"] = 1, ["handle"] = Handle("t-1") });
        File.AppendAllText(Path.Combine(_folder, "studio-history.jsonl"), """{"type": "finished", "job": 1, "outc""");

        await using var runs = Open();

        runs.All.ShouldHaveSingleItem().State.ShouldBe(RunState.Waiting);
    }

    [Fact]
    public void A_batch_gallery_gives_each_job_its_state_caption_files_and_an_uncertain_jobs_fingerprint()
    {
        var jobs = Path.Combine(_folder, "jobs.jsonl");
        File.WriteAllLines(jobs,
        [
            """{"id": "bike", "model": "gpt-image-2", "operation": "text-to-image", "fields": {"prompt": "A red bicycle"}}""",
            """{"id": "eagle", "model": "happyhorse-1.0/video", "operation": "text-to-video", "fields": {"prompt": "An eagle at sunset"}}""",
            """{"id": "later", "model": "happyhorse-1.0/video", "operation": "text-to-video", "fields": {"prompt": "Not yet sent"}}""",
        ]);
        File.WriteAllBytes(Path.Combine(_folder, "bike.png"), [0x89, 0x50]);
        File.WriteAllLines(jobs + ".journal",
        [
            """{"type": "intent", "job": 1, "fingerprint": "sha256:1111"}""",
            """{"type": "submitted", "job": 1, "handle": {"profile": "gateway-images", "model": "gpt-image-2", "operation": "text-to-image", "taskId": "t-1", "baseUrl": "http://127.0.0.1:9/"}}""",
            """{"type": "finished", "job": 1, "outcome": "succeeded", "taskId": "t-1", "files": ["bike.png"]}""",
            """{"type": "intent", "job": 2, "fingerprint": "sha256:2222"}""",
        ]);
        var batches = new StudioBatches([new FileInfo(jobs)], CatalogOperations);

        var gallery = batches.Gallery(0)!;

        var shown = gallery["jobs"]!.AsArray().Select(j => (Id: (string)j!["id"]!, State: (string)j["state"]!, Caption: (string?)j["caption"])).ToList();
        shown.ShouldBe([("bike", "succeeded", "A red bicycle"), ("eagle", "uncertain", "An eagle at sunset"), ("later", "pending", "Not yet sent")]);
        gallery["jobs"]![1]!["fingerprint"]!.GetValue<string>().ShouldBe("sha256:2222");
        batches.FilePath(0, 1, 0).ShouldBe(Path.Combine(_folder, "bike.png"));
        batches.FilePath(0, 2, 0).ShouldBeNull("only files a finished record names are served");
        gallery["counts"]!.ToJsonString().ShouldBe("""{"pending":1,"succeeded":1,"uncertain":1}""");
        batches.Gallery(1).ShouldBeNull();
    }

    private static readonly HappyHorse.Cli.Requests.OperationLookup CatalogOperations = new(HappyHorse.Generated.Models.HappyHorseCatalog.Operations, []);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private StudioRuns Open()
    {
        var client = new HappyHorseClient(new HappyHorseClientOptions { BaseUrl = Unused, ApiKey = "unused" }, timeProvider: _time);
        var settings = new StudioSettings(new ServiceSession(client, null, Unused, null), new StudioCatalog(CatalogOperations), _folder, 0, [], _time);
        return StudioRuns.Open(settings, CancellationToken.None);
    }

    private void Write(params JsonObject[] records)
    {
        using var journal = BatchJournal.Open(Path.Combine(_folder, "studio-history.jsonl"), _time);
        foreach (var record in records) journal.Append(record);
    }

    private static JsonObject Intent(int number, string prompt) => new()
    {
        ["type"] = "intent",
        ["job"] = number,
        ["key"] = StudioCatalog.KeyOf(TextToVideo),
        ["input"] = new StudioInput(new JsonObject { ["prompt"] = prompt }, []).ToJson(),
        ["body"] = new JsonObject { ["model"] = TextToVideo.ModelId, ["prompt"] = prompt },
        ["fingerprint"] = "sha256:" + number,
        ["createdAt"] = "2026-12-05T11:00:00+00:00",
    };

    private static JsonNode Handle(string taskId) => JsonNode.Parse(new GenerationTask(TextToVideo, taskId, Unused).ToHandle().ToJson())!;
}
