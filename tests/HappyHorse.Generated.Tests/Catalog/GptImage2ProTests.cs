using System.Text.Json;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>gpt-image-2-pro (GPT Image 2 Pro) against seed 000: the examples of text-to-image (line 77) and multi-image-reference (722); the seed gives it no image-edit.</summary>
public class GptImage2ProTests
{
    private const string Prompt = "A clean product photo on a soft studio background.";

    private const string TextToImageBody = """
        {
        "model": "gpt-image-2-pro",
        "prompt": "A clean product photo on a soft studio background.",
        "size": "1:1",
        "resolution": "1k",
        "n": 1
        }
        """;

    private const string MultiImageReferenceBody = """
        {
        "model": "gpt-image-2-pro",
        "prompt": "A clean product photo on a soft studio background.",
        "size": "1:1",
        "resolution": "1k",
        "n": 1,
        "image_urls": [
        "https://example.com/ref-1.png",
        "https://example.com/ref-2.png"
        ]
        }
        """;

    [Fact]
    public void The_seed_text_to_image_example_validates_and_writes_the_seed_body()
    {
        var request = GptImage2Pro.TextToImage(Prompt).WithSize("1:1").WithResolution("1k").WithN(1);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), TextToImageBody);
        GptImage2Pro.TextToImageRequest.Info.SubmitPath.ShouldBe("/v1/images/async/generations");
        GptImage2Pro.TextToImageRequest.Info.Profile.Id.ShouldBe("gateway-images");
        GptImage2Pro.TextToImageRequest.Info.Profile.Poll.PathTemplate.ShouldBe("/v1/images/async/{task_id}");
    }

    [Fact]
    public void The_seed_multi_image_reference_example_validates_and_writes_the_seed_body()
    {
        var request = GptImage2Pro.MultiImageReference(Prompt, ["https://example.com/ref-1.png", "https://example.com/ref-2.png"])
            .WithSize("1:1")
            .WithResolution("1k")
            .WithN(1);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), MultiImageReferenceBody);
        GptImage2Pro.MultiImageReferenceRequest.Info.SubmitPath.ShouldBe("/v1/images/async/generations");
        GptImage2Pro.MultiImageReferenceRequest.Info.Profile.Id.ShouldBe("gateway-images");
        GptImage2Pro.MultiImageReferenceRequest.Info.Profile.Poll.PathTemplate.ShouldBe("/v1/images/async/{task_id}");
    }

    [Fact]
    public void Multi_image_reference_is_identified_by_image_urls_on_the_shared_path()
    {
        using var multi = JsonDocument.Parse(MultiImageReferenceBody);
        using var text = JsonDocument.Parse(TextToImageBody);

        GptImage2Pro.MultiImageReferenceRequest.Info.IdentifiedBy.ShouldBe(["image_urls"]);
        GptImage2Pro.MultiImageReferenceRequest.Info.IsIdentifiedBy(multi.RootElement).ShouldBeTrue();
        GptImage2Pro.MultiImageReferenceRequest.Info.IsIdentifiedBy(text.RootElement).ShouldBeFalse();
        GptImage2Pro.TextToImageRequest.Info.IdentifiedBy.ShouldBeEmpty();
    }
}
