using System.Collections.Generic;
using System.Text.Json;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>gpt-image-2 (GPT Image 2) against seed 000: the examples of text-to-image (line 6), image-edit (356) and multi-image-reference (649).</summary>
public class GptImage2Tests
{
    private const string Prompt = "A clean product photo on a soft studio background.";

    private const string TextToImageBody = """
        {
        "model": "gpt-image-2",
        "prompt": "A clean product photo on a soft studio background.",
        "size": "1536x1024",
        "n": 1
        }
        """;

    private const string MultiImageReferenceBody = """
        {
        "model": "gpt-image-2",
        "prompt": "A clean product photo on a soft studio background.",
        "size": "1536x1024",
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
        var request = GptImage2.TextToImage(Prompt).WithSize("1536x1024").WithN(1);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), TextToImageBody);
        GptImage2.TextToImageRequest.Info.SubmitPath.ShouldBe("/v1/images/async/generations");
        GptImage2.TextToImageRequest.Info.Profile.Id.ShouldBe("gateway-images");
        GptImage2.TextToImageRequest.Info.Profile.Poll.PathTemplate.ShouldBe("/v1/images/async/{task_id}");
    }

    [Fact]
    public void The_seed_image_edit_example_validates_and_writes_the_seed_form_parts()
    {
        var request = GptImage2.ImageEdit(Prompt, "https://example.com/input.png").WithN(1).WithSize("1536x1024");
        var parts = new List<KeyValuePair<string, string>>();

        request.Validate().Problems.ShouldBeEmpty();
        ((IFormGenerationRequest)request).WriteFormFields(parts);

        // files = { "model": (None, "gpt-image-2"), "prompt": (None, "..."), "image": (None, "https://example.com/input.png"), "n": (None, "1"), "size": (None, "1536x1024") }
        parts.ShouldBe(
            [
                new("model", "gpt-image-2"),
                new("prompt", "A clean product photo on a soft studio background."),
                new("image", "https://example.com/input.png"),
                new("n", "1"),
                new("size", "1536x1024"),
            ],
            ignoreOrder: true);
        GptImage2.ImageEditRequest.Info.SubmitPath.ShouldBe("/v1/images/async/edits");
        GptImage2.ImageEditRequest.Info.ContentType.ShouldBe(HappyHorse.Generated.Protocol.RequestContentType.Multipart);
        GptImage2.ImageEditRequest.Info.Profile.Id.ShouldBe("gateway-images");
        GptImage2.ImageEditRequest.Info.Profile.Poll.PathTemplate.ShouldBe("/v1/images/async/{task_id}");
    }

    [Fact]
    public void The_seed_image_edit_form_read_as_text_validates()
    {
        using var form = JsonDocument.Parse("""
            { "model": "gpt-image-2", "prompt": "A clean product photo on a soft studio background.", "image": "https://example.com/input.png", "n": "1", "size": "1536x1024" }
            """);

        GptImage2.ImageEditRequest.Info.ValidateBody(form.RootElement).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void The_seed_multi_image_reference_example_validates_and_writes_the_seed_body()
    {
        var request = GptImage2.MultiImageReference(Prompt, ["https://example.com/ref-1.png", "https://example.com/ref-2.png"])
            .WithSize("1536x1024")
            .WithN(1);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), MultiImageReferenceBody);
        GptImage2.MultiImageReferenceRequest.Info.SubmitPath.ShouldBe("/v1/images/async/generations");
        GptImage2.MultiImageReferenceRequest.Info.Profile.Id.ShouldBe("gateway-images");
        GptImage2.MultiImageReferenceRequest.Info.Profile.Poll.PathTemplate.ShouldBe("/v1/images/async/{task_id}");
    }

    [Fact]
    public void Multi_image_reference_is_identified_by_image_urls_on_the_shared_path()
    {
        using var multi = JsonDocument.Parse(MultiImageReferenceBody);
        using var text = JsonDocument.Parse(TextToImageBody);

        GptImage2.MultiImageReferenceRequest.Info.IdentifiedBy.ShouldBe(["image_urls"]);
        GptImage2.MultiImageReferenceRequest.Info.IsIdentifiedBy(multi.RootElement).ShouldBeTrue();
        GptImage2.MultiImageReferenceRequest.Info.IsIdentifiedBy(text.RootElement).ShouldBeFalse();
        GptImage2.TextToImageRequest.Info.IdentifiedBy.ShouldBeEmpty();
        GptImage2.ImageEditRequest.Info.IdentifiedBy.ShouldBeEmpty();
    }
}
