using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>omni_flash_i2v against service document 000 (image-to-video line 2083).</summary>
public class OmniFlashI2VTests
{
    private const string ImageToVideoDocumentedBody = """
        {
        "model": "omni_flash_i2v",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "image_url": "https://example.com/first-frame.png",
        "aspect_ratio": "16:9",
        "resolution": "720p",
        "duration": 10
        }
        """;

    [Fact]
    public void The_documented_image_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = OmniFlashI2V.ImageToVideo("A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.", "https://example.com/first-frame.png")
            .WithAspectRatio("16:9")
            .WithResolution("720p")
            .WithDuration(10);

        ShouldMatch(request, ImageToVideoDocumentedBody, Endpoint.GatewayVideosNoteVideo);
        ShouldPassTheBodyCheck(OmniFlashI2V.ImageToVideoRequest.Info, ImageToVideoDocumentedBody);
    }
}
