using System.Text.Json;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.RequestJson;

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

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), TextToVideoSeedBody);
        OmniFlash.TextToVideoRequest.Info.ValidateBody(JsonDocument.Parse(TextToVideoSeedBody).RootElement).Problems.ShouldBeEmpty();
        OmniFlash.TextToVideoRequest.Info.SubmitPath.ShouldBe("/v1/videos/generations");
        OmniFlash.TextToVideoRequest.Info.Profile.Id.ShouldBe("gateway-videos-notevideo");
        OmniFlash.TextToVideoRequest.Info.Profile.Poll.PathTemplate.ShouldBe("/v1/videos/notevideo/{task_id}");
    }
}
