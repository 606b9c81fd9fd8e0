using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>grok-imagine-video against service document 000 (text-to-video line 1340, image-to-video 2016, reference-to-video 3009).</summary>
public class GrokImagineVideoTests
{
    private const string Prompt = "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.";

    private const string TextToVideoDocumentedBody = """
        {
        "model": "grok-imagine-video",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion."
        }
        """;

    private const string ImageToVideoDocumentedBody = """
        {
        "model": "grok-imagine-video",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "image_url": "https://example.com/first-frame.png"
        }
        """;

    private const string ReferenceToVideoDocumentedBody = """
        {
        "model": "grok-imagine-video",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "images": [
        "https://example.com/ref-1.png",
        "https://example.com/ref-2.png",
        "https://example.com/ref-3.png"
        ]
        }
        """;

    [Fact]
    public void The_documented_text_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = GrokImagineVideo.TextToVideo(Prompt);

        ShouldMatch(request, TextToVideoDocumentedBody, Endpoint.GatewayVideosGrok);
        ShouldPassTheBodyCheck(GrokImagineVideo.TextToVideoRequest.Info, TextToVideoDocumentedBody);
    }

    [Fact]
    public void The_documented_image_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = GrokImagineVideo.ImageToVideo(Prompt, "https://example.com/first-frame.png");

        ShouldMatch(request, ImageToVideoDocumentedBody, Endpoint.GatewayVideosGrok);
        ShouldPassTheBodyCheck(GrokImagineVideo.ImageToVideoRequest.Info, ImageToVideoDocumentedBody);
    }

    [Fact]
    public void The_documented_reference_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = GrokImagineVideo.ReferenceToVideo(Prompt, ["https://example.com/ref-1.png", "https://example.com/ref-2.png", "https://example.com/ref-3.png"]);

        ShouldMatch(request, ReferenceToVideoDocumentedBody, Endpoint.GatewayVideosGrok);
        ShouldPassTheBodyCheck(GrokImagineVideo.ReferenceToVideoRequest.Info, ReferenceToVideoDocumentedBody);
    }

    [Fact]
    public void The_preset_is_written_when_set()
    {
        var request = GrokImagineVideo.TextToVideo(Prompt).WithPreset(GrokImagineVideo.Preset.Spicy);

        ShouldWrite(request, $$"""{ "model": "grok-imagine-video", "prompt": "{{Prompt}}", "preset": "spicy" }""");
        GrokImagineVideo.Preset.KnownValues.ShouldBe(["normal", "fun", "spicy", "custom"]);
    }

    [Fact]
    public void Image_to_video_is_identified_by_image_url() =>
        ShouldIdentifyOnly(GrokImagineVideo.ImageToVideoRequest.Info, ImageToVideoDocumentedBody, TextToVideoDocumentedBody, ReferenceToVideoDocumentedBody);

    [Fact]
    public void Reference_to_video_is_identified_by_images() =>
        ShouldIdentifyOnly(GrokImagineVideo.ReferenceToVideoRequest.Info, ReferenceToVideoDocumentedBody, TextToVideoDocumentedBody, ImageToVideoDocumentedBody);
}
