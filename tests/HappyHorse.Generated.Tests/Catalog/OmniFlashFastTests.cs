using System.Text.Json;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.SeedExample;
using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>omni_flash-fast against seed 000 (text-to-video line 1471, image-to-video 2155, reference-to-video 3155).</summary>
public class OmniFlashFastTests
{
    private const string Prompt = "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.";

    private const string TextToVideoSeedBody = """
        {
        "model": "omni_flash-fast",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "duration": 10,
        "seconds": "10",
        "aspect_ratio": "16:9",
        "resolution": "720p"
        }
        """;

    private const string ImageToVideoSeedBody = """
        {
        "model": "omni_flash-fast",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "image_url": "https://example.com/first-frame.png",
        "duration": 10,
        "seconds": "10",
        "aspect_ratio": "16:9",
        "resolution": "720p"
        }
        """;

    private const string ReferenceToVideoSeedBody = """
        {
        "model": "omni_flash-fast",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "reference_image_urls": [
        "https://example.com/ref-1.png",
        "https://example.com/ref-2.png"
        ],
        "duration": 10,
        "seconds": "10",
        "aspect_ratio": "16:9",
        "resolution": "720p"
        }
        """;

    [Fact]
    public void The_seed_text_to_video_example_validates_and_writes_the_seed_body()
    {
        var request = OmniFlashFast.TextToVideo(Prompt).WithDuration(10).WithAspectRatio("16:9").WithResolution("720p");

        ShouldMatch(request, TextToVideoSeedBody, Endpoint.GatewayVideosNoteVideo);
        ShouldPassTheBodyCheck(OmniFlashFast.TextToVideoRequest.Info, TextToVideoSeedBody);
    }

    [Fact]
    public void The_seed_image_to_video_example_validates_and_writes_the_seed_body()
    {
        var request = OmniFlashFast.ImageToVideo(Prompt, "https://example.com/first-frame.png").WithDuration(10).WithAspectRatio("16:9").WithResolution("720p");

        ShouldMatch(request, ImageToVideoSeedBody, Endpoint.GatewayVideosNoteVideo);
        ShouldPassTheBodyCheck(OmniFlashFast.ImageToVideoRequest.Info, ImageToVideoSeedBody);
    }

    [Fact]
    public void The_seed_reference_to_video_example_validates_and_writes_the_seed_body()
    {
        var request = OmniFlashFast.ReferenceToVideo(Prompt, ["https://example.com/ref-1.png", "https://example.com/ref-2.png"])
            .WithDuration(10)
            .WithAspectRatio("16:9")
            .WithResolution("720p");

        ShouldMatch(request, ReferenceToVideoSeedBody, Endpoint.GatewayVideosNoteVideo);
        ShouldPassTheBodyCheck(OmniFlashFast.ReferenceToVideoRequest.Info, ReferenceToVideoSeedBody);
    }

    [Fact]
    public void Image_to_video_is_identified_by_image_url() =>
        ShouldIdentifyOnly(OmniFlashFast.ImageToVideoRequest.Info, ImageToVideoSeedBody, TextToVideoSeedBody, ReferenceToVideoSeedBody);

    [Fact]
    public void Reference_to_video_is_identified_by_reference_image_urls() =>
        ShouldIdentifyOnly(OmniFlashFast.ReferenceToVideoRequest.Info, ReferenceToVideoSeedBody, TextToVideoSeedBody, ImageToVideoSeedBody);

    public static TheoryData<string> Operations => new() { "text-to-video", "image-to-video", "reference-to-video" };

    private static (OperationInfo Info, string SeedBody) Seed(string operation) => operation switch
    {
        "text-to-video" => (OmniFlashFast.TextToVideoRequest.Info, TextToVideoSeedBody),
        "image-to-video" => (OmniFlashFast.ImageToVideoRequest.Info, ImageToVideoSeedBody),
        _ => (OmniFlashFast.ReferenceToVideoRequest.Info, ReferenceToVideoSeedBody),
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public void Seconds_that_differs_from_duration_is_a_problem(string operation)
    {
        var (info, seedBody) = Seed(operation);
        using var body = JsonDocument.Parse(seedBody.Replace("\"seconds\": \"10\"", "\"seconds\": \"5\""));

        var problem = info.ValidateBody(body.RootElement).Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("seconds");
        problem.Message.ShouldBe($"omni_flash-fast {operation}: seconds must equal duration ('10', was '5').");
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Seconds_without_duration_is_a_problem(string operation)
    {
        var (info, seedBody) = Seed(operation);
        using var body = JsonDocument.Parse(seedBody.Replace("\"duration\": 10,", string.Empty));

        info.ValidateBody(body.RootElement).Problems.ShouldHaveSingleItem().Message.ShouldBe($"omni_flash-fast {operation}: seconds must not be given without duration.");
    }

    [Fact]
    public void Seconds_is_written_as_a_copy_of_duration()
    {
        ShouldBeJsonEqual(Body(OmniFlashFast.TextToVideo(Prompt).WithDuration(5)), $$"""{ "model": "omni_flash-fast", "prompt": "{{Prompt}}", "duration": 5, "seconds": "5" }""");
        ShouldBeJsonEqual(Body(OmniFlashFast.ImageToVideo(Prompt, "https://example.com/a.png").WithDuration(7)), $$"""{ "model": "omni_flash-fast", "prompt": "{{Prompt}}", "image_url": "https://example.com/a.png", "duration": 7, "seconds": "7" }""");
        ShouldBeJsonEqual(Body(OmniFlashFast.ReferenceToVideo(Prompt, ["https://example.com/a.png"])), $$"""{ "model": "omni_flash-fast", "prompt": "{{Prompt}}", "reference_image_urls": ["https://example.com/a.png"] }""");
        OmniFlashFast.TextToVideoRequest.Info.ValidateBody(JsonDocument.Parse("""{ "prompt": "p", "duration": 5, "seconds": "5" }""").RootElement).Problems.ShouldBeEmpty();
    }
}
