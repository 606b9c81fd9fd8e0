using System.Linq;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>Kling Video (<c>kling-video</c>) against service document 000: its three examples and how its bodies are told apart.</summary>
public class KlingVideoTests
{
    private const string Prompt = "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.";

    // Service document 000, line 1541 (text-to-video).
    private const string TextToVideoBody = """
        {
        "model": "kling-video",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "duration": 5,
        "aspect_ratio": "16:9",
        "resolution": "720p"
        }
        """;

    // Service document 000, line 2229 (image-to-video).
    private const string ImageToVideoBody = """
        {
        "model": "kling-video",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "duration": 5,
        "aspect_ratio": "16:9",
        "resolution": "720p",
        "images": [
        "https://example.com/first-frame.png"
        ]
        }
        """;

    // Service document 000, line 3232 (reference-to-video).
    private const string ReferenceToVideoBody = """
        {
        "model": "kling-video",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "duration": 5,
        "aspect_ratio": "16:9",
        "resolution": "720p",
        "images": [
        "https://example.com/ref-1.png",
        "https://example.com/ref-2.png"
        ]
        }
        """;

    [Fact]
    public void The_documented_text_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = KlingVideo.TextToVideo(Prompt).WithDuration(5).WithAspectRatio("16:9").WithResolution("720p");

        ShouldMatch(request, TextToVideoBody, Endpoint.GatewayVideos);
    }

    [Fact]
    public void The_documented_image_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = KlingVideo.ImageToVideo(Prompt, ["https://example.com/first-frame.png"])
            .WithDuration(5)
            .WithAspectRatio("16:9")
            .WithResolution("720p");

        ShouldMatch(request, ImageToVideoBody, Endpoint.GatewayVideos);
    }

    [Fact]
    public void The_documented_reference_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = KlingVideo.ReferenceToVideo(Prompt, ["https://example.com/ref-1.png", "https://example.com/ref-2.png"])
            .WithDuration(5)
            .WithAspectRatio("16:9")
            .WithResolution("720p");

        ShouldMatch(request, ReferenceToVideoBody, Endpoint.GatewayVideos);
    }

    [Fact]
    public void Every_documented_example_also_passes_the_body_check_of_its_operation()
    {
        ShouldPassTheBodyCheck(KlingVideo.TextToVideoRequest.Info, TextToVideoBody);
        ShouldPassTheBodyCheck(KlingVideo.ImageToVideoRequest.Info, ImageToVideoBody);
        ShouldPassTheBodyCheck(KlingVideo.ReferenceToVideoRequest.Info, ReferenceToVideoBody);
    }

    [Theory]
    [InlineData(TextToVideoBody, false)]
    [InlineData(ImageToVideoBody, true)]
    [InlineData(ReferenceToVideoBody, true)]
    public void Image_to_video_and_reference_to_video_are_identified_by_the_same_images_field(string json, bool expected)
    {
        var body = Parse(json);

        KlingVideo.ImageToVideoRequest.Info.IsIdentifiedBy(body).ShouldBe(expected);
        KlingVideo.ReferenceToVideoRequest.Info.IsIdentifiedBy(body).ShouldBe(expected);
    }

    [Fact]
    public void A_body_with_images_cannot_be_told_apart_so_the_first_operation_image_to_video_is_picked()
    {
        // The documentation gives image-to-video and reference-to-video the same fields; only the number of images in the
        // examples differs (1 and 2), which is not a stated limit. The emulator takes the first of equal matches.
        var operations = OperationsOf(KlingVideo.ModelId);

        operations.Select(o => o.OperationId).ShouldBe(["text-to-video", "image-to-video", "reference-to-video"]);
        operations.ShouldAllBe(o => o.SubmitPath == "/v1/videos");
        KlingVideo.ReferenceToVideoRequest.Info.IdentifiedBy.ShouldBe(KlingVideo.ImageToVideoRequest.Info.IdentifiedBy);
        MostSpecificOperation(operations, ReferenceToVideoBody).ShouldBe("image-to-video");
    }

    [Fact]
    public void Images_must_be_jpeg_png_or_webp_when_they_show_an_extension()
    {
        KlingVideo.ImageToVideo(Prompt, ["https://example.com/first-frame.webp"]).Validate().Problems.ShouldBeEmpty();

        KlingVideo.ReferenceToVideo(Prompt, ["https://example.com/ref-1.png", "https://example.com/ref-2.gif"]).Validate().Problems.ShouldHaveSingleItem()
            .Message.ShouldBe("kling-video reference-to-video: images[1] must be a jpeg, png, webp file (was .gif).");
    }
}
