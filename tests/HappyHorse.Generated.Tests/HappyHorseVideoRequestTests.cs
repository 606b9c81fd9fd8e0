using System;
using System.Buffers;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests;

/// <summary>happyhorse-1.0/video against service document 002: its examples, and every limit of its request body table.</summary>
public class HappyHorseVideoRequestTests
{
    private const string ImageUrl = "https://example.com/my-image.jpg";

    [Fact]
    public void The_documented_text_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = HappyHorseVideo.TextToVideo("A majestic eagle soaring through clouds at sunset")
            .WithMode(HappyHorseVideo.Mode.Pro)
            .WithDuration(5)
            .WithAspectRatio(HappyHorseVideo.AspectRatio.Landscape16x9)
            .WithSound(true);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), """
            {
              "model": "happyhorse-1.0/video",
              "prompt": "A majestic eagle soaring through clouds at sunset",
              "mode": "pro",
              "duration": 5,
              "aspect_ratio": "16:9",
              "sound": true
            }
            """);
    }

    [Fact]
    public void The_documented_image_to_video_example_validates_and_writes_the_documented_body()
    {
        var request = HappyHorseVideo.ImageToVideo("The character slowly turns and smiles", [ImageUrl])
            .WithMode("pro")
            .WithDuration(5);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), """
            {
              "model": "happyhorse-1.0/video",
              "prompt": "The character slowly turns and smiles",
              "mode": "pro",
              "image_urls": ["https://example.com/my-image.jpg"],
              "duration": 5
            }
            """);
    }

    [Fact]
    public void The_documented_quick_start_example_validates_and_writes_the_documented_body()
    {
        var request = HappyHorseVideo.TextToVideo("A cinematic shot of mountains at sunrise").WithMode("pro").WithDuration(5).WithAspectRatio("16:9");

        request.Validate().IsValid.ShouldBeTrue();
        ShouldBeJsonEqual(Body(request), """
            {
              "model": "happyhorse-1.0/video",
              "prompt": "A cinematic shot of mountains at sunrise",
              "mode": "pro",
              "duration": 5,
              "aspect_ratio": "16:9"
            }
            """);
    }

    [Fact]
    public void Optional_fields_left_unset_are_not_written()
    {
        ShouldBeJsonEqual(Body(HappyHorseVideo.TextToVideo("x")), """{ "model": "happyhorse-1.0/video", "prompt": "x" }""");
    }

    public static TheoryData<string, string, Func<HappyHorseVideo.TextToVideoRequest, HappyHorseVideo.TextToVideoRequest>, string?> TextToVideoLimits => new()
    {
        // field, the value as text, the change, the expected problem text (null: accepted)
        { "prompt", "2500 chars", r => r.WithPrompt(new string('a', 2500)), null },
        { "prompt", "2501 chars", r => r.WithPrompt(new string('a', 2501)), "must be at most 2500 characters long (was 2501)" },
        { "prompt", "2500 Chinese chars", r => r.WithPrompt(new string('马', 2500)), null },
        { "prompt", "2500 emoji (surrogate pairs)", r => r.WithPrompt(string.Concat(Enumerable.Repeat("🐎", 2500))), null },
        { "prompt", "empty", r => r.WithPrompt(string.Empty), "must not be empty" },
        { "prompt", "null", r => r.WithPrompt(null!), "is required" },
        { "duration", "3", r => r.WithDuration(3), null },
        { "duration", "2", r => r.WithDuration(2), "must be between 3 and 15 (was 2)" },
        { "duration", "15", r => r.WithDuration(15), null },
        { "duration", "16", r => r.WithDuration(16), "must be between 3 and 15 (was 16)" },
        { "cfg_scale", "0", r => r.WithCfgScale(0), null },
        { "cfg_scale", "-0.01", r => r.WithCfgScale(-0.01), "must be between 0 and 1 (was -0.01)" },
        { "cfg_scale", "1", r => r.WithCfgScale(1), null },
        { "cfg_scale", "1.01", r => r.WithCfgScale(1.01), "must be between 0 and 1 (was 1.01)" },
        { "cfg_scale", "NaN", r => r.WithCfgScale(double.NaN), "must be a finite number" },
        { "mode", "std", r => r.WithMode("std"), null },
        { "mode", "ultra", r => r.WithMode("ultra"), "must be one of pro, std (was 'ultra')" },
        { "mode", "PRO", r => r.WithMode("PRO"), "must be one of pro, std (was 'PRO')" },
        { "aspect_ratio", "1:1", r => r.WithAspectRatio(HappyHorseVideo.AspectRatio.Square1x1), null },
        { "aspect_ratio", "4:3", r => r.WithAspectRatio("4:3"), "must be one of 16:9, 9:16, 1:1 (was '4:3')" },
    };

    [Theory]
    [MemberData(nameof(TextToVideoLimits))]
    public void Text_to_video_limits(string field, string value, Func<HappyHorseVideo.TextToVideoRequest, HappyHorseVideo.TextToVideoRequest> change, string? problem)
    {
        var result = change(HappyHorseVideo.TextToVideo("A valid prompt")).Validate();

        if (problem is null)
        {
            result.Problems.ShouldBeEmpty(value);
            return;
        }

        var found = result.Problems.ShouldHaveSingleItem();
        found.Field.ShouldBe(field);
        found.Message.ShouldBe($"happyhorse-1.0/video text-to-video: {field} {problem}.");
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, null)]
    [InlineData(0, "image_urls must hold between 1 and 2 items (held 0)")]
    [InlineData(3, "image_urls must hold between 1 and 2 items (held 3)")]
    public void Image_to_video_takes_one_or_two_images(int count, string? problem)
    {
        var result = HappyHorseVideo.ImageToVideo("p", Enumerable.Repeat(ImageUrl, count).ToArray()).Validate();

        if (problem is null) result.IsValid.ShouldBeTrue();
        else result.Problems.ShouldHaveSingleItem().Message.ShouldBe($"happyhorse-1.0/video image-to-video: {problem}.");
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/a.jpg")]
    [InlineData("/relative/a.jpg")]
    public void Image_urls_must_be_absolute_http_urls(string url)
    {
        var problem = HappyHorseVideo.ImageToVideo("p", [ImageUrl, url]).Validate().Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("image_urls[1]");
        problem.Message.ShouldContain($"must be an absolute http or https URL (was '{url}')");
    }

    [Fact]
    public void Every_problem_is_listed_at_once_with_the_services_error_codes()
    {
        var request = HappyHorseVideo.TextToVideo(string.Empty).WithDuration(20).WithMode("ultra").WithCfgScale(2);

        var problems = request.Validate().Problems;

        problems.Select(p => p.Field).ShouldBe(["prompt", "mode", "duration", "cfg_scale"]);
        problems.Select(p => p.ErrorCode).ShouldBe(["INVALID_PROMPT", null, "INVALID_DURATION", null]);
        var exception = Should.Throw<HappyHorseValidationException>(() => request.Validate().ThrowIfInvalid());
        exception.Message.ShouldStartWith("The request has 4 problems:");
        foreach (var problem in problems) exception.Message.ShouldContain(problem.Message);
    }

    [Fact]
    public void Typed_values_compare_by_value_and_convert_from_strings()
    {
        HappyHorseVideo.Mode fromString = "pro";

        fromString.ShouldBe(HappyHorseVideo.Mode.Pro);
        (fromString == HappyHorseVideo.Mode.Std).ShouldBeFalse();
        fromString.ToString().ShouldBe("pro");
        default(HappyHorseVideo.Mode).Value.ShouldBe(string.Empty);
        HappyHorseVideo.AspectRatio.KnownValues.ShouldBe(["16:9", "9:16", "1:1"]);
    }

    [Fact]
    public void The_catalog_lists_both_operations_with_their_profile()
    {
        var operations = HappyHorseCatalog.Operations.Where(o => o.ModelId == HappyHorseVideo.ModelId).ToList();

        operations.Select(o => o.OperationId).ShouldBe(["text-to-video", "image-to-video", "multi-shot"]);
        operations.ShouldAllBe(o => o.Profile == HappyHorseProfiles.HappyHorseApp && o.SubmitPath == "/api/generate");
        operations[1].IdentifiedBy.ShouldBe(["image_urls"]);
    }

    [Theory]
    [InlineData("""{ "model": "happyhorse-1.0/video", "prompt": "p", "duration": 5 }""", null)]
    [InlineData("""{ "model": "happyhorse-1.0/video", "prompt": "p", "duration": 20 }""", "duration must be between 3 and 15 (was 20)")]
    [InlineData("""{ "model": "happyhorse-1.0/video", "prompt": "p", "duration": "5" }""", "duration must be an integer (was a string)")]
    [InlineData("""{ "model": "happyhorse-1.0/video", "prompt": "p", "duration": 5.5 }""", "duration must be an integer (was the number 5.5)")]
    [InlineData("""{ "model": "happyhorse-1.0/video", "duration": 5 }""", "prompt is required")]
    [InlineData("""{ "model": "happyhorse-1.0/video", "prompt": 7 }""", "prompt must be a string (was the number 7)")]
    [InlineData("""{ "model": "happyhorse-1.0/video", "prompt": "p", "sound": "yes" }""", "sound must be true or false (was a string)")]
    public void A_json_body_is_checked_with_the_same_rules(string json, string? problem)
    {
        using var body = JsonDocument.Parse(json);

        var result = HappyHorseVideo.TextToVideoRequest.Info.ValidateBody(body.RootElement);

        if (problem is null) result.IsValid.ShouldBeTrue();
        else result.Problems.ShouldHaveSingleItem().Message.ShouldBe($"happyhorse-1.0/video text-to-video: {problem}.");
    }

}
