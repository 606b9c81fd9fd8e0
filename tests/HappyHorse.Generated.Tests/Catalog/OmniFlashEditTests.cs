using System.Text.Json;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;
using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>omni_flash_edit against service document 000 (video-edit line 3760).</summary>
public class OmniFlashEditTests
{
    private const string VideoEditDocumentedBody = """
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

    /// <summary>A body whose message content is an array of parts (the documentation's shape) carrying a reference image.</summary>
    private const string PartsContentBody = """
        {
          "model": "omni_flash_edit",
          "input_video": "https://example.com/source.mp4",
          "messages": [
            {
              "role": "user",
              "content": [
                { "type": "text", "text": "Recreate this clip in the style of the reference image." },
                { "type": "image_url", "image_url": { "url": "https://example.com/reference.png" } }
              ]
            }
          ]
        }
        """;

    private static OmniFlashEdit.VideoEditRequest DocumentedRequest() =>
        OmniFlashEdit.VideoEdit("https://example.com/source.mp4", [new OmniFlashEdit.Message("Recreate this clip in a warmer, more cinematic travel vlog style.")]);

    private static OmniFlashEdit.VideoEditRequest PartsRequest() =>
        OmniFlashEdit.VideoEdit(
            "https://example.com/source.mp4",
            [
                new OmniFlashEdit.Message(OmniFlashEdit.MessageContent.FromParts(
                [
                    new OmniFlashEdit.ContentPart("text").WithText("Recreate this clip in the style of the reference image."),
                    new OmniFlashEdit.ContentPart("image_url").WithImageUrl("https://example.com/reference.png"),
                ])),
            ]);

    private static ValidationResult ValidateBody(string json) => OmniFlashEdit.VideoEditRequest.Info.ValidateBody(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void The_documented_video_edit_example_validates_and_writes_the_documented_body()
    {
        var request = DocumentedRequest().WithResolution("720p").WithResolutionName("720p");

        ShouldMatch(request, VideoEditDocumentedBody, Endpoint.GatewayVideosNoteVideo);
        ShouldPassTheBodyCheck(OmniFlashEdit.VideoEditRequest.Info, VideoEditDocumentedBody);
    }

    [Fact]
    public void The_documented_content_is_a_string()
    {
        var content = DocumentedRequest().Messages.ShouldHaveSingleItem().Content;

        content.Text.ShouldBe("Recreate this clip in a warmer, more cinematic travel vlog style.");
        content.Parts.ShouldBeNull();
    }

    [Fact]
    public void Reference_images_go_into_the_content_as_parts()
    {
        var request = PartsRequest();

        ShouldWrite(request, PartsContentBody);
        request.Messages.ShouldHaveSingleItem().Content.Text.ShouldBeNull();
    }

    [Fact]
    public void ValidateBody_accepts_a_string_content()
    {
        ValidateBody("""
            { "input_video": "https://example.com/source.mp4", "messages": [ { "role": "user", "content": "Make it warmer." } ] }
            """).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void ValidateBody_accepts_a_content_of_parts()
    {
        ValidateBody(PartsContentBody).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void ValidateBody_rejects_a_content_that_is_a_number()
    {
        var problem = ValidateBody("""
            { "input_video": "https://example.com/source.mp4", "messages": [ { "role": "user", "content": 5 } ] }
            """).Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("messages[0].content");
        problem.Message.ShouldBe("omni_flash_edit video-edit: messages[0].content must be a string or an array of objects.");
    }

    [Fact]
    public void ValidateBody_rejects_a_part_with_a_bad_image_url()
    {
        var problem = ValidateBody("""
            {
              "input_video": "https://example.com/source.mp4",
              "messages": [ { "role": "user", "content": [ { "type": "text", "text": "t" }, { "type": "image_url", "image_url": { "url": "reference.png" } } ] } ]
            }
            """).Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("messages[0].content[1].image_url");
        problem.Message.ShouldBe("omni_flash_edit video-edit: messages[0].content[1].image_url must be an absolute http or https URL (was 'reference.png').");
    }

    [Fact]
    public void A_part_with_a_bad_image_url_is_a_problem_before_sending()
    {
        var request = OmniFlashEdit.VideoEdit(
            "https://example.com/source.mp4",
            [new OmniFlashEdit.Message(OmniFlashEdit.MessageContent.FromParts([new OmniFlashEdit.ContentPart("image_url").WithImageUrl("reference.png")]))]);

        request.Validate().Problems.ShouldHaveSingleItem().Field.ShouldBe("messages[0].content[0].image_url");
    }

    [Fact]
    public void Resolution_without_resolution_name_is_a_problem()
    {
        var problem = DocumentedRequest().WithResolution("720p").Validate().Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("resolution_name");
        problem.Message.ShouldBe("omni_flash_edit video-edit: resolution_name is required when resolution is given.");
    }

    [Fact]
    public void Resolution_name_without_resolution_is_a_problem()
    {
        var problem = DocumentedRequest().WithResolutionName("720p").Validate().Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("resolution");
        problem.Message.ShouldBe("omni_flash_edit video-edit: resolution is required when resolution_name is given.");
    }

    [Fact]
    public void Resolution_and_resolution_name_are_given_together_or_not_at_all()
    {
        DocumentedRequest().Validate().Problems.ShouldBeEmpty();
        DocumentedRequest().WithResolution("1080p").WithResolutionName("1080p").Validate().Problems.ShouldBeEmpty();
        OmniFlashEdit.VideoEditRequest.Info.ValidateBody(JsonDocument.Parse("""
            { "input_video": "https://example.com/source.mp4", "messages": [ { "role": "user", "content": "c" } ], "resolution": "720p" }
            """).RootElement).Problems.ShouldHaveSingleItem().Message.ShouldBe("omni_flash_edit video-edit: resolution_name is required when resolution is given.");
    }

    [Fact]
    public void The_message_role_is_always_user()
    {
        var request = DocumentedRequest().WithAspectRatio(OmniFlashEdit.AspectRatio.Auto);

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
