using System.Collections.Generic;
using System.Text.Json;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>gpt-image-2-max (GPT Image 2 Max) against seed 000: the examples of text-to-image (line 146), image-edit (432) and multi-image-reference (798).</summary>
public class GptImage2MaxTests
{
    private const string Prompt = "A clean product photo on a soft studio background.";

    private const string TextToImageBody = """
        {
        "model": "gpt-image-2-max",
        "prompt": "A clean product photo on a soft studio background.",
        "size": "1024x1024",
        "n": 1
        }
        """;

    private const string MultiImageReferenceBody = """
        {
        "model": "gpt-image-2-max",
        "prompt": "A clean product photo on a soft studio background.",
        "size": "1024x1024",
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
        var request = GptImage2Max.TextToImage(Prompt).WithSize("1024x1024").WithN(1);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), TextToImageBody);
        GptImage2Max.TextToImageRequest.Info.SubmitPath.ShouldBe("/v1/images/async/generations");
        GptImage2Max.TextToImageRequest.Info.Profile.Id.ShouldBe("gateway-images");
        GptImage2Max.TextToImageRequest.Info.Profile.Poll.PathTemplate.ShouldBe("/v1/images/async/{task_id}");
    }

    [Fact]
    public void The_seed_image_edit_example_validates_and_writes_the_seed_form_parts()
    {
        var request = GptImage2Max.ImageEdit(Prompt, "https://example.com/input.png").WithN(1).WithSize("1024x1024");
        var parts = new List<KeyValuePair<string, string>>();

        request.Validate().Problems.ShouldBeEmpty();
        ((IFormGenerationRequest)request).WriteFormFields(parts);

        // files = { "model": (None, "gpt-image-2-max"), "prompt": (None, "..."), "image": (None, "https://example.com/input.png"), "n": (None, "1"), "size": (None, "1024x1024") }
        parts.ShouldBe(
            [
                new("model", "gpt-image-2-max"),
                new("prompt", "A clean product photo on a soft studio background."),
                new("image", "https://example.com/input.png"),
                new("n", "1"),
                new("size", "1024x1024"),
            ],
            ignoreOrder: true);
        GptImage2Max.ImageEditRequest.Info.SubmitPath.ShouldBe("/v1/images/async/edits");
        GptImage2Max.ImageEditRequest.Info.ContentType.ShouldBe(HappyHorse.Generated.Protocol.RequestContentType.Multipart);
        GptImage2Max.ImageEditRequest.Info.Profile.Id.ShouldBe("gateway-images");
        GptImage2Max.ImageEditRequest.Info.Profile.Poll.PathTemplate.ShouldBe("/v1/images/async/{task_id}");
    }

    [Fact]
    public void The_seed_image_edit_form_read_as_text_validates()
    {
        using var form = JsonDocument.Parse("""
            { "model": "gpt-image-2-max", "prompt": "A clean product photo on a soft studio background.", "image": "https://example.com/input.png", "n": "1", "size": "1024x1024" }
            """);

        GptImage2Max.ImageEditRequest.Info.ValidateBody(form.RootElement).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void The_seed_multi_image_reference_example_validates_and_writes_the_seed_body()
    {
        var request = GptImage2Max.MultiImageReference(Prompt, ["https://example.com/ref-1.png", "https://example.com/ref-2.png"])
            .WithSize("1024x1024")
            .WithN(1);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), MultiImageReferenceBody);
        GptImage2Max.MultiImageReferenceRequest.Info.SubmitPath.ShouldBe("/v1/images/async/generations");
        GptImage2Max.MultiImageReferenceRequest.Info.Profile.Id.ShouldBe("gateway-images");
        GptImage2Max.MultiImageReferenceRequest.Info.Profile.Poll.PathTemplate.ShouldBe("/v1/images/async/{task_id}");
    }

    [Fact]
    public void Multi_image_reference_is_identified_by_image_urls_on_the_shared_path()
    {
        using var multi = JsonDocument.Parse(MultiImageReferenceBody);
        using var text = JsonDocument.Parse(TextToImageBody);

        GptImage2Max.MultiImageReferenceRequest.Info.IdentifiedBy.ShouldBe(["image_urls"]);
        GptImage2Max.MultiImageReferenceRequest.Info.IsIdentifiedBy(multi.RootElement).ShouldBeTrue();
        GptImage2Max.MultiImageReferenceRequest.Info.IsIdentifiedBy(text.RootElement).ShouldBeFalse();
        GptImage2Max.TextToImageRequest.Info.IdentifiedBy.ShouldBeEmpty();
        GptImage2Max.ImageEditRequest.Info.IdentifiedBy.ShouldBeEmpty();
    }
}
