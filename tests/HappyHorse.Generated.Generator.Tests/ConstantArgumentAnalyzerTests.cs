using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
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
    internal static async Task<ImmutableArray<Diagnostic>> Analyze(string body, string? repositoryUrl = null, IEnumerable<ManifestFile>? manifests = null)
    {
        var (_, output) = GeneratorHarness.Run(manifests ?? GeneratorHarness.CatalogFiles(), Consumer(body));
        return await RunAnalyzer(output, repositoryUrl);
    }

    private static string Consumer(string body) => $$"""
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

    private static async Task<ImmutableArray<Diagnostic>> RunAnalyzer(Compilation output, string? repositoryUrl = null)
    {
        output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty();
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, GeneratorHarness.OptionsWith(repositoryUrl));
        return await output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ConstantArgumentAnalyzer()), options).GetAnalyzerDiagnosticsAsync();
    }

    [Theory]
    [InlineData("HappyHorseVideo.TextToVideo(\"p\").WithDuration(20);", "HH1001", "happyhorse-1.0/video text-to-video: duration must be between 3 and 15 (was 20)", "20")]
    [InlineData("HappyHorseVideo.TextToVideo(\"p\").WithDuration(2);", "HH1001", "happyhorse-1.0/video text-to-video: duration must be between 3 and 15 (was 2)", "2")]
    [InlineData("HappyHorseVideo.TextToVideo(\"p\").WithCfgScale(1.5);", "HH1001", "happyhorse-1.0/video text-to-video: cfg_scale must be between 0 and 1 (was 1.5)", "1.5")]
    [InlineData("HappyHorseVideo.TextToVideo(\"\");", "HH1002", "happyhorse-1.0/video text-to-video: prompt must not be empty", "\"\"")]
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
        tooLong.ShouldHaveSingleItem().GetMessage().ShouldBe("happyhorse-1.0-video-edit video-edit: prompt must be at most 5000 characters long, Chinese characters counting two (was 5002)");
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

    [Theory]
    [InlineData("HappyHorseVideo.TextToVideo(\"p\").WithPrompt(\"\");", "HH1002", "happyhorse-1.0/video text-to-video: prompt must not be empty", "\"\"")]
    [InlineData("HappyHorseVideo.MultiShot([new HappyHorseVideo.Shot(\"a\", 5)], true).WithImageUrls([\"https://a/1.png\", \"https://a/2.png\"]);", "HH1003", "happyhorse-1.0/video multi-shot: image_urls must hold at most 1 item (held 2)", "[\"https://a/1.png\", \"https://a/2.png\"]")]
    [InlineData("new HappyHorseVideo.Shot(\"a\", 5).WithDuration(13);", "HH1001", "happyhorse-1.0/video Shot: duration must be between 1 and 12 (was 13)", "13")]
    [InlineData("new HappyHorseVideo.Element(\"\", [\"https://a/1.png\", \"https://a/2.png\"]);", "HH1002", "happyhorse-1.0/video Element: name must not be empty", "\"\"")]
    [InlineData("KlingVideo.TextToVideo(\"\");", "HH1002", "kling-video text-to-video: prompt must not be empty", "\"\"")]
    [InlineData("new KlingVideo.ImageToVideoRequest(\"\", [\"https://a/1.png\"]);", "HH1002", "kling-video image-to-video: prompt must not be empty", "\"\"")]
    [InlineData("KlingVideo.TextToVideo(\"p\").WithPrompt(\"\");", "HH1002", "kling-video text-to-video: prompt must not be empty", "\"\"")]
    [InlineData("HappyHorseVideo.ImageToVideo(imageUrls: [\"https://a/1.png\", \"https://a/2.png\", \"https://a/3.png\"], prompt: \"\");", "HH1003", "happyhorse-1.0/video image-to-video: image_urls must hold between 1 and 2 items (held 3)", "imageUrls: [\"https://a/1.png\", \"https://a/2.png\", \"https://a/3.png\"]")]
    public async Task The_limits_are_found_on_the_field_property_whichever_call_sets_it(string code, string id, string message, string argument)
    {
        // Own property, item setter and constructor, a required field living in the shared Request<TSelf> base, named arguments.
        var found = await Analyze(code);

        var diagnostic = found.Single(d => d.GetMessage() == message);
        diagnostic.Id.ShouldBe(id);
        diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan).ShouldBe(argument);
    }

    [Fact]
    public async Task A_parameter_named_after_a_keyword_is_matched_to_its_property()
    {
        var manifest = new ManifestFile(
            "/project/models/keywords.json",
            """{ "model": "acme/keywords", "typeName": "Keywords", "profile": "happyhorse-app", "result": "video", "operations": [ { "id": "text-to-video", "fields": [ { "name": "prompt", "type": "string", "required": true }, { "name": "event", "type": "integer", "required": true, "minimum": 1, "maximum": 3 } ] } ] }""");
        var manifests = GeneratorHarness.CatalogFiles().Where(f => f.Kind == "Profile").Append(manifest);

        var found = await Analyze("Keywords.TextToVideo(\"p\", 9); new Keywords.TextToVideoRequest(\"p\", @event: 0); Keywords.TextToVideo(\"p\", 2).WithEvent(4);", manifests: manifests);

        found.Select(d => d.GetMessage()).ShouldBe(
        [
            "acme/keywords text-to-video: event must be between 1 and 3 (was 9)",
            "acme/keywords text-to-video: event must be between 1 and 3 (was 0)",
            "acme/keywords text-to-video: event must be between 1 and 3 (was 4)",
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task The_catalog_referenced_as_a_compiled_assembly_is_checked_too()
    {
        // As the package ships it: the catalog's limits are read from metadata, not from source.
        var (_, generated) = GeneratorHarness.Run(GeneratorHarness.CatalogFiles());
        using var image = new MemoryStream();
        generated.WithAssemblyName("HappyHorse.Generated.Models").Emit(image).Success.ShouldBeTrue();
        var consumer = GeneratorHarness.Compilation(Consumer("""
            HappyHorseVideo.TextToVideo("").WithDuration(20);
            new HappyHorseVideo.ImageToVideoRequest("p", ["https://a/1.png", "https://a/2.png", "https://a/3.png"]);
            new HappyHorseVideo.Shot("a", 13);
            KlingVideo.TextToVideo("p").WithPrompt("");
            """)).AddReferences(MetadataReference.CreateFromImage(image.ToArray()));

        var found = await RunAnalyzer(consumer);

        found.Select(d => d.GetMessage()).ShouldBe(
        [
            "happyhorse-1.0/video text-to-video: prompt must not be empty",
            "happyhorse-1.0/video text-to-video: duration must be between 3 and 15 (was 20)",
            "happyhorse-1.0/video image-to-video: image_urls must hold between 1 and 2 items (held 3)",
            "happyhorse-1.0/video Shot: duration must be between 1 and 12 (was 13)",
            "kling-video text-to-video: prompt must not be empty",
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task A_method_of_the_caller_own_with_the_same_parameter_names_is_not_checked()
    {
        var found = await Analyze("""
            static HappyHorseVideo.TextToVideoRequest Make(string prompt) => HappyHorseVideo.TextToVideo(prompt);
            static HappyHorseVideo.TextToVideoRequest WithDuration(HappyHorseVideo.TextToVideoRequest request, int value) => request;
            Make("");
            WithDuration(Make("p"), 99);
            """);

        found.ShouldBeEmpty();
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
