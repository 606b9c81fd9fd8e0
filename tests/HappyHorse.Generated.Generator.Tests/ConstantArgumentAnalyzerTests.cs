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
    internal static async Task<ImmutableArray<Diagnostic>> Analyze(string body)
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
        return await output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ConstantArgumentAnalyzer())).GetAnalyzerDiagnosticsAsync();
    }

    [Theory]
    [InlineData("HappyHorseVideo.TextToVideo(\"p\").WithDuration(20);", "HH1001", "duration must be between 3 and 15 (was 20)", "20")]
    [InlineData("HappyHorseVideo.TextToVideo(\"p\").WithDuration(2);", "HH1001", "duration must be between 3 and 15 (was 2)", "2")]
    [InlineData("HappyHorseVideo.TextToVideo(\"p\").WithCfgScale(1.5);", "HH1001", "cfg_scale must be between 0 and 1 (was 1.5)", "1.5")]
    [InlineData("HappyHorseVideo.TextToVideo(\"\");", "HH1002", "prompt must be between 1 and 2500 characters long (was 0)", "\"\"")]
    [InlineData("HappyHorseVideo.ImageToVideo(\"p\", [\"https://a/1.png\", \"https://a/2.png\", \"https://a/3.png\"]);", "HH1003", "image_urls must hold between 1 and 2 items (held 3)", "[\"https://a/1.png\", \"https://a/2.png\", \"https://a/3.png\"]")]
    [InlineData("HappyHorseVideo.ImageToVideo(\"p\", new string[0]);", null, null, null)]
    [InlineData("HappyHorseVideo.ImageToVideo(\"p\", new[] { \"https://a/1.png\", \"https://a/2.png\", \"https://a/3.png\" });", "HH1003", "image_urls must hold between 1 and 2 items (held 3)", "new[] { \"https://a/1.png\", \"https://a/2.png\", \"https://a/3.png\" }")]
    [InlineData("HappyHorseVideo.TextToVideo(\"p\").WithMode(\"ultra\");", "HH1004", "mode must be one of pro, std (was 'ultra')", "\"ultra\"")]
    [InlineData("HappyHorseVideo.TextToVideo(\"p\").WithAspectRatio(\"4:3\");", "HH1004", "aspect_ratio must be one of 16:9, 9:16, 1:1 (was '4:3')", "\"4:3\"")]
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
        var video = "new HappyHorseVideoEditDashScope.Media(HappyHorseVideoEditDashScope.Type.Video, \"https://e.com/v.mp4\")";

        var fits = await Analyze($"HappyHorseVideoEditDashScope.VideoEdit(\"{new string('海', 2500)}\", [{video}]);");
        var tooLong = await Analyze($"HappyHorseVideoEditDashScope.VideoEdit(\"{new string('海', 2501)}\", [{video}]);");

        fits.ShouldBeEmpty();
        tooLong.ShouldHaveSingleItem().GetMessage().ShouldBe("prompt must be between 1 and 5000 characters long (was 5002)");
    }

    [Fact]
    public async Task Item_constructors_are_checked_too()
    {
        var found = await Analyze("new HappyHorseVideo.Shot(\"a\", 13);");

        found.ShouldHaveSingleItem().GetMessage().ShouldBe("duration must be between 1 and 12 (was 13)");
    }
}
