using System.Text.Json;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>omni_flash_edit against seed 000 (video-edit line 3760).</summary>
public class OmniFlashEditTests
{
    private const string VideoEditSeedBody = """
        {
        "model": "omni_flash_edit",
        "input_video": "https://example.com/source.mp4",
        "messages": [
        {
        "role": "user",
        "content": "Recreate this clip in a warmer, more cinematic travel vlog style."
        }
        ],
        "resolution": "720p",
        "resolution_name": "720p"
        }
        """;

    private static OmniFlashEdit.VideoEditRequest SeedRequest() =>
        OmniFlashEdit.VideoEdit("https://example.com/source.mp4", [new OmniFlashEdit.Message("Recreate this clip in a warmer, more cinematic travel vlog style.")]);

    [Fact]
    public void The_seed_video_edit_example_validates_and_writes_the_seed_body()
    {
        var request = SeedRequest().WithResolution("720p").WithResolutionName("720p");

        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), VideoEditSeedBody);
        OmniFlashEdit.VideoEditRequest.Info.ValidateBody(JsonDocument.Parse(VideoEditSeedBody).RootElement).Problems.ShouldBeEmpty();
        OmniFlashEdit.VideoEditRequest.Info.SubmitPath.ShouldBe("/v1/videos/generations");
        OmniFlashEdit.VideoEditRequest.Info.Profile.Id.ShouldBe("gateway-videos-notevideo");
        OmniFlashEdit.VideoEditRequest.Info.Profile.Poll.PathTemplate.ShouldBe("/v1/videos/notevideo/{task_id}");
    }

    [Fact]
    public void Resolution_without_resolution_name_is_a_problem()
    {
        var problem = SeedRequest().WithResolution("720p").Validate().Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("resolution_name");
        problem.Message.ShouldBe("omni_flash_edit video-edit: resolution_name is required when resolution is given.");
    }

    [Fact]
    public void Resolution_name_without_resolution_is_a_problem()
    {
        var problem = SeedRequest().WithResolutionName("720p").Validate().Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("resolution");
        problem.Message.ShouldBe("omni_flash_edit video-edit: resolution is required when resolution_name is given.");
    }

    [Fact]
    public void Resolution_and_resolution_name_are_given_together_or_not_at_all()
    {
        SeedRequest().Validate().Problems.ShouldBeEmpty();
        SeedRequest().WithResolution("1080p").WithResolutionName("1080p").Validate().Problems.ShouldBeEmpty();
        OmniFlashEdit.VideoEditRequest.Info.ValidateBody(JsonDocument.Parse("""
            { "input_video": "https://example.com/source.mp4", "messages": [ { "role": "user", "content": "c" } ], "resolution": "720p" }
            """).RootElement).Problems.ShouldHaveSingleItem().Message.ShouldBe("omni_flash_edit video-edit: resolution_name is required when resolution is given.");
    }

    [Fact]
    public void The_message_role_is_always_user()
    {
        var request = SeedRequest().WithAspectRatio(OmniFlashEdit.AspectRatio.Auto);

        ShouldBeJsonEqual(Body(request), """
            {
              "model": "omni_flash_edit",
              "input_video": "https://example.com/source.mp4",
              "messages": [ { "role": "user", "content": "Recreate this clip in a warmer, more cinematic travel vlog style." } ],
              "aspect_ratio": "auto"
            }
            """);
        OmniFlashEdit.AspectRatio.KnownValues.ShouldBe(["auto", "16:9", "9:16"]);
    }
}
