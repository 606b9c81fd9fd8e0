using System.Collections.Generic;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>gpt-image-2 (GPT Image 2) against service document 000: the examples of text-to-image (line 6), image-edit (356) and multi-image-reference (649).</summary>
public class GptImage2Tests : GatewayImageEditModelTests
{
    protected override string TextToImageBody => """
        {
        "model": "gpt-image-2",
        "prompt": "A clean product photo on a soft studio background.",
        "size": "1536x1024",
        "n": 1
        }
        """;

    protected override string MultiImageReferenceBody => """
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

    protected override IGenerationRequest TextToImageExample() => GptImage2.TextToImage(Prompt).WithSize("1536x1024").WithN(1);

    protected override IGenerationRequest MultiImageReferenceExample() =>
        GptImage2.MultiImageReference(Prompt, ["https://example.com/ref-1.png", "https://example.com/ref-2.png"])
            .WithSize("1536x1024")
            .WithN(1);

    protected override IGenerationRequest ImageEditExample() => GptImage2.ImageEdit(Prompt, "https://example.com/input.png").WithN(1).WithSize("1536x1024");

    // The documentation's form: files = { "model": (None, "gpt-image-2"), "prompt": (None, "..."), "image": (None, "https://example.com/input.png"), "n": (None, "1"), "size": (None, "1536x1024") }
    protected override KeyValuePair<string, string>[] ImageEditParts =>
    [
        new("model", "gpt-image-2"),
        new("prompt", "A clean product photo on a soft studio background."),
        new("image", "https://example.com/input.png"),
        new("n", "1"),
        new("size", "1536x1024"),
    ];
}
