using System.Text.Json;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;
using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>omni_flash_edit-fast against service document 000 (video-edit line 3837).</summary>
public class OmniFlashEditFastTests
{
    private const string VideoEditDocumentedBody = """
        {
        "model": "omni_flash_edit-fast",
        "prompt": "Recreate this clip in a warmer, more cinematic travel vlog style.",
        "video_url": "https://example.com/source.mp4",
        "input_video": "https://example.com/source.mp4",
        "resolution": "720p"
        }
        """;

    [Fact]
    public void The_documented_video_edit_example_validates_and_writes_the_documented_body()
    {
        var request = OmniFlashEditFast.VideoEdit("Recreate this clip in a warmer, more cinematic travel vlog style.", "https://example.com/source.mp4")
            .WithResolution("720p");

        ShouldMatch(request, VideoEditDocumentedBody, Endpoint.GatewayVideosNoteVideo);
        ShouldPassTheBodyCheck(OmniFlashEditFast.VideoEditRequest.Info, VideoEditDocumentedBody);
    }

    [Fact]
    public void Video_url_that_differs_from_input_video_is_a_problem()
    {
        using var body = JsonDocument.Parse(VideoEditDocumentedBody.Replace("\"video_url\": \"https://example.com/source.mp4\"", "\"video_url\": \"https://example.com/other.mp4\""));

        var problem = OmniFlashEditFast.VideoEditRequest.Info.ValidateBody(body.RootElement).Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("video_url");
        problem.Message.ShouldBe("omni_flash_edit-fast video-edit: video_url must equal input_video ('https://example.com/source.mp4', was 'https://example.com/other.mp4').");
    }

    [Fact]
    public void Video_url_is_written_as_a_copy_of_input_video()
    {
        var request = OmniFlashEditFast.VideoEdit("p", "https://example.com/a.mp4").WithInputVideo("https://example.com/b.mp4");

        ShouldBeJsonEqual(Body(request), """
            { "model": "omni_flash_edit-fast", "prompt": "p", "video_url": "https://example.com/b.mp4", "input_video": "https://example.com/b.mp4" }
            """);
        OmniFlashEditFast.VideoEditRequest.Info.ValidateBody(JsonDocument.Parse(Body(request)).RootElement).Problems.ShouldBeEmpty();
    }
}
