using System.Collections.Generic;
using System.Linq;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>
/// The tests of the sora-sd-2.0 models (<see cref="VideoFast720pTests"/>, <see cref="VideoPro720pTests"/>) against service document 000:
/// the documentation gives both the same five operations, fields and rules, so a subclass supplies only what differs: the model id,
/// the documentation's example bodies and the typed calls that build them.
/// </summary>
public abstract class SoraVideoModelTests
{
    protected const string Prompt = "A natural 5-second homestay vlog shot, handheld phone camera, warm daylight, realistic motion.";

    /// <summary>The model id as the documentation writes it; every problem message starts with it.</summary>
    protected abstract string ModelId { get; }

    protected abstract string TextToVideoBody { get; }
    protected abstract string ImageToVideoBody { get; }
    protected abstract string ReferenceToVideoBody { get; }
    protected abstract string ImageAudioToVideoBody { get; }
    protected abstract string MultimodalToVideoBody { get; }

    // The documentation's examples, built through the model's typed factories and With* methods.
    protected abstract IGenerationRequest TextToVideoExample();
    protected abstract IGenerationRequest ImageToVideoExample();
    protected abstract IGenerationRequest ReferenceToVideoExample();
    protected abstract IGenerationRequest ImageAudioToVideoExample();
    protected abstract IGenerationRequest MultimodalToVideoExample();

    // The model's typed factories with the documentation's prompt, for the rules.
    protected abstract IGenerationRequest ReferenceToVideo(string imageUrl, IReadOnlyList<string> extraImages);
    protected abstract IGenerationRequest ImageAudioToVideo(string imageUrl, IReadOnlyList<string> extraAudios);
    protected abstract IGenerationRequest MultimodalToVideo(string imageUrl, IReadOnlyList<string> extraAudios, IReadOnlyList<string> extraVideos);

    private string[] Examples => [TextToVideoBody, ImageToVideoBody, ReferenceToVideoBody, ImageAudioToVideoBody, MultimodalToVideoBody];

    [Fact]
    public void The_documented_text_to_video_example_validates_and_writes_the_documented_body() =>
        ShouldMatch(TextToVideoExample(), TextToVideoBody, Endpoint.GatewayVideos);

    [Fact]
    public void The_documented_image_to_video_example_validates_and_writes_the_documented_body() =>
        ShouldMatch(ImageToVideoExample(), ImageToVideoBody, Endpoint.GatewayVideos);

    [Fact]
    public void The_documented_reference_to_video_example_validates_and_writes_the_documented_body() =>
        ShouldMatch(ReferenceToVideoExample(), ReferenceToVideoBody, Endpoint.GatewayVideos);

    [Fact]
    public void The_documented_image_audio_to_video_example_validates_and_writes_the_documented_body() =>
        ShouldMatch(ImageAudioToVideoExample(), ImageAudioToVideoBody, Endpoint.GatewayVideos);

    [Fact]
    public void The_documented_multimodal_to_video_example_validates_and_writes_the_documented_body() =>
        ShouldMatch(MultimodalToVideoExample(), MultimodalToVideoBody, Endpoint.GatewayVideos);

    [Fact]
    public void Every_documented_example_also_passes_the_body_check_of_its_operation()
    {
        IGenerationRequest[] requests = [TextToVideoExample(), ImageToVideoExample(), ReferenceToVideoExample(), ImageAudioToVideoExample(), MultimodalToVideoExample()];

        for (var i = 0; i < requests.Length; i++) ShouldPassTheBodyCheck(requests[i].Operation, Examples[i]);
    }

    [Theory]
    [InlineData("image-to-video", new[] { false, true, true, true, true })]
    [InlineData("reference-to-video", new[] { false, false, true, false, false })]
    [InlineData("image-audio-to-video", new[] { false, false, false, true, true })]
    [InlineData("multimodal-to-video", new[] { false, false, false, false, true })]
    public void Each_identified_operation_matches_the_documented_examples_that_carry_its_fields(string operationId, bool[] expected)
    {
        // Markers are field presence, so a less specific operation also matches the bodies of more specific ones;
        // the emulator then takes the operation that matches the most entries (next test).
        var info = OperationsOf(ModelId).Single(o => o.OperationId == operationId);

        for (var i = 0; i < Examples.Length; i++) info.IsIdentifiedBy(Parse(Examples[i])).ShouldBe(expected[i], $"{operationId} against example {i}");
    }

    [Fact]
    public void The_most_specific_match_picks_the_documented_examples_own_operation()
    {
        string[] expected = ["text-to-video", "image-to-video", "reference-to-video", "image-audio-to-video", "multimodal-to-video"];

        for (var i = 0; i < Examples.Length; i++) MostSpecificOperation(OperationsOf(ModelId), Examples[i]).ShouldBe(expected[i]);
    }

    [Fact]
    public void All_five_operations_share_one_path()
    {
        OperationsOf(ModelId).Select(o => o.OperationId).ShouldBe(["text-to-video", "image-to-video", "reference-to-video", "image-audio-to-video", "multimodal-to-video"]);
        OperationsOf(ModelId).ShouldAllBe(o => o.SubmitPath == "/v1/videos");
    }

    [Fact]
    public void Image_url_and_extra_images_hold_at_most_nine_images_together()
    {
        var eight = Enumerable.Range(2, 8).Select(i => $"https://example.com/ref-{i}.png").ToArray();
        var nine = Enumerable.Range(2, 9).Select(i => $"https://example.com/ref-{i}.png").ToArray();

        ReferenceToVideo("https://example.com/ref-1.png", eight).Validate().Problems.ShouldBeEmpty();

        var problem = ReferenceToVideo("https://example.com/ref-1.png", nine).Validate().Problems.ShouldHaveSingleItem();
        problem.Field.ShouldBe("image_url + extra_images");
        problem.Message.ShouldBe($"{ModelId} reference-to-video: image_url + extra_images must hold at most 9 values together (held 10).");
    }

    [Fact]
    public void Audio_needs_an_image_in_image_audio_to_video()
    {
        // image_url is also required by the documentation's table, so its "is required" problem is the one reported.
        ImageAudioToVideo("https://example.com/ref-1.png", ["https://example.com/audio.mp3"]).Validate().Problems.ShouldBeEmpty();

        var problem = ImageAudioToVideo(null!, ["https://example.com/audio.mp3"]).Validate().Problems.ShouldHaveSingleItem();
        problem.Field.ShouldBe("image_url");
        problem.Message.ShouldBe($"{ModelId} image-audio-to-video: image_url is required.");
    }

    [Fact]
    public void Audio_needs_an_image_in_multimodal_to_video()
    {
        var withoutImage = Parse($$"""
            { "model": "{{ModelId}}", "prompt": "p", "extra_audios": ["https://example.com/audio.mp3"], "extra_videos": ["https://example.com/ref-video.mp4"] }
            """);

        var problem = MultimodalToVideoExample().Operation.ValidateBody(withoutImage).Problems.ShouldHaveSingleItem();
        problem.Field.ShouldBe("image_url");
        problem.Message.ShouldBe($"{ModelId} multimodal-to-video: image_url is required.");
        MultimodalToVideo("https://example.com/ref-1.png", ["https://example.com/audio.mp3"], ["https://example.com/ref-video.mp4"])
            .Validate().Problems.ShouldBeEmpty();
    }

    [Fact]
    public void At_most_one_extra_audio_and_one_extra_video()
    {
        string[] twoAudios = ["https://example.com/a.mp3", "https://example.com/b.mp3"];
        string[] twoVideos = ["https://example.com/a.mp4", "https://example.com/b.mp4"];

        var problems = MultimodalToVideo("https://example.com/ref-1.png", twoAudios, twoVideos).Validate().Problems;

        problems.Select(p => p.Message).ShouldBe([
            $"{ModelId} multimodal-to-video: extra_audios must hold at most 1 item (held 2).",
            $"{ModelId} multimodal-to-video: extra_videos must hold at most 1 item (held 2).",
        ]);
        ImageAudioToVideo("https://example.com/ref-1.png", twoAudios).Validate().Problems.ShouldHaveSingleItem()
            .Message.ShouldBe($"{ModelId} image-audio-to-video: extra_audios must hold at most 1 item (held 2).");
    }

    [Fact]
    public void Media_urls_must_have_the_documented_formats_when_they_show_an_extension()
    {
        var problems = MultimodalToVideo("https://example.com/ref-1.webp", ["https://example.com/audio.wav"], ["https://example.com/ref-video.mov"])
            .Validate().Problems;

        problems.Select(p => p.Message).ShouldBe([
            $"{ModelId} multimodal-to-video: image_url must be a jpeg, png file (was .webp).",
            $"{ModelId} multimodal-to-video: extra_audios[0] must be a mp3 file (was .wav).",
            $"{ModelId} multimodal-to-video: extra_videos[0] must be a mp4 file (was .mov).",
        ]);
    }
}
