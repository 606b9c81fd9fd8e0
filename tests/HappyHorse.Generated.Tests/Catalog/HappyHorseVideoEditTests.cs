using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>happyhorse-1.0-video-edit on the gateway (service document 000, line 4005): the documentation's example and its endpoint.</summary>
public class HappyHorseVideoEditTests
{
    // The documentation's json_data, verbatim.
    private const string DocumentedVideoEdit = """
        {
        "model": "happyhorse-1.0-video-edit",
        "prompt": "Recreate this clip in a warmer, more cinematic travel vlog style.",
        "images": [
        "https://example.com/ref-1.png"
        ],
        "metadata": {
        "video": "https://example.com/source.mp4",
        "resolution": "1080P",
        "duration": 5,
        "audio_setting": "auto"
        }
        }
        """;

    [Fact]
    public void The_documented_video_edit_example_validates_and_writes_the_documented_body()
    {
        var request = HappyHorseVideoEdit.VideoEdit("Recreate this clip in a warmer, more cinematic travel vlog style.", "https://example.com/source.mp4")
            .WithImages(["https://example.com/ref-1.png"])
            .WithResolution("1080P")
            .WithDuration(5)
            .WithAudioSetting(HappyHorseVideoEdit.AudioSetting.Auto);

        ShouldWrite(request, DocumentedVideoEdit);
    }

    [Fact]
    public void The_documented_body_passes_the_emulators_check() => ShouldPassTheBodyCheck(HappyHorseVideoEdit.VideoEditRequest.Info, DocumentedVideoEdit);

    [Fact]
    public void Video_edit_goes_to_the_gateway_video_endpoint() => ShouldGoTo(HappyHorseVideoEdit.VideoEditRequest.Info, Endpoint.GatewayVideos);
}
