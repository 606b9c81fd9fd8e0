using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>happyhorse-1.0-i2v (seed 000, line 1691): the seed's example and its endpoint.</summary>
public class HappyHorseI2VTests
{
    // The seed's json_data, verbatim.
    private const string SeedImageToVideo = """
        {
        "model": "happyhorse-1.0-i2v",
        "image": "https://example.com/first-frame.png",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "metadata": {
        "resolution": "1080P",
        "duration": 5
        }
        }
        """;

    [Fact]
    public void The_seed_image_to_video_example_validates_and_writes_the_seed_body()
    {
        var request = HappyHorseI2V.ImageToVideo("https://example.com/first-frame.png")
            .WithPrompt("A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.")
            .WithResolution("1080P")
            .WithDuration(5);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), SeedImageToVideo);
    }

    [Fact]
    public void The_seed_body_passes_the_emulators_check()
    {
        using var body = System.Text.Json.JsonDocument.Parse(SeedImageToVideo);

        HappyHorseI2V.ImageToVideoRequest.Info.ValidateBody(body.RootElement).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Image_to_video_goes_to_the_gateway_video_endpoint()
    {
        var info = HappyHorseI2V.ImageToVideoRequest.Info;

        info.SubmitPath.ShouldBe("/v1/videos");
        info.Profile.Id.ShouldBe("gateway-videos");
        info.Profile.Poll.PathTemplate.ShouldBe("/v1/videos/{task_id}");
    }

    [Fact]
    public void The_prompt_is_optional()
    {
        var request = HappyHorseI2V.ImageToVideo("https://example.com/first-frame.png");

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), """{ "model": "happyhorse-1.0-i2v", "image": "https://example.com/first-frame.png" }""");
    }
}
