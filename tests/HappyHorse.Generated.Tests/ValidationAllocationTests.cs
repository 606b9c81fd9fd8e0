using System;
using System.Buffers;
using System.Text.Json;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.Tests;

/// <summary>
/// The request path allocates nothing of its own: checking a valid request builds no field names or messages, and
/// writing its body into a reused writer allocates nothing beyond the buffer's first growth.
/// </summary>
public class ValidationAllocationTests
{
    private static HappyHorseVideo.MultiShotRequest MultiShot() =>
        HappyHorseVideo.MultiShot(
            [new HappyHorseVideo.Shot("A woman walks into a coffee shop", 3), new HappyHorseVideo.Shot("She orders a latte", 4), new HappyHorseVideo.Shot("She smiles", 3)],
            sound: true)
            .WithMode(HappyHorseVideo.Mode.Pro)
            .WithDuration(10)
            .WithAspectRatio(HappyHorseVideo.AspectRatio.Landscape16x9)
            .WithImageUrls(["https://example.com/first-frame.png"]);

    private static GptImage2.MultiImageReferenceRequest ImageReference() =>
        GptImage2.MultiImageReference("a cat on a sofa", ["https://cdn.example.com/images/a.png", "https://cdn.example.com:8443/b.jpg?sig=abc"])
            .WithSize("1024x1024")
            .WithN(4);

    [Fact]
    public void Validating_a_valid_multi_shot_request_allocates_nothing()
    {
        var request = MultiShot();
        request.Validate().IsValid.ShouldBeTrue();

        BytesAllocatedBy(() => request.Validate()).ShouldBe(0);
    }

    [Fact]
    public void Validating_a_valid_request_with_media_urls_allocates_nothing()
    {
        var request = ImageReference();
        request.Validate().IsValid.ShouldBeTrue();

        BytesAllocatedBy(() => request.Validate()).ShouldBe(0);
    }

    [Fact]
    public void An_invalid_request_still_names_each_problem_under_its_indexed_field()
    {
        var request = HappyHorseVideo.MultiShot([new HappyHorseVideo.Shot("ok", 3), new HappyHorseVideo.Shot("", 13)], sound: true);

        request.Validate().Problems.ShouldBe([
            new ValidationProblem("multi_prompt[1].prompt", "happyhorse-1.0/video multi-shot: multi_prompt[1].prompt must not be empty.", null),
            new ValidationProblem("multi_prompt[1].duration", "happyhorse-1.0/video multi-shot: multi_prompt[1].duration must be between 1 and 12 (was 13).", null),
        ]);
    }

    [Fact]
    public void A_null_item_in_a_list_of_urls_is_a_problem_not_a_crash()
    {
        var request = GptImage2.MultiImageReference("a cat", ["https://cdn.example.com/a.png", null!]);

        request.Validate().Problems.ShouldHaveSingleItem().Message.ShouldBe("gpt-image-2 multi-image-reference: image_urls[1] is required.");
    }

    [Fact]
    public void Writing_the_body_into_a_reused_writer_allocates_nothing()
    {
        var request = MultiShot();
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var writer = new Utf8JsonWriter(buffer);
        void Write()
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            request.WriteJsonBody(writer);
            writer.Flush();
        }

        Write();

        BytesAllocatedBy(Write).ShouldBe(0);
    }

    private static long BytesAllocatedBy(Action action)
    {
        action(); // first call: static initializers, JIT
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
