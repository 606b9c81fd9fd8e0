using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>gpt-image-2-pro (GPT Image 2 Pro) against service document 000: the examples of text-to-image (line 77) and multi-image-reference (722); the documentation gives it no image-edit.</summary>
public class GptImage2ProTests : GatewayImageModelTests
{
    protected override string TextToImageBody => """
        {
        "model": "gpt-image-2-pro",
        "prompt": "A clean product photo on a soft studio background.",
        "size": "1:1",
        "resolution": "1k",
        "n": 1
        }
        """;

    protected override string MultiImageReferenceBody => """
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

    protected override IGenerationRequest TextToImageExample() => GptImage2Pro.TextToImage(Prompt).WithSize("1:1").WithResolution("1k").WithN(1);

    protected override IGenerationRequest MultiImageReferenceExample() =>
        GptImage2Pro.MultiImageReference(Prompt, ["https://example.com/ref-1.png", "https://example.com/ref-2.png"])
            .WithSize("1:1")
            .WithResolution("1k")
            .WithN(1);
}
