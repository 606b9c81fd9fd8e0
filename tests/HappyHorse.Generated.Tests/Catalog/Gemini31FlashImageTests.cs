using System.Collections.Generic;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>gemini-3.1-flash-image (Banana 2) against service document 000: the examples of text-to-image (line 218), image-edit (509) and multi-image-reference (877).</summary>
public class Gemini31FlashImageTests : GatewayImageEditModelTests
{
    protected override string TextToImageBody => """
        {
        "model": "gemini-3.1-flash-image",
        "prompt": "A clean product photo on a soft studio background.",
        "n": 1,
        "size": "1K",
        "aspect_ratio": "1:1"
        }
        """;

    protected override string MultiImageReferenceBody => """
        {
        "model": "gemini-3.1-flash-image",
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

    protected override IGenerationRequest TextToImageExample() => Gemini31FlashImage.TextToImage(Prompt).WithN(1).WithSize("1K").WithAspectRatio("1:1");

    protected override IGenerationRequest MultiImageReferenceExample() =>
        Gemini31FlashImage.MultiImageReference(Prompt, ["https://example.com/ref-1.png", "https://example.com/ref-2.png"])
            .WithN(1)
            .WithSize("1K")
            .WithAspectRatio("1:1");

    protected override IGenerationRequest ImageEditExample() => Gemini31FlashImage.ImageEdit(Prompt, "https://example.com/input.png").WithN(1).WithSize("1K");

    // The documentation's form: files = { "model": (None, "gemini-3.1-flash-image"), "prompt": (None, "..."), "image": (None, "https://example.com/input.png"), "n": (None, "1"), "size": (None, "1K") }
    protected override KeyValuePair<string, string>[] ImageEditParts =>
    [
        new("model", "gemini-3.1-flash-image"),
        new("prompt", "A clean product photo on a soft studio background."),
        new("image", "https://example.com/input.png"),
        new("n", "1"),
        new("size", "1K"),
    ];
}
