using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.SeedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>omni_flash against seed 000 (text-to-video line 1403).</summary>
public class OmniFlashTests
{
    private const string TextToVideoSeedBody = """
        {
        "model": "omni_flash",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "aspect_ratio": "16:9",
        "resolution": "720p",
        "duration": 10
        }
        """;

    [Fact]
    public void The_seed_text_to_video_example_validates_and_writes_the_seed_body()
    {
        var request = OmniFlash.TextToVideo("A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.")
            .WithAspectRatio("16:9")
            .WithResolution("720p")
            .WithDuration(10);

        ShouldMatch(request, TextToVideoSeedBody, Endpoint.GatewayVideosNoteVideo);
        ShouldPassTheBodyCheck(OmniFlash.TextToVideoRequest.Info, TextToVideoSeedBody);
    }
}
