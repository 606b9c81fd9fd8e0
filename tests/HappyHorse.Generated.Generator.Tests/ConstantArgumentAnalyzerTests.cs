using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using HappyHorse.Generated.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>HH1xxx: constant arguments to generated builders checked against the manifest at compile time.</summary>
public class ConstantArgumentAnalyzerTests
{
    /// <summary>The diagnostics of the analyzer on <paramref name="body"/>, compiled against the generated catalog.</summary>
    internal static async Task<ImmutableArray<Diagnostic>> Analyze(string body, string? repositoryUrl = null)
    {
        var source = $$"""
            using System.Collections.Generic;
            using HappyHorse.Generated;
            using HappyHorse.Generated.Models;

            public static class Consumer
            {
                public static void Run(int seconds, string text)
                {
                    {{body}}
                }
            }
            """;
        var (_, output) = GeneratorHarness.Run(GeneratorHarness.CatalogFiles(), source);
        output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty();
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, GeneratorHarness.OptionsWith(repositoryUrl));
        return await output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ConstantArgumentAnalyzer()), options).GetAnalyzerDiagnosticsAsync();
    }

    [Theory]
    [InlineData("HappyHorseVideo.TextToVideo(\"p\").WithDuration(20);", "HH1001", "happyhorse-1.0/video text-to-video: duration must be between 3 and 15 (was 20)", "20")]
    [InlineData("HappyHorseVideo.TextToVideo(\"p\").WithDuration(2);", "HH1001", "happyhorse-1.0/video text-to-video: duration must be between 3 and 15 (was 2)", "2")]
    [InlineData("HappyHorseVideo.TextToVideo(\"p\").WithCfgScale(1.5);", "HH1001", "happyhorse-1.0/video text-to-video: cfg_scale must be between 0 and 1 (was 1.5)", "1.5")]
    [InlineData("HappyHorseVideo.TextToVideo(\"\");", "HH1002", "happyhorse-1.0/video text-to-video: prompt must be between 1 and 2500 characters long (was 0)", "\"\"")]
    [InlineData("HappyHorseVideo.ImageToVideo(\"p\", [\"https://a/1.png\", \"https://a/2.png\", \"https://a/3.png\"]);", "HH1003", "happyhorse-1.0/video image-to-video: image_urls must hold between 1 and 2 items (held 3)", "[\"https://a/1.png\", \"https://a/2.png\", \"https://a/3.png\"]")]
    [InlineData("HappyHorseVideo.ImageToVideo(\"p\", new string[0]);", null, null, null)]
    [InlineData("HappyHorseVideo.ImageToVideo(\"p\", new[] { \"https://a/1.png\", \"https://a/2.png\", \"https://a/3.png\" });", "HH1003", "happyhorse-1.0/video image-to-video: image_urls must hold between 1 and 2 items (held 3)", "new[] { \"https://a/1.png\", \"https://a/2.png\", \"https://a/3.png\" }")]
    [InlineData("HappyHorseVideo.TextToVideo(\"p\").WithMode(\"ultra\");", "HH1004", "happyhorse-1.0/video text-to-video: mode must be one of pro, std (was 'ultra')", "\"ultra\"")]
    [InlineData("HappyHorseVideo.TextToVideo(\"p\").WithAspectRatio(\"4:3\");", "HH1004", "happyhorse-1.0/video text-to-video: aspect_ratio must be one of 16:9, 9:16, 1:1 (was '4:3')", "\"4:3\"")]
    public async Task A_constant_that_breaks_the_manifest_is_an_error_at_the_argument(string code, string? id, string? message, string? argument)
    {
        var found = await Analyze(code);

        if (id is null)
        {
            found.ShouldBeEmpty(); // an array with no initializer has no known count
            return;
        }

        var diagnostic = found.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe(id);
        diagnostic.Severity.ShouldBe(DiagnosticSeverity.Error);
        diagnostic.GetMessage().ShouldBe(message);
        diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan).ShouldBe(argument);
    }

    [Theory]
    [InlineData("HappyHorseVideo.TextToVideo(\"p\").WithDuration(15).WithCfgScale(0).WithMode(\"pro\").WithAspectRatio(\"9:16\");")]
    [InlineData("HappyHorseVideo.TextToVideo(\"p\").WithDuration(seconds).WithMode(text);")]
    [InlineData("HappyHorseVideo.TextToVideo(text).WithMode(HappyHorseVideo.Mode.Pro);")]
    [InlineData("HappyHorseVideo.ImageToVideo(\"p\", [\"https://a/1.png\", \"https://a/2.png\"]);")]
    [InlineData("var urls = new List<string> { \"a\", \"b\", \"c\" }; HappyHorseVideo.ImageToVideo(\"p\", urls);")]
    public async Task Values_inside_the_limits_or_unknown_at_compile_time_are_not_flagged(string code) =>
        (await Analyze(code)).ShouldBeEmpty();

    [Fact]
    public async Task Chinese_characters_count_double_where_the_manifest_says_so()
    {
        var video = "new HappyHorseVideoEditDashScope.Media(HappyHorseVideoEditDashScope.MediaType.Video, \"https://e.com/v.mp4\")";

        var fits = await Analyze($"HappyHorseVideoEditDashScope.VideoEdit(\"{new string('海', 2500)}\", [{video}]);");
        var tooLong = await Analyze($"HappyHorseVideoEditDashScope.VideoEdit(\"{new string('海', 2501)}\", [{video}]);");

        fits.ShouldBeEmpty();
        tooLong.ShouldHaveSingleItem().GetMessage().ShouldBe("happyhorse-1.0-video-edit video-edit: prompt must be between 1 and 5000 characters long (was 5002)");
    }

    [Fact]
    public async Task Item_constructors_are_checked_too()
    {
        var found = await Analyze("new HappyHorseVideo.Shot(\"a\", 13);");

        found.ShouldHaveSingleItem().GetMessage().ShouldBe("happyhorse-1.0/video Shot: duration must be between 1 and 12 (was 13)");
    }

    [Theory]
    [InlineData("new HappyHorseVideo.TextToVideoRequest(\"\");", "happyhorse-1.0/video text-to-video: prompt")]
    [InlineData("HappyHorseVideo.ImageToVideo(\"p\", [\"https://a/1.png\"]).WithMode(HappyHorseVideo.Mode.Pro).WithDuration(99);", "happyhorse-1.0/video image-to-video: duration")]
    [InlineData("HappyHorseVideo.MultiShot([new HappyHorseVideo.Shot(\"a\", 5)], true).WithAspectRatio(\"4:3\");", "happyhorse-1.0/video multi-shot: aspect_ratio")]
    [InlineData("HappyHorseVideoEdit.VideoEdit(\"p\", \"https://a/v.mp4\").WithDuration(99);", "happyhorse-1.0-video-edit video-edit: metadata.duration")]
    public async Task The_message_names_the_model_and_the_operation_whichever_way_the_request_is_built(string code, string start)
    {
        var found = await Analyze(code);

        found.ShouldHaveSingleItem().GetMessage().ShouldStartWith(start);
    }

    [Fact]
    public async Task Without_a_repository_url_there_is_no_help_link()
    {
        var found = await Analyze("HappyHorseVideo.TextToVideo(\"p\").WithDuration(20);");

        found.ShouldHaveSingleItem().Descriptor.HelpLinkUri.ShouldBeEmpty();
    }

    [Fact]
    public async Task With_a_repository_url_the_help_link_opens_the_page_there()
    {
        var found = await Analyze("HappyHorseVideo.TextToVideo(\"p\").WithDuration(20);", "https://github.com/acme/HappyHorse.Generated/");

        found.ShouldHaveSingleItem().Descriptor.HelpLinkUri.ShouldBe("https://github.com/acme/HappyHorse.Generated/blob/main/docs/diagnostics/HH1001.md");
    }
}
