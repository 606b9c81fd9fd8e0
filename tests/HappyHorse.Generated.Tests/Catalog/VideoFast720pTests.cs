using System.Linq;
using System.Text.Json;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>sora-sd-2.0-fast (<c>video-fast-720p</c>) against seed 000: its five examples, how its bodies are told apart, and its rules.</summary>
public class VideoFast720pTests
{
    private const string Prompt = "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.";

    // Seed 000, line 1194 (text-to-video).
    private const string TextToVideoBody = """
        {
        "model": "video-fast-720p",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "aspect_ratio": "16:9",
        "duration": 6
        }
        """;

    // Seed 000, line 1862 (image-to-video).
    private const string ImageToVideoBody = """
        {
        "model": "video-fast-720p",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "aspect_ratio": "16:9",
        "duration": 6,
        "image_url": "https://example.com/first-frame.png"
        }
        """;

    // Seed 000, line 2847 (reference-to-video).
    private const string ReferenceToVideoBody = """
        {
        "model": "video-fast-720p",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "aspect_ratio": "16:9",
        "duration": 6,
        "image_url": "https://example.com/ref-1.png",
        "extra_images": [
        "https://example.com/ref-2.png"
        ]
        }
        """;

    // Seed 000, line 3316 (image-audio-to-video).
    private const string ImageAudioToVideoBody = """
        {
        "model": "video-fast-720p",
        "prompt": "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.",
        "aspect_ratio": "16:9",
        "duration": 6,
        "image_url": "https://example.com/ref-1.png",
        "extra_audios": [
        "https://example.com/audio.mp3"
        ]
        }
        """;

    // Seed 000, line 3584 (multimodal-to-video).
    private const string MultimodalToVideoBody = """
        {
        "model": "video-fast-720p",
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

    private static readonly string[] Examples = [TextToVideoBody, ImageToVideoBody, ReferenceToVideoBody, ImageAudioToVideoBody, MultimodalToVideoBody];

    private static void ShouldBeTheGatewayVideosEndpoint(OperationInfo info)
    {
        info.SubmitPath.ShouldBe("/v1/videos");
        info.Profile.Id.ShouldBe("gateway-videos");
        info.Profile.Poll.PathTemplate.ShouldBe("/v1/videos/{task_id}");
    }

    [Fact]
    public void The_seed_text_to_video_example_validates_and_writes_the_seed_body()
    {
        var request = VideoFast720p.TextToVideo(Prompt).WithAspectRatio("16:9").WithDuration(6);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), TextToVideoBody);
        ShouldBeTheGatewayVideosEndpoint(VideoFast720p.TextToVideoRequest.Info);
    }

    [Fact]
    public void The_seed_image_to_video_example_validates_and_writes_the_seed_body()
    {
        var request = VideoFast720p.ImageToVideo(Prompt, "https://example.com/first-frame.png").WithAspectRatio("16:9").WithDuration(6);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), ImageToVideoBody);
        ShouldBeTheGatewayVideosEndpoint(VideoFast720p.ImageToVideoRequest.Info);
    }

    [Fact]
    public void The_seed_reference_to_video_example_validates_and_writes_the_seed_body()
    {
        var request = VideoFast720p.ReferenceToVideo(Prompt, "https://example.com/ref-1.png")
            .WithAspectRatio("16:9")
            .WithDuration(6)
            .WithExtraImages(["https://example.com/ref-2.png"]);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), ReferenceToVideoBody);
        ShouldBeTheGatewayVideosEndpoint(VideoFast720p.ReferenceToVideoRequest.Info);
    }

    [Fact]
    public void The_seed_image_audio_to_video_example_validates_and_writes_the_seed_body()
    {
        var request = VideoFast720p.ImageAudioToVideo(Prompt, "https://example.com/ref-1.png", ["https://example.com/audio.mp3"])
            .WithAspectRatio("16:9")
            .WithDuration(6);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), ImageAudioToVideoBody);
        ShouldBeTheGatewayVideosEndpoint(VideoFast720p.ImageAudioToVideoRequest.Info);
    }

    [Fact]
    public void The_seed_multimodal_to_video_example_validates_and_writes_the_seed_body()
    {
        var request = VideoFast720p.MultimodalToVideo(Prompt, "https://example.com/ref-1.png", ["https://example.com/audio.mp3"], ["https://example.com/ref-video.mp4"])
            .WithAspectRatio("16:9")
            .WithDuration(6);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), MultimodalToVideoBody);
        ShouldBeTheGatewayVideosEndpoint(VideoFast720p.MultimodalToVideoRequest.Info);
    }

    [Fact]
    public void Every_seed_example_also_passes_the_body_check_of_its_operation()
    {
        OperationInfo[] infos =
        [
            VideoFast720p.TextToVideoRequest.Info, VideoFast720p.ImageToVideoRequest.Info, VideoFast720p.ReferenceToVideoRequest.Info,
            VideoFast720p.ImageAudioToVideoRequest.Info, VideoFast720p.MultimodalToVideoRequest.Info,
        ];

        for (var i = 0; i < infos.Length; i++)
        {
            using var body = JsonDocument.Parse(Examples[i]);
            infos[i].ValidateBody(body.RootElement).Problems.ShouldBeEmpty(infos[i].OperationId);
        }
    }

    [Theory]
    [InlineData("image-to-video", new[] { false, true, true, true, true })]
    [InlineData("reference-to-video", new[] { false, false, true, false, false })]
    [InlineData("image-audio-to-video", new[] { false, false, false, true, true })]
    [InlineData("multimodal-to-video", new[] { false, false, false, false, true })]
    public void Each_identified_operation_matches_the_seed_examples_that_carry_its_fields(string operationId, bool[] expected)
    {
        // Markers are field presence, so a less specific operation also matches the bodies of more specific ones;
        // the emulator then takes the operation that matches the most entries (next test).
        var info = Operations().Single(o => o.OperationId == operationId);

        for (var i = 0; i < Examples.Length; i++)
        {
            using var body = JsonDocument.Parse(Examples[i]);
            info.IsIdentifiedBy(body.RootElement).ShouldBe(expected[i], $"{operationId} against example {i}");
        }
    }

    [Fact]
    public void The_most_specific_match_picks_the_seed_examples_own_operation()
    {
        string[] expected = ["text-to-video", "image-to-video", "reference-to-video", "image-audio-to-video", "multimodal-to-video"];

        for (var i = 0; i < Examples.Length; i++)
        {
            using var body = JsonDocument.Parse(Examples[i]);
            var picked = Operations().Where(o => o.IsIdentifiedBy(body.RootElement)).OrderByDescending(o => o.IdentifiedBy.Count).First();
            picked.OperationId.ShouldBe(expected[i]);
        }
    }

    [Fact]
    public void All_five_operations_share_one_path()
    {
        Operations().Select(o => o.OperationId).ShouldBe(["text-to-video", "image-to-video", "reference-to-video", "image-audio-to-video", "multimodal-to-video"]);
        Operations().ShouldAllBe(o => o.SubmitPath == "/v1/videos");
    }

    [Fact]
    public void Image_url_and_extra_images_hold_at_most_nine_images_together()
    {
        var eight = Enumerable.Range(2, 8).Select(i => $"https://example.com/ref-{i}.png").ToArray();
        var nine = Enumerable.Range(2, 9).Select(i => $"https://example.com/ref-{i}.png").ToArray();

        VideoFast720p.ReferenceToVideo(Prompt, "https://example.com/ref-1.png").WithExtraImages(eight).Validate().Problems.ShouldBeEmpty();

        var problem = VideoFast720p.ReferenceToVideo(Prompt, "https://example.com/ref-1.png").WithExtraImages(nine).Validate().Problems.ShouldHaveSingleItem();
        problem.Field.ShouldBe("image_url + extra_images");
        problem.Message.ShouldBe("video-fast-720p reference-to-video: image_url + extra_images must hold at most 9 values together (held 10).");
    }

    [Fact]
    public void Audio_needs_an_image_in_image_audio_to_video()
    {
        // image_url is also required by the seed's table, so its "is required" problem is the one reported.
        VideoFast720p.ImageAudioToVideo(Prompt, "https://example.com/ref-1.png", ["https://example.com/audio.mp3"]).Validate().Problems.ShouldBeEmpty();

        var problem = VideoFast720p.ImageAudioToVideo(Prompt, null!, ["https://example.com/audio.mp3"]).Validate().Problems.ShouldHaveSingleItem();
        problem.Field.ShouldBe("image_url");
        problem.Message.ShouldBe("video-fast-720p image-audio-to-video: image_url is required.");
    }

    [Fact]
    public void Audio_needs_an_image_in_multimodal_to_video()
    {
        using var withoutImage = JsonDocument.Parse("""
            { "model": "video-fast-720p", "prompt": "p", "extra_audios": ["https://example.com/audio.mp3"], "extra_videos": ["https://example.com/ref-video.mp4"] }
            """);

        var problem = VideoFast720p.MultimodalToVideoRequest.Info.ValidateBody(withoutImage.RootElement).Problems.ShouldHaveSingleItem();
        problem.Field.ShouldBe("image_url");
        problem.Message.ShouldBe("video-fast-720p multimodal-to-video: image_url is required.");
        VideoFast720p.MultimodalToVideo(Prompt, "https://example.com/ref-1.png", ["https://example.com/audio.mp3"], ["https://example.com/ref-video.mp4"])
            .Validate().Problems.ShouldBeEmpty();
    }

    [Fact]
    public void At_most_one_extra_audio_and_one_extra_video()
    {
        string[] twoAudios = ["https://example.com/a.mp3", "https://example.com/b.mp3"];
        string[] twoVideos = ["https://example.com/a.mp4", "https://example.com/b.mp4"];

        var problems = VideoFast720p.MultimodalToVideo(Prompt, "https://example.com/ref-1.png", twoAudios, twoVideos).Validate().Problems;

        problems.Select(p => p.Message).ShouldBe([
            "video-fast-720p multimodal-to-video: extra_audios must hold at most 1 item (held 2).",
            "video-fast-720p multimodal-to-video: extra_videos must hold at most 1 item (held 2).",
        ]);
        VideoFast720p.ImageAudioToVideo(Prompt, "https://example.com/ref-1.png", twoAudios).Validate().Problems.ShouldHaveSingleItem()
            .Message.ShouldBe("video-fast-720p image-audio-to-video: extra_audios must hold at most 1 item (held 2).");
    }

    [Fact]
    public void Media_urls_must_have_the_seeds_formats_when_they_show_an_extension()
    {
        var problems = VideoFast720p.MultimodalToVideo(Prompt, "https://example.com/ref-1.webp", ["https://example.com/audio.wav"], ["https://example.com/ref-video.mov"])
            .Validate().Problems;

        problems.Select(p => p.Message).ShouldBe([
            "video-fast-720p multimodal-to-video: image_url must be a jpeg, png file (was .webp).",
            "video-fast-720p multimodal-to-video: extra_audios[0] must be a mp3 file (was .wav).",
            "video-fast-720p multimodal-to-video: extra_videos[0] must be a mp4 file (was .mov).",
        ]);
    }

    private static OperationInfo[] Operations() => HappyHorseCatalog.Operations.Where(o => o.ModelId == VideoFast720p.ModelId).ToArray();
}
