using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>omni_flash_components against service document 000 (reference-to-video line 3080).</summary>
public class OmniFlashComponentsTests
{
    private const string ReferenceToVideoDocumentedBody = """
        {
        "model": "omni_flash_components",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "reference_image_urls": [
        "https://example.com/ref-1.png",
        "https://example.com/ref-2.png"
        ],
        "aspect_ratio": "16:9",
        "resolution": "720p",
        "duration": 10
        }
        """;

    [Fact]
    public void The_documented_reference_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = OmniFlashComponents.ReferenceToVideo(
                "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
                ["https://example.com/ref-1.png", "https://example.com/ref-2.png"])
            .WithAspectRatio("16:9")
            .WithResolution("720p")
            .WithDuration(10);

        ShouldMatch(request, ReferenceToVideoDocumentedBody, Endpoint.GatewayVideosNoteVideo);
        ShouldPassTheBodyCheck(OmniFlashComponents.ReferenceToVideoRequest.Info, ReferenceToVideoDocumentedBody);
    }
}
