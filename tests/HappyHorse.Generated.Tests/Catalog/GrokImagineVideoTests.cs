using System.Text.Json;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.RequestJson;

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

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), TextToVideoSeedBody);
        GrokImagineVideo.TextToVideoRequest.Info.ValidateBody(JsonDocument.Parse(TextToVideoSeedBody).RootElement).Problems.ShouldBeEmpty();
        GrokImagineVideo.TextToVideoRequest.Info.SubmitPath.ShouldBe("/v1/videos/generations");
        GrokImagineVideo.TextToVideoRequest.Info.Profile.Id.ShouldBe("gateway-videos-grok");
        GrokImagineVideo.TextToVideoRequest.Info.Profile.Poll.PathTemplate.ShouldBe("/v1/videos/grok/{task_id}");
    }

    [Fact]
    public void The_seed_image_to_video_example_validates_and_writes_the_seed_body()
    {
        var request = GrokImagineVideo.ImageToVideo(Prompt, "https://example.com/first-frame.png");

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), ImageToVideoSeedBody);
        GrokImagineVideo.ImageToVideoRequest.Info.ValidateBody(JsonDocument.Parse(ImageToVideoSeedBody).RootElement).Problems.ShouldBeEmpty();
        GrokImagineVideo.ImageToVideoRequest.Info.SubmitPath.ShouldBe("/v1/videos/generations");
        GrokImagineVideo.ImageToVideoRequest.Info.Profile.Id.ShouldBe("gateway-videos-grok");
        GrokImagineVideo.ImageToVideoRequest.Info.Profile.Poll.PathTemplate.ShouldBe("/v1/videos/grok/{task_id}");
    }

    [Fact]
    public void The_seed_reference_to_video_example_validates_and_writes_the_seed_body()
    {
        var request = GrokImagineVideo.ReferenceToVideo(Prompt, ["https://example.com/ref-1.png", "https://example.com/ref-2.png", "https://example.com/ref-3.png"]);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), ReferenceToVideoSeedBody);
        GrokImagineVideo.ReferenceToVideoRequest.Info.ValidateBody(JsonDocument.Parse(ReferenceToVideoSeedBody).RootElement).Problems.ShouldBeEmpty();
        GrokImagineVideo.ReferenceToVideoRequest.Info.SubmitPath.ShouldBe("/v1/videos/generations");
        GrokImagineVideo.ReferenceToVideoRequest.Info.Profile.Id.ShouldBe("gateway-videos-grok");
        GrokImagineVideo.ReferenceToVideoRequest.Info.Profile.Poll.PathTemplate.ShouldBe("/v1/videos/grok/{task_id}");
    }

    [Fact]
    public void The_preset_is_written_when_set()
    {
        var request = GrokImagineVideo.TextToVideo(Prompt).WithPreset(GrokImagineVideo.Preset.Spicy);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), $$"""{ "model": "grok-imagine-video", "prompt": "{{Prompt}}", "preset": "spicy" }""");
        GrokImagineVideo.Preset.KnownValues.ShouldBe(["normal", "fun", "spicy", "custom"]);
    }

    [Fact]
    public void Image_to_video_is_identified_by_image_url()
    {
        var info = GrokImagineVideo.ImageToVideoRequest.Info;

        info.IsIdentifiedBy(JsonDocument.Parse(ImageToVideoSeedBody).RootElement).ShouldBeTrue();
        info.IsIdentifiedBy(JsonDocument.Parse(TextToVideoSeedBody).RootElement).ShouldBeFalse();
        info.IsIdentifiedBy(JsonDocument.Parse(ReferenceToVideoSeedBody).RootElement).ShouldBeFalse();
    }

    [Fact]
    public void Reference_to_video_is_identified_by_images()
    {
        var info = GrokImagineVideo.ReferenceToVideoRequest.Info;

        info.IsIdentifiedBy(JsonDocument.Parse(ReferenceToVideoSeedBody).RootElement).ShouldBeTrue();
        info.IsIdentifiedBy(JsonDocument.Parse(TextToVideoSeedBody).RootElement).ShouldBeFalse();
        info.IsIdentifiedBy(JsonDocument.Parse(ImageToVideoSeedBody).RootElement).ShouldBeFalse();
    }
}
