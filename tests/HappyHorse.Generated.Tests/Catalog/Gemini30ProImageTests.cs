using System.Collections.Generic;
using System.Text.Json;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>gemini-3.0-pro-image (Nano Banana Pro) against seed 000: the examples of text-to-image (line 286), image-edit (578) and multi-image-reference (952).</summary>
public class Gemini30ProImageTests
{
    private const string Prompt = "A clean product photo on a soft studio background.";

    private const string TextToImageBody = """
        {
        "model": "gemini-3.0-pro-image",
        "prompt": "A clean product photo on a soft studio background.",
        "n": 1,
        "size": "1K",
        "aspect_ratio": "1:1"
        }
        """;

    private const string MultiImageReferenceBody = """
        {
        "model": "gemini-3.0-pro-image",
        "prompt": "A clean product photo on a soft studio background.",
        "n": 1,
        "size": "1K",
        "aspect_ratio": "1:1",
        "image_urls": [
        "https://example.com/ref-1.png",
        "https://example.com/ref-2.png"
        ]
        }
        """;

    [Fact]
    public void The_seed_text_to_image_example_validates_and_writes_the_seed_body()
    {
        var request = Gemini30ProImage.TextToImage(Prompt).WithN(1).WithSize("1K").WithAspectRatio("1:1");

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), TextToImageBody);
        Gemini30ProImage.TextToImageRequest.Info.SubmitPath.ShouldBe("/v1/images/async/generations");
        Gemini30ProImage.TextToImageRequest.Info.Profile.Id.ShouldBe("gateway-images");
        Gemini30ProImage.TextToImageRequest.Info.Profile.Poll.PathTemplate.ShouldBe("/v1/images/async/{task_id}");
    }

    [Fact]
    public void The_seed_image_edit_example_validates_and_writes_the_seed_form_parts()
    {
        var request = Gemini30ProImage.ImageEdit(Prompt, "https://example.com/input.png").WithN(1).WithSize("1K");
        var parts = new List<KeyValuePair<string, string>>();

        request.Validate().Problems.ShouldBeEmpty();
        ((IFormGenerationRequest)request).WriteFormFields(parts);

        // files = { "model": (None, "gemini-3.0-pro-image"), "prompt": (None, "..."), "image": (None, "https://example.com/input.png"), "n": (None, "1"), "size": (None, "1K") }
        parts.ShouldBe(
            [
                new("model", "gemini-3.0-pro-image"),
                new("prompt", "A clean product photo on a soft studio background."),
                new("image", "https://example.com/input.png"),
                new("n", "1"),
                new("size", "1K"),
            ],
            ignoreOrder: true);
        Gemini30ProImage.ImageEditRequest.Info.SubmitPath.ShouldBe("/v1/images/async/edits");
        Gemini30ProImage.ImageEditRequest.Info.ContentType.ShouldBe(HappyHorse.Generated.Protocol.RequestContentType.Multipart);
        Gemini30ProImage.ImageEditRequest.Info.Profile.Id.ShouldBe("gateway-images");
        Gemini30ProImage.ImageEditRequest.Info.Profile.Poll.PathTemplate.ShouldBe("/v1/images/async/{task_id}");
    }

    [Fact]
    public void The_seed_image_edit_form_read_as_text_validates()
    {
        using var form = JsonDocument.Parse("""
            { "model": "gemini-3.0-pro-image", "prompt": "A clean product photo on a soft studio background.", "image": "https://example.com/input.png", "n": "1", "size": "1K" }
            """);

        Gemini30ProImage.ImageEditRequest.Info.ValidateBody(form.RootElement).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void The_seed_multi_image_reference_example_validates_and_writes_the_seed_body()
    {
        var request = Gemini30ProImage.MultiImageReference(Prompt, ["https://example.com/ref-1.png", "https://example.com/ref-2.png"])
            .WithN(1)
            .WithSize("1K")
            .WithAspectRatio("1:1");

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), MultiImageReferenceBody);
        Gemini30ProImage.MultiImageReferenceRequest.Info.SubmitPath.ShouldBe("/v1/images/async/generations");
        Gemini30ProImage.MultiImageReferenceRequest.Info.Profile.Id.ShouldBe("gateway-images");
        Gemini30ProImage.MultiImageReferenceRequest.Info.Profile.Poll.PathTemplate.ShouldBe("/v1/images/async/{task_id}");
    }

    [Fact]
    public void Multi_image_reference_is_identified_by_image_urls_on_the_shared_path()
    {
        using var multi = JsonDocument.Parse(MultiImageReferenceBody);
        using var text = JsonDocument.Parse(TextToImageBody);

        Gemini30ProImage.MultiImageReferenceRequest.Info.IdentifiedBy.ShouldBe(["image_urls"]);
        Gemini30ProImage.MultiImageReferenceRequest.Info.IsIdentifiedBy(multi.RootElement).ShouldBeTrue();
        Gemini30ProImage.MultiImageReferenceRequest.Info.IsIdentifiedBy(text.RootElement).ShouldBeFalse();
        Gemini30ProImage.TextToImageRequest.Info.IdentifiedBy.ShouldBeEmpty();
        Gemini30ProImage.ImageEditRequest.Info.IdentifiedBy.ShouldBeEmpty();
    }
}
