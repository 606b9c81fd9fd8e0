using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>omni_flash against service document 000 (text-to-video line 1403).</summary>
public class OmniFlashTests
{
    private const string TextToVideoDocumentedBody = """
        {
        "model": "omni_flash",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "aspect_ratio": "16:9",
        "resolution": "720p",
        "duration": 10
        }
        """;

    [Fact]
    public void The_documented_text_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = OmniFlash.TextToVideo("A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.")
            .WithAspectRatio("16:9")
            .WithResolution("720p")
            .WithDuration(10);

        ShouldMatch(request, TextToVideoDocumentedBody, Endpoint.GatewayVideosNoteVideo);
        ShouldPassTheBodyCheck(OmniFlash.TextToVideoRequest.Info, TextToVideoDocumentedBody);
    }
}
