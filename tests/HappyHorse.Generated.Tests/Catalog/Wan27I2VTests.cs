using System.Linq;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>
/// wan2.7-i2v (service document 000): image-to-video (line 1771), first-last-frame (2389) and video continuation (2568), one
/// model id on one endpoint, told apart by the types of the input.media items.
/// </summary>
public class Wan27I2VTests
{
    private const string Prompt = "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.";
    private const string FirstFrame = "https://example.com/first-frame.png";
    private const string LastFrame = "https://example.com/last-frame.png";
    private const string SourceClip = "https://example.com/source.mp4";

    // The documentation's json_data, verbatim but for Python's False written as JSON false.
    private const string DocumentedImageToVideo = """
        {
        "model": "wan2.7-i2v",
        "input": {
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "media": [
        {
        "type": "first_frame",
        "url": "https://example.com/first-frame.png"
        }
        ]
        },
        "parameters": {
        "resolution": "720P",
        "prompt_extend": false,
        "watermark": false,
        "duration": 5
        }
        }
        """;

    private const string DocumentedFirstLastFrame = """
        {
        "model": "wan2.7-i2v",
        "input": {
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "media": [
        {
        "type": "first_frame",
        "url": "https://example.com/first-frame.png"
        },
        {
        "type": "last_frame",
        "url": "https://example.com/last-frame.png"
        }
        ]
        },
        "parameters": {
        "resolution": "720P",
        "prompt_extend": false,
        "watermark": false,
        "duration": 5
        }
        }
        """;

    private const string DocumentedVideoContinuation = """
        {
        "model": "wan2.7-i2v",
        "input": {
        "prompt": "Continue the clip with the subject walking out of the room, natural handheld camera, no subtitles.",
        "media": [
        {
        "type": "first_clip",
        "url": "https://example.com/source.mp4"
        },
        {
        "type": "last_frame",
        "url": "https://example.com/last-frame.png"
        }
        ]
        },
        "parameters": {
        "resolution": "720P",
        "prompt_extend": false,
        "watermark": false,
        "duration": 5
        }
        }
        """;

    [Fact]
    public void The_documented_image_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = Wan27I2V.ImageToVideo([new Wan27I2V.FrameMedia("first_frame", FirstFrame)])
            .WithPrompt(Prompt)
            .WithResolution("720P")
            .WithPromptExtend(false)
            .WithWatermark(false)
            .WithDuration(5);

        ShouldWrite(request, DocumentedImageToVideo);
    }

    [Fact]
    public void The_documented_first_last_frame_example_validates_and_writes_the_documented_body()
    {
        var request = Wan27I2V.FirstLastFrame(Prompt, [new Wan27I2V.FrameMedia("first_frame", FirstFrame), new Wan27I2V.FrameMedia("last_frame", LastFrame)])
            .WithResolution("720P")
            .WithPromptExtend(false)
            .WithWatermark(false)
            .WithDuration(5);

        ShouldWrite(request, DocumentedFirstLastFrame);
    }

    [Fact]
    public void The_documented_video_continuation_example_validates_and_writes_the_documented_body()
    {
        var request = Wan27I2V.VideoContinuation(
                "Continue the clip with the subject walking out of the room, natural handheld camera, no subtitles.",
                [new Wan27I2V.ContinuationMedia("first_clip", SourceClip), new Wan27I2V.ContinuationMedia("last_frame", LastFrame)])
            .WithResolution("720P")
            .WithPromptExtend(false)
            .WithWatermark(false)
            .WithDuration(5);

        ShouldWrite(request, DocumentedVideoContinuation);
    }

    [Fact]
    public void The_documented_bodies_pass_the_emulators_check()
    {
        ShouldPassTheBodyCheck(Wan27I2V.ImageToVideoRequest.Info, DocumentedImageToVideo);
        ShouldPassTheBodyCheck(Wan27I2V.FirstLastFrameRequest.Info, DocumentedFirstLastFrame);
        ShouldPassTheBodyCheck(Wan27I2V.VideoContinuationRequest.Info, DocumentedVideoContinuation);
    }

    [Fact]
    public void Every_operation_goes_to_the_gateway_video_endpoint()
    {
        ShouldGoTo(Wan27I2V.ImageToVideoRequest.Info, Endpoint.GatewayVideos);
        ShouldGoTo(Wan27I2V.FirstLastFrameRequest.Info, Endpoint.GatewayVideos);
        ShouldGoTo(Wan27I2V.VideoContinuationRequest.Info, Endpoint.GatewayVideos);
    }

    [Fact]
    public void Image_to_video_is_identified_by_a_first_frame_item()
    {
        var info = Wan27I2V.ImageToVideoRequest.Info;

        info.IdentifiedBy.ShouldBe(["input.media[].type=first_frame"]);
        info.IsIdentifiedBy(Parse(DocumentedImageToVideo)).ShouldBeTrue();
        info.IsIdentifiedBy(Parse(DocumentedVideoContinuation)).ShouldBeFalse();
        // A first-last-frame body has a first frame too: first-last-frame wins there by matching more entries (below).
        info.IsIdentifiedBy(Parse(DocumentedFirstLastFrame)).ShouldBeTrue();
    }

    [Fact]
    public void First_last_frame_is_identified_by_a_first_frame_and_a_last_frame_item()
    {
        var info = Wan27I2V.FirstLastFrameRequest.Info;

        info.IdentifiedBy.ShouldBe(["input.media[].type=first_frame", "input.media[].type=last_frame"]);
        ShouldIdentifyOnly(info, DocumentedFirstLastFrame, DocumentedImageToVideo, DocumentedVideoContinuation);
    }

    [Fact]
    public void Video_continuation_is_identified_by_a_first_clip_item()
    {
        var info = Wan27I2V.VideoContinuationRequest.Info;

        info.IdentifiedBy.ShouldBe(["input.media[].type=first_clip"]);
        ShouldIdentifyOnly(info, DocumentedVideoContinuation, DocumentedImageToVideo, DocumentedFirstLastFrame);
    }

    [Theory]
    [InlineData(DocumentedImageToVideo, "image-to-video")]
    [InlineData(DocumentedFirstLastFrame, "first-last-frame")]
    [InlineData(DocumentedVideoContinuation, "video-continuation")]
    public void The_most_specific_identified_operation_is_the_documented_examples_operation(string body, string operation) =>
        MostSpecificOperation(OperationsOf(Wan27I2V.ModelId).Where(o => o.Profile == HappyHorseProfiles.GatewayVideos), body).ShouldBe(operation);

    [Fact]
    public void Image_to_video_takes_exactly_one_first_frame()
    {
        var two = Wan27I2V.ImageToVideo([new("first_frame", FirstFrame), new("first_frame", LastFrame)]).Validate().Problems.ShouldHaveSingleItem();
        two.Field.ShouldBe("input.media");
        two.Message.ShouldBe("wan2.7-i2v image-to-video: input.media must hold exactly 1 item whose type is 'first_frame' (held 2).");

        var none = Wan27I2V.ImageToVideo([new("last_frame", LastFrame)]).Validate().Problems.ShouldHaveSingleItem();
        none.Message.ShouldBe("wan2.7-i2v image-to-video: input.media must hold exactly 1 item whose type is 'first_frame' (held 0).");

        Wan27I2V.ImageToVideo([new("first_frame", FirstFrame)]).Validate().IsValid.ShouldBeTrue();
    }

    [Fact]
    public void First_last_frame_takes_exactly_one_first_frame()
    {
        var problem = Wan27I2V.FirstLastFrame(Prompt, [new("first_frame", FirstFrame), new("first_frame", FirstFrame), new("last_frame", LastFrame)])
            .Validate().Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("input.media");
        problem.Message.ShouldBe("wan2.7-i2v first-last-frame: input.media must hold exactly 1 item whose type is 'first_frame' (held 2).");
        Wan27I2V.FirstLastFrame(Prompt, [new("last_frame", LastFrame), new("first_frame", FirstFrame)]).Validate().IsValid.ShouldBeTrue();
    }

    [Fact]
    public void First_last_frame_takes_exactly_one_last_frame()
    {
        var problem = Wan27I2V.FirstLastFrame(Prompt, [new("first_frame", FirstFrame)]).Validate().Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("input.media");
        problem.Message.ShouldBe("wan2.7-i2v first-last-frame: input.media must hold exactly 1 item whose type is 'last_frame' (held 0).");
        Wan27I2V.FirstLastFrame(Prompt, [new("first_frame", FirstFrame), new("last_frame", LastFrame)]).Validate().IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Video_continuation_takes_exactly_one_source_clip()
    {
        var problem = Wan27I2V.VideoContinuation(Prompt, [new("last_frame", LastFrame)]).Validate().Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("input.media");
        problem.Message.ShouldBe("wan2.7-i2v video-continuation: input.media must hold exactly 1 item whose type is 'first_clip' (held 0).");
        Wan27I2V.VideoContinuation(Prompt, [new("first_clip", SourceClip)]).Validate().IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Video_continuation_takes_at_most_one_last_frame()
    {
        var problem = Wan27I2V.VideoContinuation(Prompt, [new("first_clip", SourceClip), new("last_frame", LastFrame), new("last_frame", LastFrame)])
            .Validate().Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("input.media");
        problem.Message.ShouldBe("wan2.7-i2v video-continuation: input.media must hold at most 1 item whose type is 'last_frame' (held 2).");
        Wan27I2V.VideoContinuation(Prompt, [new("first_clip", SourceClip), new("last_frame", LastFrame)]).Validate().IsValid.ShouldBeTrue();
    }

    [Fact]
    public void The_media_rules_apply_to_a_json_body_too()
    {
        const string body = """{ "model": "wan2.7-i2v", "input": { "prompt": "p", "media": [ { "type": "first_frame", "url": "https://example.com/a.png" } ] } }""";

        var problem = Wan27I2V.FirstLastFrameRequest.Info.ValidateBody(Parse(body)).Problems.ShouldHaveSingleItem();

        problem.Message.ShouldBe("wan2.7-i2v first-last-frame: input.media must hold exactly 1 item whose type is 'last_frame' (held 0).");
    }
}
