using System.Buffers;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests;

/// <summary>Multi-shot mode and elements of happyhorse-1.0/video (service document 002).</summary>
public class HappyHorseVideoMultiShotTests
{
    private static HappyHorseVideo.Shot[] DocumentedShots() =>
    [
        new("A woman walks into a coffee shop", 3),
        new("She orders a latte and sits by the window", 4),
        new("She looks outside and smiles", 3),
    ];

    [Fact]
    public void The_documented_multi_shot_example_validates_and_writes_the_documented_body()
    {
        var request = HappyHorseVideo.MultiShot(DocumentedShots(), sound: true)
            .WithMode(HappyHorseVideo.Mode.Pro)
            .WithDuration(10)
            .WithAspectRatio(HappyHorseVideo.AspectRatio.Landscape16x9);

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), """
            {
              "model": "happyhorse-1.0/video",
              "mode": "pro",
              "multi_shots": true,
              "sound": true,
              "duration": 10,
              "multi_prompt": [
                { "prompt": "A woman walks into a coffee shop", "duration": 3 },
                { "prompt": "She orders a latte and sits by the window", "duration": 4 },
                { "prompt": "She looks outside and smiles", "duration": 3 }
              ],
              "aspect_ratio": "16:9"
            }
            """);
    }

    [Fact]
    public void Duration_must_equal_the_sum_of_the_shots_when_given()
    {
        var problem = HappyHorseVideo.MultiShot(DocumentedShots(), sound: false).WithDuration(12).Validate().Problems.ShouldHaveSingleItem();

        problem.Message.ShouldBe("happyhorse-1.0/video multi-shot: duration must equal the sum of multi_prompt[].duration (10) when both are given (was 12).");
        problem.ErrorCode.ShouldBe("INVALID_DURATION");
        HappyHorseVideo.MultiShot(DocumentedShots(), sound: false).Validate().IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData(1, 12, null)]
    [InlineData(1, 13, "multi_prompt[1].duration must be between 1 and 12 (was 13)")]
    [InlineData(1, 0, "multi_prompt[1].duration must be between 1 and 12 (was 0)")]
    [InlineData(501, 3, "multi_prompt[1].prompt must be at most 500 characters long (was 501)")]
    public void Each_shot_is_checked_under_its_index(int promptLength, int duration, string? problem)
    {
        var shots = new[] { new HappyHorseVideo.Shot("first", 3), new HappyHorseVideo.Shot(new string('a', promptLength), duration) };

        var result = HappyHorseVideo.MultiShot(shots, sound: true).Validate();

        if (problem is null) result.IsValid.ShouldBeTrue();
        else result.Problems.ShouldHaveSingleItem().Message.ShouldBe($"happyhorse-1.0/video multi-shot: {problem}.");
    }

    [Fact]
    public void At_most_five_shots_and_one_image()
    {
        var shots = Enumerable.Range(0, 6).Select(_ => new HappyHorseVideo.Shot("s", 1)).ToArray();

        var problems = HappyHorseVideo.MultiShot(shots, sound: true).WithImageUrls(["https://a.example/1.png", "https://a.example/2.png"]).Validate().Problems;

        problems.Select(p => p.Message).ShouldBe([
            "happyhorse-1.0/video multi-shot: multi_prompt must hold between 1 and 5 items (held 6).",
            "happyhorse-1.0/video multi-shot: image_urls must hold at most 1 item (held 2).",
        ]);
    }

    [Fact]
    public void Elements_are_written_and_checked()
    {
        var dog = new HappyHorseVideo.Element("element_dog", ["https://a.example/dog1.png", "https://a.example/dog2.png"]).WithDescription("A small brown dog");
        var request = HappyHorseVideo.TextToVideo("@element_dog runs on the beach").WithElements([dog]);

        request.Validate().IsValid.ShouldBeTrue();
        JsonNode.Parse(Body(request))!["happyhorse_elements"]!.ToJsonString().ShouldBe(
            """[{"name":"element_dog","description":"A small brown dog","element_input_urls":["https://a.example/dog1.png","https://a.example/dog2.png"]}]""");

        var tooFewImages = new HappyHorseVideo.Element("cat", ["https://a.example/cat.png"]);
        var problems = HappyHorseVideo.TextToVideo("p").WithElements([dog, tooFewImages, dog, dog]).Validate().Problems.Select(p => p.Message).ToList();
        problems.ShouldBe([
            "happyhorse-1.0/video text-to-video: happyhorse_elements must hold at most 3 items (held 4).",
            "happyhorse-1.0/video text-to-video: happyhorse_elements[1].element_input_urls must hold between 2 and 4 items (held 1).",
        ]);
    }

    [Theory]
    [InlineData("""{ "multi_shots": true, "sound": true, "multi_prompt": [ { "prompt": "a", "duration": 3 } ] }""", null)]
    [InlineData("""{ "multi_shots": false, "sound": true, "multi_prompt": [ { "prompt": "a", "duration": 3 } ] }""", "multi_shots must be true (was false)")]
    [InlineData("""{ "multi_shots": true, "multi_prompt": [ { "prompt": "a", "duration": 3 } ] }""", "sound is required")]
    [InlineData("""{ "multi_shots": true, "sound": true, "multi_prompt": [ { "prompt": "a" } ] }""", "multi_prompt[0].duration is required")]
    [InlineData("""{ "multi_shots": true, "sound": true, "multi_prompt": [ "a" ] }""", "multi_prompt must be an array of objects (was an array)")]
    [InlineData("""{ "multi_shots": true, "sound": true, "duration": 4, "multi_prompt": [ { "prompt": "a", "duration": 3 } ] }""", "duration must equal the sum of multi_prompt[].duration (3) when both are given (was 4)")]
    public void A_json_body_is_checked_with_the_same_rules(string json, string? problem)
    {
        using var body = JsonDocument.Parse(json);

        var result = HappyHorseVideo.MultiShotRequest.Info.ValidateBody(body.RootElement);

        if (problem is null) result.IsValid.ShouldBeTrue();
        else result.Problems.ShouldHaveSingleItem().Message.ShouldBe($"happyhorse-1.0/video multi-shot: {problem}.");
    }
}

public class HappyHorseVideoPricingTests
{
    [Theory]
    [InlineData("pro", false, 5, 270)]
    [InlineData("pro", true, 5, 400)]
    [InlineData("std", false, 10, 400)]
    [InlineData("std", true, 3, 180)]
    public void The_credit_table_of_service_document_002(string mode, bool sound, int seconds, double credits) =>
        HappyHorseVideo.TextToVideo("p").WithMode(mode).WithSound(sound).WithDuration(seconds).EstimateCredits().ShouldBe(credits);

    [Fact]
    public void Defaults_apply_std_with_sound_for_5_seconds() =>
        HappyHorseVideo.TextToVideo("p").EstimateCredits().ShouldBe(300);

    [Fact]
    public void Multi_shot_without_a_duration_costs_the_sum_of_its_shots() =>
        HappyHorseVideo.MultiShot([new("a", 3), new("b", 4)], sound: false).WithMode("pro").EstimateCredits().ShouldBe(7 * 54);

    [Fact]
    public void A_mode_outside_the_table_has_no_estimate() =>
        HappyHorseVideo.TextToVideo("p").WithMode("ultra").EstimateCredits().ShouldBeNull();

    /// <summary>A tool holding only the JSON body (the command line) prices it from the metadata's price table, as a typed request is priced.</summary>
    [Fact]
    public void The_metadata_price_table_estimates_a_body_by_the_table()
    {
        (IGenerationRequest Request, double? Credits)[] requests =
        [
            (HappyHorseVideo.TextToVideo("p"), 300),
            (HappyHorseVideo.TextToVideo("p").WithMode("pro").WithSound(false).WithDuration(12), 648),
            (HappyHorseVideo.TextToVideo("p").WithMode("std").WithSound(true).WithDuration(3), 180),
            (HappyHorseVideo.TextToVideo("p").WithMode("ultra"), null),
            (HappyHorseVideo.MultiShot([new("a", 3), new("b", 4)], sound: false).WithMode("pro"), 7 * 54),
            (HappyHorseVideo.MultiShot([new("a", 3), new("b", 4)], sound: true).WithDuration(9), 9 * 60),
        ];

        foreach (var (request, credits) in requests)
        {
            using var body = JsonDocument.Parse(Body(request));
            request.Operation.EstimateCredits(body.RootElement).ShouldBe(credits, Body(request));
            request.Operation.EstimateCredits(request).ShouldBe(credits, Body(request));
        }

        HappyHorseVideo.TextToVideoRequest.Info.Pricing!.Rates.Count.ShouldBe(4);
        HappyHorseCatalog.Operations.First(o => o.ModelId == "gpt-image-2").Pricing.ShouldBeNull();
    }
}
