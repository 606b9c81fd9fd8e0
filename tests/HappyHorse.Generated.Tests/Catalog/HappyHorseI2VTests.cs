using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>happyhorse-1.0-i2v (service document 000, line 1691): the documentation's example and its endpoint.</summary>
public class HappyHorseI2VTests
{
    // The documentation's json_data, verbatim.
    private const string DocumentedImageToVideo = """
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
    public void The_documented_image_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = HappyHorseI2V.ImageToVideo("https://example.com/first-frame.png")
            .WithPrompt("A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.")
            .WithResolution("1080P")
            .WithDuration(5);

        ShouldWrite(request, DocumentedImageToVideo);
    }

    [Fact]
    public void The_documented_body_passes_the_emulators_check() => ShouldPassTheBodyCheck(HappyHorseI2V.ImageToVideoRequest.Info, DocumentedImageToVideo);

    [Fact]
    public void Image_to_video_goes_to_the_gateway_video_endpoint() => ShouldGoTo(HappyHorseI2V.ImageToVideoRequest.Info, Endpoint.GatewayVideos);

    [Fact]
    public void The_prompt_is_optional()
    {
        var request = HappyHorseI2V.ImageToVideo("https://example.com/first-frame.png");

        ShouldWrite(request, """{ "model": "happyhorse-1.0-i2v", "image": "https://example.com/first-frame.png" }""");
    }
}
