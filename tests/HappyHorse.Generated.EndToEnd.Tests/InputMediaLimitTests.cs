using System;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Emulator.Examples;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>
/// Input files on a loopback address (here: files the emulator itself made) are held to the documented limits of
/// their field: an image's sides, a video's length, and whether it can be downloaded at all.
/// </summary>
public sealed class InputMediaLimitTests : IAsyncLifetime
{
    private HappyHorseEmulator _emulator = null!;
    private HappyHorseClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await HappyHorseEmulator.StartAsync(new EmulatorOptions { ApiKey = TestSupport.ApiKey, QueueDuration = TimeSpan.Zero, RunDuration = TimeSpan.Zero });
        _client = TestSupport.ClientFor(_emulator);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Theory]
    [InlineData("200x200", "must be at least 300 px on each side (was 200×200)")]
    [InlineData("640x480", null)]
    public async Task An_input_image_smaller_than_documented_is_refused_with_its_size(string size, string? problem)
    {
        var image = await ResultUrlAsync(Operation("gpt-image-2", "text-to-image"), new JsonObject { ["size"] = size });

        await SubmitExpectingAsync(Operation("gemini-3.1-flash-image", "image-edit"), image, problem);
    }

    [Theory]
    [InlineData(70, "must last at most 60 s (was 70 s)")]
    [InlineData(5, null)]
    public async Task An_input_video_longer_than_documented_is_refused_with_its_length(int seconds, string? problem)
    {
        var video = await ResultUrlAsync(Operation("happyhorse-1.0-t2v", "text-to-video"), new JsonObject { ["metadata"] = new JsonObject { ["duration"] = seconds } });

        await SubmitExpectingAsync(HappyHorseCatalog.Operations.Single(o => o.ModelId == "happyhorse-1.0-video-edit" && o.Profile.Id == "gateway-videos"), video, problem);
    }

    [Fact]
    public async Task An_input_url_on_loopback_that_cannot_be_downloaded_is_refused()
    {
        await SubmitExpectingAsync(Operation("gemini-3.1-flash-image", "image-edit"), new Uri(_emulator.BaseAddress, "files/no-such-task/0.png"), "cannot be downloaded (HTTP 404)");
    }

    [Fact]
    public async Task An_input_file_whose_download_is_cut_off_is_refused_and_nothing_is_charged()
    {
        var options = TestSupport.QuickOptions();
        options.CreditBudget = 1000;
        options.Faults.Add(new FaultRule { PathPrefix = "/files/", DropConnectionRate = 1 });
        await using var faulty = await HappyHorseEmulator.StartAsync(options);
        using var client = TestSupport.ClientFor(faulty);
        var operation = Operation("gemini-3.1-flash-image", "image-edit");
        var body = DocumentedExamples.BodyFor(operation)!;
        var made = Operation("gpt-image-2", "text-to-image");
        body["image"] = (await client.GenerateAsync(new RawRequest(made, DocumentedExamples.BodyFor(made)!))).Url.AbsoluteUri; // a file that exists
        var charged = faulty.CreditsRemaining;

        var refusal = await Should.ThrowAsync<HappyHorseApiException>(() => client.SubmitAsync(new JsonBodyRequest(operation, body)));

        refusal.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        refusal.Message.ShouldContain("cannot be downloaded.", Case.Sensitive, refusal.Message);
        faulty.Requests.ShouldContain(r => r.Path.StartsWith("/files/", StringComparison.Ordinal) && r.InjectedFault == FaultKind.DroppedConnection);
        faulty.Tasks.Count.ShouldBe(1); // only the image's own task
        faulty.CreditsRemaining.ShouldBe(charged);
    }

    private static OperationInfo Operation(string model, string operationId) =>
        HappyHorseCatalog.Operations.Single(o => o.ModelId == model && o.OperationId == operationId);

    private async Task<Uri> ResultUrlAsync(OperationInfo operation, JsonObject changes)
    {
        var body = DocumentedExamples.BodyFor(operation)!;
        foreach (var (name, value) in changes.ToList())
        {
            if (value is JsonObject inner && body[name] is JsonObject existing)
            {
                foreach (var (innerName, innerValue) in inner.ToList()) existing[innerName] = innerValue!.DeepClone();
            }
            else
            {
                body[name] = value!.DeepClone();
            }
        }

        return (await _client.GenerateAsync(new RawRequest(operation, body))).Url;
    }

    // The documented example with the url put into the operation's first media field.
    private async Task SubmitExpectingAsync(OperationInfo operation, Uri url, string? problem)
    {
        var body = DocumentedExamples.BodyFor(operation)!;
        var field = operation.Fields.First(f => f.Media is not null);
        var segments = field.Path.Split('.');
        var owner = segments[..^1].Aggregate(body, (node, name) => (JsonObject)(node[name] ??= new JsonObject()));
        owner[segments[^1]] = field.Kind == FieldKind.StringArray ? new JsonArray(url.AbsoluteUri) : url.AbsoluteUri;
        var tasksBefore = _emulator.Tasks.Count;

        if (problem is null)
        {
            await _client.SubmitAsync(new JsonBodyRequest(operation, body));
            _emulator.Tasks.Count.ShouldBe(tasksBefore + 1);
            return;
        }

        var refusal = await Should.ThrowAsync<HappyHorseApiException>(() => _client.SubmitAsync(new JsonBodyRequest(operation, body)));
        refusal.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        refusal.Message.ShouldContain(field.Name);
        refusal.Message.ShouldContain(problem);
        _emulator.Tasks.Count.ShouldBe(tasksBefore);
    }
}
