using System.Collections.Generic;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>sora-sd-2.0-pro (<c>video-pro-720p</c>) against service document 000: its five examples, built through <see cref="VideoPro720p"/>; the tests are those of <see cref="SoraVideoModelTests"/>.</summary>
public class VideoPro720pTests : SoraVideoModelTests
{
    protected override string ModelId => "video-pro-720p";

    // Service document 000, line 1267 (text-to-video).
    protected override string TextToVideoBody => """
        {
        "model": "video-pro-720p",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "aspect_ratio": "16:9",
        "duration": 6
        }
        """;

    // Service document 000, line 1939 (image-to-video).
    protected override string ImageToVideoBody => """
        {
        "model": "video-pro-720p",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "aspect_ratio": "16:9",
        "duration": 6,
        "image_url": "https://example.com/first-frame.png"
        }
        """;

    // Service document 000, line 2928 (reference-to-video).
    protected override string ReferenceToVideoBody => """
        {
        "model": "video-pro-720p",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "aspect_ratio": "16:9",
        "duration": 6,
        "image_url": "https://example.com/ref-1.png",
        "extra_images": [
        "https://example.com/ref-2.png"
        ]
        }
        """;

    // Service document 000, line 3398 (image-audio-to-video).
    protected override string ImageAudioToVideoBody => """
        {
        "model": "video-pro-720p",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "aspect_ratio": "16:9",
        "duration": 6,
        "image_url": "https://example.com/ref-1.png",
        "extra_audios": [
        "https://example.com/audio.mp3"
        ]
        }
        """;

    // Service document 000, line 3671 (multimodal-to-video).
    protected override string MultimodalToVideoBody => """
        {
        "model": "video-pro-720p",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "aspect_ratio": "16:9",
        "duration": 6,
        "image_url": "https://example.com/ref-1.png",
        "extra_audios": [
        "https://example.com/audio.mp3"
        ],
        "extra_videos": [
        "https://example.com/ref-video.mp4"
        ]
        }
        """;

    protected override IGenerationRequest TextToVideoExample() => VideoPro720p.TextToVideo(Prompt).WithAspectRatio("16:9").WithDuration(6);

    protected override IGenerationRequest ImageToVideoExample() =>
        VideoPro720p.ImageToVideo(Prompt, "https://example.com/first-frame.png").WithAspectRatio("16:9").WithDuration(6);

    protected override IGenerationRequest ReferenceToVideoExample() =>
        VideoPro720p.ReferenceToVideo(Prompt, "https://example.com/ref-1.png")
            .WithAspectRatio("16:9")
            .WithDuration(6)
            .WithExtraImages(["https://example.com/ref-2.png"]);

    protected override IGenerationRequest ImageAudioToVideoExample() =>
        VideoPro720p.ImageAudioToVideo(Prompt, "https://example.com/ref-1.png", ["https://example.com/audio.mp3"])
            .WithAspectRatio("16:9")
            .WithDuration(6);

    protected override IGenerationRequest MultimodalToVideoExample() =>
        VideoPro720p.MultimodalToVideo(Prompt, "https://example.com/ref-1.png", ["https://example.com/audio.mp3"], ["https://example.com/ref-video.mp4"])
            .WithAspectRatio("16:9")
            .WithDuration(6);

    protected override IGenerationRequest ReferenceToVideo(string imageUrl, IReadOnlyList<string> extraImages) =>
        VideoPro720p.ReferenceToVideo(Prompt, imageUrl).WithExtraImages(extraImages);

    protected override IGenerationRequest ImageAudioToVideo(string imageUrl, IReadOnlyList<string> extraAudios) =>
        VideoPro720p.ImageAudioToVideo(Prompt, imageUrl, extraAudios);

    protected override IGenerationRequest MultimodalToVideo(string imageUrl, IReadOnlyList<string> extraAudios, IReadOnlyList<string> extraVideos) =>
        VideoPro720p.MultimodalToVideo(Prompt, imageUrl, extraAudios, extraVideos);
}
