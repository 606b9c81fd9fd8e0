using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.SeedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>grok-imagine-video against seed 000 (text-to-video line 1340, image-to-video 2016, reference-to-video 3009).</summary>
public class GrokImagineVideoTests
{
    private const string Prompt = "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.";

    private const string TextToVideoSeedBody = """
        {
        "model": "grok-imagine-video",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion."
        }
        """;

    private const string ImageToVideoSeedBody = """
        {
        "model": "grok-imagine-video",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "image_url": "https://example.com/first-frame.png"
        }
        """;

    private const string ReferenceToVideoSeedBody = """
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
    public void The_seed_text_to_video_example_validates_and_writes_the_seed_body()
    {
        var request = GrokImagineVideo.TextToVideo(Prompt);

        ShouldMatch(request, TextToVideoSeedBody, Endpoint.GatewayVideosGrok);
        ShouldPassTheBodyCheck(GrokImagineVideo.TextToVideoRequest.Info, TextToVideoSeedBody);
    }

    [Fact]
    public void The_seed_image_to_video_example_validates_and_writes_the_seed_body()
    {
        var request = GrokImagineVideo.ImageToVideo(Prompt, "https://example.com/first-frame.png");

        ShouldMatch(request, ImageToVideoSeedBody, Endpoint.GatewayVideosGrok);
        ShouldPassTheBodyCheck(GrokImagineVideo.ImageToVideoRequest.Info, ImageToVideoSeedBody);
    }

    [Fact]
    public void The_seed_reference_to_video_example_validates_and_writes_the_seed_body()
    {
        var request = GrokImagineVideo.ReferenceToVideo(Prompt, ["https://example.com/ref-1.png", "https://example.com/ref-2.png", "https://example.com/ref-3.png"]);

        ShouldMatch(request, ReferenceToVideoSeedBody, Endpoint.GatewayVideosGrok);
        ShouldPassTheBodyCheck(GrokImagineVideo.ReferenceToVideoRequest.Info, ReferenceToVideoSeedBody);
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
        ShouldIdentifyOnly(GrokImagineVideo.ImageToVideoRequest.Info, ImageToVideoSeedBody, TextToVideoSeedBody, ReferenceToVideoSeedBody);

    [Fact]
    public void Reference_to_video_is_identified_by_images() =>
        ShouldIdentifyOnly(GrokImagineVideo.ReferenceToVideoRequest.Info, ReferenceToVideoSeedBody, TextToVideoSeedBody, ImageToVideoSeedBody);
}
