using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>happyhorse-1.0-r2v (service document 000, line 2665): the documentation's example and its endpoint.</summary>
public class HappyHorseR2VTests
{
    // The documentation's json_data, verbatim.
    private const string DocumentedReferenceToVideo = """
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
    public void The_documented_reference_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = HappyHorseR2V.ReferenceToVideo(
                "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
                ["https://example.com/ref-1.png", "https://example.com/ref-2.png"])
            .WithResolution("1080P")
            .WithRatio("16:9")
            .WithDuration(5);

        ShouldWrite(request, DocumentedReferenceToVideo);
    }

    [Fact]
    public void The_documented_body_passes_the_emulators_check() => ShouldPassTheBodyCheck(HappyHorseR2V.ReferenceToVideoRequest.Info, DocumentedReferenceToVideo);

    [Fact]
    public void Reference_to_video_goes_to_the_gateway_video_endpoint() => ShouldGoTo(HappyHorseR2V.ReferenceToVideoRequest.Info, Endpoint.GatewayVideos);
}
