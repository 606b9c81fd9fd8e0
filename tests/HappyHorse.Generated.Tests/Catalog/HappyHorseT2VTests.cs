using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;
using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>happyhorse-1.0-t2v (service document 000, line 1029): the documentation's example and its endpoint.</summary>
public class HappyHorseT2VTests
{
    // The documentation's json_data, verbatim.
    private const string DocumentedTextToVideo = """
        {
        "model": "happyhorse-1.0-t2v",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "metadata": {
        "resolution": "1080P",
        "ratio": "16:9",
        "duration": 5
        }
        }
        """;

    [Fact]
    public void The_documented_text_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = HappyHorseT2V.TextToVideo("A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.")
            .WithResolution("1080P")
            .WithRatio("16:9")
            .WithDuration(5);

        ShouldWrite(request, DocumentedTextToVideo);
    }

    [Fact]
    public void The_documented_body_passes_the_emulators_check() => ShouldPassTheBodyCheck(HappyHorseT2V.TextToVideoRequest.Info, DocumentedTextToVideo);

    [Fact]
    public void Text_to_video_goes_to_the_gateway_video_endpoint() => ShouldGoTo(HappyHorseT2V.TextToVideoRequest.Info, Endpoint.GatewayVideos);

    [Fact]
    public void The_seed_field_is_written_at_the_top_level()
    {
        ShouldBeJsonEqual(Body(HappyHorseT2V.TextToVideo("p").WithSeed(42)), """{ "model": "happyhorse-1.0-t2v", "prompt": "p", "seed": 42 }""");
    }
}
