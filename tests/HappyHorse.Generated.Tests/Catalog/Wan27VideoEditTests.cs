using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>wan2.7-videoedit (service document 000, line 3908): the documentation's example, its endpoint and its one-source-video rule.</summary>
public class Wan27VideoEditTests
{
    private const string Prompt = "Recreate this clip in a warmer, more cinematic travel vlog style.";
    private const string Source = "https://example.com/source.mp4";

    // The documentation's json_data, verbatim but for Python's False written as JSON false.
    private const string DocumentedVideoEdit = """
        {
        "model": "wan2.7-videoedit",
        "input": {
        "prompt": "Recreate this clip in a warmer, more cinematic travel vlog style.",
        "media": [
        {
        "type": "video",
        "url": "https://example.com/source.mp4"
        },
        {
        "type": "reference_image",
        "url": "https://example.com/ref-1.png"
        }
        ]
        },
        "parameters": {
        "resolution": "720P",
        "prompt_extend": false,
        "watermark": false,
        "ratio": "16:9",
        "audio_setting": "auto"
        }
        }
        """;

    [Fact]
    public void The_documented_video_edit_example_validates_and_writes_the_documented_body()
    {
        var request = Wan27VideoEdit.VideoEdit(Prompt, [new Wan27VideoEdit.EditMedia("video", Source), new Wan27VideoEdit.EditMedia("reference_image", "https://example.com/ref-1.png")])
            .WithResolution("720P")
            .WithPromptExtend(false)
            .WithWatermark(false)
            .WithRatio("16:9")
            .WithAudioSetting(Wan27VideoEdit.AudioSetting.Auto);

        ShouldWrite(request, DocumentedVideoEdit);
    }

    [Fact]
    public void The_documented_body_passes_the_emulators_check() => ShouldPassTheBodyCheck(Wan27VideoEdit.VideoEditRequest.Info, DocumentedVideoEdit);

    [Fact]
    public void Video_edit_goes_to_the_gateway_video_endpoint() => ShouldGoTo(Wan27VideoEdit.VideoEditRequest.Info, Endpoint.GatewayVideos);

    [Fact]
    public void Video_edit_takes_exactly_one_source_video()
    {
        var none = Wan27VideoEdit.VideoEdit(Prompt, [new("reference_image", "https://example.com/ref-1.png")]).Validate().Problems.ShouldHaveSingleItem();
        none.Field.ShouldBe("input.media");
        none.Message.ShouldBe("wan2.7-videoedit video-edit: input.media must hold exactly 1 item whose type is 'video' (held 0).");

        var two = Wan27VideoEdit.VideoEdit(Prompt, [new("video", Source), new("video", Source)]).Validate().Problems.ShouldHaveSingleItem();
        two.Message.ShouldBe("wan2.7-videoedit video-edit: input.media must hold exactly 1 item whose type is 'video' (held 2).");

        Wan27VideoEdit.VideoEdit(Prompt, [new("video", Source)]).Validate().IsValid.ShouldBeTrue();
    }
}
