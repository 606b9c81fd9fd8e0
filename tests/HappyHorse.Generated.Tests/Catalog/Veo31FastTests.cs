using System.Linq;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>Veo 3.1 Fast (<c>veo_3_1-fast</c>) against service document 000: its three examples, how its bodies are told apart, and its two-frame list.</summary>
public class Veo31FastTests
{
    private const string Prompt = "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.";

    // Service document 000, line 1616 (text-to-video).
    private const string TextToVideoBody = """
        {
        "model": "veo_3_1-fast",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion."
        }
        """;

    // Service document 000, line 2310 (image-to-video).
    private const string ImageToVideoBody = """
        {
        "model": "veo_3_1-fast",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "image_url": "https://example.com/first-frame.png"
        }
        """;

    // Service document 000, line 2484 (first-last-frame).
    private const string FirstLastFrameBody = """
        {
        "model": "veo_3_1-fast",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "images": [
        "https://example.com/first-frame.png",
        "https://example.com/last-frame.png"
        ],
        "duration": 8
        }
        """;

    [Fact]
    public void The_documented_text_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = Veo31Fast.TextToVideo(Prompt);

        ShouldMatch(request, TextToVideoBody, Endpoint.GatewayVideos);
    }

    [Fact]
    public void The_documented_image_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = Veo31Fast.ImageToVideo("https://example.com/first-frame.png").WithPrompt(Prompt);

        ShouldMatch(request, ImageToVideoBody, Endpoint.GatewayVideos);
    }

    [Fact]
    public void The_documented_first_last_frame_example_validates_and_writes_the_documented_body()
    {
        var request = Veo31Fast.FirstLastFrame(Prompt, ["https://example.com/first-frame.png", "https://example.com/last-frame.png"]).WithDuration(8);

        ShouldMatch(request, FirstLastFrameBody, Endpoint.GatewayVideos);
    }

    [Fact]
    public void Every_documented_example_also_passes_the_body_check_of_its_operation()
    {
        ShouldPassTheBodyCheck(Veo31Fast.TextToVideoRequest.Info, TextToVideoBody);
        ShouldPassTheBodyCheck(Veo31Fast.ImageToVideoRequest.Info, ImageToVideoBody);
        ShouldPassTheBodyCheck(Veo31Fast.FirstLastFrameRequest.Info, FirstLastFrameBody);
    }

    [Fact]
    public void The_prompt_is_optional_for_image_to_video_only()
    {
        ShouldWrite(Veo31Fast.ImageToVideo("https://example.com/first-frame.png"), """{ "model": "veo_3_1-fast", "image_url": "https://example.com/first-frame.png" }""");
    }

    [Theory]
    [InlineData(TextToVideoBody, false, false)]
    [InlineData(ImageToVideoBody, true, false)]
    [InlineData(FirstLastFrameBody, false, true)]
    public void Image_to_video_is_identified_by_image_url_and_first_last_frame_by_images(string json, bool imageToVideo, bool firstLastFrame)
    {
        var body = Parse(json);

        Veo31Fast.ImageToVideoRequest.Info.IsIdentifiedBy(body).ShouldBe(imageToVideo);
        Veo31Fast.FirstLastFrameRequest.Info.IsIdentifiedBy(body).ShouldBe(firstLastFrame);
    }

    [Fact]
    public void The_most_specific_match_picks_the_documented_examples_own_operation()
    {
        var operations = OperationsOf(Veo31Fast.ModelId);
        operations.ShouldAllBe(o => o.SubmitPath == "/v1/videos");

        MostSpecificOperation(operations, TextToVideoBody).ShouldBe("text-to-video");
        MostSpecificOperation(operations, ImageToVideoBody).ShouldBe("image-to-video");
        MostSpecificOperation(operations, FirstLastFrameBody).ShouldBe("first-last-frame");
    }

    [Theory]
    [InlineData(2, null)]
    [InlineData(1, "images must hold exactly 2 items (held 1)")]
    [InlineData(3, "images must hold exactly 2 items (held 3)")]
    public void First_last_frame_takes_exactly_two_images_first_then_last(int count, string? problem)
    {
        var images = Enumerable.Range(1, count).Select(i => $"https://example.com/frame-{i}.png").ToArray();

        var result = Veo31Fast.FirstLastFrame(Prompt, images).Validate();

        if (problem is null) result.Problems.ShouldBeEmpty();
        else result.Problems.ShouldHaveSingleItem().Message.ShouldBe($"veo_3_1-fast first-last-frame: {problem}.");
    }
}
