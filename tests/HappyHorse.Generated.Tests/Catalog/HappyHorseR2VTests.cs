using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>happyhorse-1.0-r2v (seed 000, line 2665): the seed's example and its endpoint.</summary>
public class HappyHorseR2VTests
{
    // The seed's json_data, verbatim.
    private const string SeedReferenceToVideo = """
        {
        "model": "happyhorse-1.0-r2v",
        "images": [
        "https://example.com/ref-1.png",
        "https://example.com/ref-2.png"
        ],
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "metadata": {
        "resolution": "1080P",
        "ratio": "16:9",
        "duration": 5
        }
        }
        """;

    [Fact]
    public void The_seed_reference_to_video_example_validates_and_writes_the_seed_body()
    {
        var request = HappyHorseR2V.ReferenceToVideo(
                ["https://example.com/ref-1.png", "https://example.com/ref-2.png"],
                "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.")
            .WithResolution("1080P")
            .WithRatio("16:9")
            .WithDuration(5);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), SeedReferenceToVideo);
    }

    [Fact]
    public void The_seed_body_passes_the_emulators_check()
    {
        using var body = System.Text.Json.JsonDocument.Parse(SeedReferenceToVideo);

        HappyHorseR2V.ReferenceToVideoRequest.Info.ValidateBody(body.RootElement).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Reference_to_video_goes_to_the_gateway_video_endpoint()
    {
        var info = HappyHorseR2V.ReferenceToVideoRequest.Info;

        info.SubmitPath.ShouldBe("/v1/videos");
        info.Profile.Id.ShouldBe("gateway-videos");
        info.Profile.Poll.PathTemplate.ShouldBe("/v1/videos/{task_id}");
    }
}
