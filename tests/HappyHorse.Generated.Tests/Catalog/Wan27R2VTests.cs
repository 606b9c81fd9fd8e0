using System.Linq;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>
/// wan2.7-r2v (service document 000): reference-to-video (line 2750) and multimodal-to-video (3482), one model id on one
/// endpoint; a reference_video item in input.media makes a body multimodal-to-video.
/// </summary>
public class Wan27R2VTests
{
    private const string Prompt = "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.";

    // The documentation's json_data, verbatim but for Python's False written as JSON false.
    private const string DocumentedReferenceToVideo = """
        {
        "model": "wan2.7-r2v",
        "input": {
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "media": [
        {
        "type": "reference_image",
        "url": "https://example.com/ref-1.png"
        },
        {
        "type": "reference_image",
        "url": "https://example.com/ref-2.png"
        }
        ]
        },
        "parameters": {
        "resolution": "720P",
        "prompt_extend": false,
        "watermark": false,
        "duration": 5,
        "ratio": "16:9"
        }
        }
        """;

    private const string DocumentedMultimodalToVideo = """
        {
        "model": "wan2.7-r2v",
        "input": {
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "media": [
        {
        "type": "first_frame",
        "url": "https://example.com/first-frame.png"
        },
        {
        "type": "reference_video",
        "url": "https://example.com/ref-video.mp4",
        "reference_voice": "https://example.com/voice.mp3"
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
        "duration": 5,
        "ratio": "16:9"
        }
        }
        """;

    [Fact]
    public void The_documented_reference_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = Wan27R2V.ReferenceToVideo(Prompt, [new Wan27R2V.ReferenceMedia("reference_image", "https://example.com/ref-1.png"), new Wan27R2V.ReferenceMedia("reference_image", "https://example.com/ref-2.png")])
            .WithResolution("720P")
            .WithPromptExtend(false)
            .WithWatermark(false)
            .WithDuration(5)
            .WithRatio("16:9");

        ShouldWrite(request, DocumentedReferenceToVideo);
    }

    [Fact]
    public void The_documented_multimodal_to_video_example_with_its_undocumented_reference_voice_validates_and_writes_the_documented_body()
    {
        var request = Wan27R2V.MultimodalToVideo(Prompt, [
                new Wan27R2V.MultimodalMedia("first_frame", "https://example.com/first-frame.png"),
                new Wan27R2V.MultimodalMedia("reference_video", "https://example.com/ref-video.mp4").WithReferenceVoice("https://example.com/voice.mp3"),
                new Wan27R2V.MultimodalMedia("reference_image", "https://example.com/ref-1.png"),
            ])
            .WithResolution("720P")
            .WithPromptExtend(false)
            .WithWatermark(false)
            .WithDuration(5)
            .WithRatio("16:9");

        ShouldWrite(request, DocumentedMultimodalToVideo);
    }

    [Fact]
    public void The_documented_bodies_pass_the_emulators_check()
    {
        ShouldPassTheBodyCheck(Wan27R2V.ReferenceToVideoRequest.Info, DocumentedReferenceToVideo);
        ShouldPassTheBodyCheck(Wan27R2V.MultimodalToVideoRequest.Info, DocumentedMultimodalToVideo);
    }

    [Fact]
    public void Both_operations_go_to_the_gateway_video_endpoint()
    {
        ShouldGoTo(Wan27R2V.ReferenceToVideoRequest.Info, Endpoint.GatewayVideos);
        ShouldGoTo(Wan27R2V.MultimodalToVideoRequest.Info, Endpoint.GatewayVideos);
    }

    [Fact]
    public void Multimodal_to_video_is_identified_by_a_reference_video_item()
    {
        var info = Wan27R2V.MultimodalToVideoRequest.Info;

        info.IdentifiedBy.ShouldBe(["input.media[].type=reference_video"]);
        ShouldIdentifyOnly(info, DocumentedMultimodalToVideo, DocumentedReferenceToVideo);
    }

    [Theory]
    [InlineData(DocumentedReferenceToVideo, "reference-to-video")]
    [InlineData(DocumentedMultimodalToVideo, "multimodal-to-video")]
    public void The_most_specific_identified_operation_is_the_documented_examples_operation(string body, string operation)
    {
        // Reference-to-video lists no identifying entry, so it is the operation of any body multimodal-to-video does not claim.
        Wan27R2V.ReferenceToVideoRequest.Info.IdentifiedBy.ShouldBeEmpty();
        MostSpecificOperation(OperationsOf(Wan27R2V.ModelId).Where(o => o.Profile == HappyHorseProfiles.GatewayVideos), body).ShouldBe(operation);
    }

    [Fact]
    public void Reference_to_video_takes_at_least_one_reference_image()
    {
        var problem = Wan27R2V.ReferenceToVideo(Prompt, [new("first_frame", "https://example.com/first-frame.png")]).Validate().Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("input.media");
        problem.Message.ShouldBe("wan2.7-r2v reference-to-video: input.media must hold at least 1 item whose type is 'reference_image' (held 0).");
        Wan27R2V.ReferenceToVideo(Prompt, [new("reference_image", "https://example.com/ref-1.png")]).Validate().IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Multimodal_to_video_takes_at_least_one_reference_video()
    {
        var problem = Wan27R2V.MultimodalToVideo(Prompt, [new("reference_image", "https://example.com/ref-1.png")]).Validate().Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("input.media");
        problem.Message.ShouldBe("wan2.7-r2v multimodal-to-video: input.media must hold at least 1 item whose type is 'reference_video' (held 0).");
        Wan27R2V.MultimodalToVideo(Prompt, [new("reference_video", "https://example.com/ref-video.mp4")]).Validate().IsValid.ShouldBeTrue();
    }
}
