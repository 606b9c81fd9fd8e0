using System;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.Runtime.Tests;

public class ResultFileExtensionTests
{
    private static readonly Uri Service = new("https://service.test/");

    [Fact]
    public void A_url_names_its_own_extension_and_inline_content_is_told_by_its_first_bytes()
    {
        var task = new GenerationTask(GptImage2.TextToImageRequest.Info, "t1", Service);
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10];
        byte[] unknown = [1, 2, 3, 4];
        var result = new GenerationResult(task, [new Uri("https://cdn.test/a/0.WEBP?sig=x"), new Uri("https://cdn.test/file")], [jpeg, unknown]);

        result.FileExtension(0).ShouldBe(".webp");
        result.FileExtension(1).ShouldBe(".png", "no extension in the URL: the image operation's own kind");
        result.FileExtension(2).ShouldBe(".jpg");
        result.FileExtension(3).ShouldBe(".png");
        Should.Throw<ArgumentOutOfRangeException>(() => result.FileExtension(4));
        Should.Throw<ArgumentOutOfRangeException>(() => result.FileExtension(-1));
    }

    [Fact]
    public void A_video_without_a_named_extension_is_saved_as_mp4()
    {
        var task = new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "t2", Service);

        new GenerationResult(task, [new Uri("https://cdn.test/video")], []).FileExtension(0).ShouldBe(".mp4");
    }
}
