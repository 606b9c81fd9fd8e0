using System.Text.Json;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;
using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>omni_flash-fast against service document 000 (text-to-video line 1471, image-to-video 2155, reference-to-video 3155).</summary>
public class OmniFlashFastTests
{
    private const string Prompt = "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.";

    private const string TextToVideoDocumentedBody = """
        {
        "model": "omni_flash-fast",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "duration": 10,
        "seconds": "10",
        "aspect_ratio": "16:9",
        "resolution": "720p"
        }
        """;

    private const string ImageToVideoDocumentedBody = """
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

    private const string ReferenceToVideoDocumentedBody = """
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
    public void The_documented_text_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = OmniFlashFast.TextToVideo(Prompt).WithDuration(10).WithAspectRatio("16:9").WithResolution("720p");

        ShouldMatch(request, TextToVideoDocumentedBody, Endpoint.GatewayVideosNoteVideo);
        ShouldPassTheBodyCheck(OmniFlashFast.TextToVideoRequest.Info, TextToVideoDocumentedBody);
    }

    [Fact]
    public void The_documented_image_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = OmniFlashFast.ImageToVideo(Prompt, "https://example.com/first-frame.png").WithDuration(10).WithAspectRatio("16:9").WithResolution("720p");

        ShouldMatch(request, ImageToVideoDocumentedBody, Endpoint.GatewayVideosNoteVideo);
        ShouldPassTheBodyCheck(OmniFlashFast.ImageToVideoRequest.Info, ImageToVideoDocumentedBody);
    }

    [Fact]
    public void The_documented_reference_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = OmniFlashFast.ReferenceToVideo(Prompt, ["https://example.com/ref-1.png", "https://example.com/ref-2.png"])
            .WithDuration(10)
            .WithAspectRatio("16:9")
            .WithResolution("720p");

        ShouldMatch(request, ReferenceToVideoDocumentedBody, Endpoint.GatewayVideosNoteVideo);
        ShouldPassTheBodyCheck(OmniFlashFast.ReferenceToVideoRequest.Info, ReferenceToVideoDocumentedBody);
    }

    [Fact]
    public void Image_to_video_is_identified_by_image_url() =>
        ShouldIdentifyOnly(OmniFlashFast.ImageToVideoRequest.Info, ImageToVideoDocumentedBody, TextToVideoDocumentedBody, ReferenceToVideoDocumentedBody);

    [Fact]
    public void Reference_to_video_is_identified_by_reference_image_urls() =>
        ShouldIdentifyOnly(OmniFlashFast.ReferenceToVideoRequest.Info, ReferenceToVideoDocumentedBody, TextToVideoDocumentedBody, ImageToVideoDocumentedBody);

    public static TheoryData<string> Operations => new() { "text-to-video", "image-to-video", "reference-to-video" };

    private static (OperationInfo Info, string DocumentedBody) Documented(string operation) => operation switch
    {
        "text-to-video" => (OmniFlashFast.TextToVideoRequest.Info, TextToVideoDocumentedBody),
        "image-to-video" => (OmniFlashFast.ImageToVideoRequest.Info, ImageToVideoDocumentedBody),
        _ => (OmniFlashFast.ReferenceToVideoRequest.Info, ReferenceToVideoDocumentedBody),
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public void Seconds_that_differs_from_duration_is_a_problem(string operation)
    {
        var (info, documentedBody) = Documented(operation);
        using var body = JsonDocument.Parse(documentedBody.Replace("\"seconds\": \"10\"", "\"seconds\": \"5\""));

        var problem = info.ValidateBody(body.RootElement).Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("seconds");
        problem.Message.ShouldBe($"omni_flash-fast {operation}: seconds must equal duration ('10', was '5').");
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Seconds_without_duration_is_a_problem(string operation)
    {
        var (info, documentedBody) = Documented(operation);
        using var body = JsonDocument.Parse(documentedBody.Replace("\"duration\": 10,", string.Empty));

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
