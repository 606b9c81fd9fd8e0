using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>wan2.7-t2v (service document 000, line 1107): the documentation's example, its endpoint and its two watermark fields.</summary>
public class Wan27T2VTests
{
    // The documentation's json_data, verbatim but for Python's False written as JSON false.
    private const string DocumentedTextToVideo = """
        {
        "model": "wan2.7-t2v",
        "input": {
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "negative_prompt": "low quality, blurry"
        },
        "parameters": {
        "resolution": "720P",
        "ratio": "16:9",
        "duration": 5,
        "prompt_extend": false,
        "watermark": false
        }
        }
        """;

    [Fact]
    public void The_documented_text_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = Wan27T2V.TextToVideo("A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.")
            .WithNegativePrompt("low quality, blurry")
            .WithResolution("720P")
            .WithRatio("16:9")
            .WithDuration(5)
            .WithPromptExtend(false)
            .WithWatermark(false);

        ShouldWrite(request, DocumentedTextToVideo);
    }

    [Fact]
    public void The_documented_body_passes_the_emulators_check() => ShouldPassTheBodyCheck(Wan27T2V.TextToVideoRequest.Info, DocumentedTextToVideo);

    [Fact]
    public void Text_to_video_goes_to_the_gateway_video_endpoint() => ShouldGoTo(Wan27T2V.TextToVideoRequest.Info, Endpoint.GatewayVideos);

    [Fact]
    public void The_two_watermark_fields_and_the_seed_are_independent_and_written_at_their_own_paths()
    {
        var request = Wan27T2V.TextToVideo("p").WithWatermark(false).WithTopLevelWatermark(true).WithSeed(7);

        ShouldWrite(request, """
            { "model": "wan2.7-t2v", "input": { "prompt": "p" }, "parameters": { "watermark": false }, "watermark": true, "seed": 7 }
            """);
    }
}
