using System;
using System.Linq;
using HappyHorse.Generated.Models;
using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>Service document 004: HappyHorse video edit in the DashScope dialect.</summary>
public class HappyHorseVideoEditDashScopeTests
{
    private static HappyHorseVideoEditDashScope.Media Video => new(HappyHorseVideoEditDashScope.MediaType.Video, "https://example.com/input-video.mp4");

    private static HappyHorseVideoEditDashScope.Media Reference(int i) => new(HappyHorseVideoEditDashScope.MediaType.ReferenceImage, $"https://example.com/ref{i}.png");

    [Fact]
    public void The_documented_example_validates_and_writes_the_documented_body_to_the_documented_endpoint()
    {
        var request = HappyHorseVideoEditDashScope.VideoEdit("将视频背景更换为海滩日落场景", [Video])
            .WithResolution(HappyHorseVideoEditDashScope.Resolution.P720)
            .WithDuration(5);

        ShouldWrite(request, """
            {
                "model": "happyhorse-1.0-video-edit",
                "input": {
                    "prompt": "将视频背景更换为海滩日落场景",
                    "media": [
                        {
                            "type": "video",
                            "url": "https://example.com/input-video.mp4"
                        }
                    ]
                },
                "parameters": {
                    "resolution": "720P",
                    "duration": 5
                }
            }
            """);
        var info = HappyHorseVideoEditDashScope.VideoEditRequest.Info;
        info.SubmitPath.ShouldBe("/api/v1/services/aigc/video-generation/video-synthesis");
        info.Profile.Submit.Headers.ShouldContain(new System.Collections.Generic.KeyValuePair<string, string>("X-DashScope-Async", "enable"));
        info.Profile.Poll.PathTemplate.ShouldBe("/api/v1/tasks/{task_id}");
        info.Profile.Cancel!.PathTemplate.ShouldBe("/api/v1/tasks/{task_id}/cancel");
    }

    [Fact]
    public void Media_holds_exactly_one_video_and_at_most_five_reference_images()
    {
        var valid = HappyHorseVideoEditDashScope.VideoEdit("p", [Video, .. Enumerable.Range(0, 5).Select(Reference)]).Validate();
        var noVideo = HappyHorseVideoEditDashScope.VideoEdit("p", [Reference(0)]).Validate();
        var twoVideos = HappyHorseVideoEditDashScope.VideoEdit("p", [Video, Video]).Validate();
        var sixReferences = HappyHorseVideoEditDashScope.VideoEdit("p", [Video, .. Enumerable.Range(0, 6).Select(Reference)]).Validate();

        valid.IsValid.ShouldBeTrue();
        noVideo.Problems.ShouldHaveSingleItem().Message.ShouldBe("happyhorse-1.0-video-edit video-edit: media must hold exactly 1 item whose type is 'video' (held 0).");
        twoVideos.Problems.ShouldHaveSingleItem().Message.ShouldBe("happyhorse-1.0-video-edit video-edit: media must hold exactly 1 item whose type is 'video' (held 2).");
        // 7 items: the list's size and the more specific reference-image rule are both reported.
        sixReferences.Problems.Select(p => p.Message).ShouldBe([
            "happyhorse-1.0-video-edit video-edit: media must hold between 1 and 6 items (held 7).",
            "happyhorse-1.0-video-edit video-edit: media must hold at most 5 items whose type is 'reference_image' (held 6).",
        ]);
    }

    [Fact]
    public void A_body_with_six_reference_images_names_the_reference_image_rule_too()
    {
        var request = HappyHorseVideoEditDashScope.VideoEdit("p", [Video, .. Enumerable.Range(0, 6).Select(Reference)]);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer)) request.WriteJsonBody(writer);
        using var body = System.Text.Json.JsonDocument.Parse(buffer.WrittenMemory);

        var problems = HappyHorseVideoEditDashScope.VideoEditRequest.Info.ValidateBody(body.RootElement).Problems;

        problems.Select(p => p.Message).ShouldBe(request.Validate().Problems.Select(p => p.Message));
        problems.ShouldContain(p => p.Message.Contains("whose type is 'reference_image' (held 6)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(5000, 0, true)]
    [InlineData(5001, 0, false)]
    [InlineData(0, 2500, true)]
    [InlineData(0, 2501, false)]
    [InlineData(4998, 1, true)]
    [InlineData(4999, 1, false)]
    public void The_prompt_allows_5000_non_chinese_or_2500_chinese_characters(int latin, int chinese, bool accepted)
    {
        var prompt = new string('a', latin) + new string('海', chinese);

        var result = HappyHorseVideoEditDashScope.VideoEdit(prompt, [Video]).Validate();

        result.IsValid.ShouldBe(accepted);
        if (!accepted) result.Problems.ShouldHaveSingleItem().Message.ShouldContain("prompt must be at most 5000 characters long, Chinese characters counting two");
    }

    [Fact]
    public void A_url_whose_extension_is_not_a_listed_format_is_rejected()
    {
        var problem = HappyHorseVideoEditDashScope.VideoEdit("p", [new(HappyHorseVideoEditDashScope.MediaType.Video, "https://example.com/clip.avi")]).Validate().Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("media[0].url");
        problem.Message.ShouldContain("must be a mp4, mov, jpeg, jpg, png, webp file (was .avi)");
    }
}
