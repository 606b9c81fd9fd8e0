using System;
using System.Collections.Generic;
using System.Drawing;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace HappyHorse.Generated.EndToEnd.Tests.ImageGeneration;

/// <summary>The IImageGenerator adapter against the emulator: each mapping, and each way a call can fail.</summary>
public sealed class ImageGeneratorTests : IAsyncLifetime
{
    private InstantEmulator _service = null!;

    public async Task InitializeAsync() => _service = await InstantEmulator.StartAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private IImageGenerator Generator(string modelId = "gpt-image-2") => _service.Client.AsIImageGenerator(modelId);

    [Fact]
    public async Task A_prompt_with_count_size_and_media_type_becomes_one_text_to_image_submit_with_those_fields()
    {
        var response = await Generator().GenerateImagesAsync(
            "A red fox in the snow",
            new ImageGenerationOptions { Count = 2, ImageSize = new Size(1024, 1536), MediaType = "image/webp" });

        var body = _service.SubmittedJson();
        body.GetRawText().ShouldBe("""{"model":"gpt-image-2","prompt":"A red fox in the snow","n":2,"size":"1024x1536","output_format":"webp"}""");
        var images = response.Contents.Cast<UriContent>().ToList();
        images.Count.ShouldBe(2);
        images.ShouldAllBe(i => i.MediaType == "image/webp" && i.Uri.IsLoopback);
        var result = response.RawRepresentation.ShouldBeOfType<GenerationResult>();
        images.Select(i => i.Uri).ShouldBe(result.Urls);
        result.Task.Operation.OperationId.ShouldBe("text-to-image");
    }

    [Fact]
    public async Task Data_asks_for_inline_base64_where_the_model_has_response_format()
    {
        var response = await Generator().GenerateImagesAsync("A lighthouse", new ImageGenerationOptions { ResponseFormat = ImageGenerationResponseFormat.Data });

        _service.SubmittedJson().GetProperty("response_format").GetString().ShouldBe("b64_json");
        var image = response.Contents.ShouldHaveSingleItem().ShouldBeOfType<DataContent>();
        image.MediaType.ShouldBe("image/png");
        var result = (GenerationResult)response.RawRepresentation!;
        image.Data.ToArray().ShouldBe(_emulator.ResultFile(result.Task.TaskId, 0));
    }

    [Fact]
    public async Task Data_downloads_each_result_where_the_model_answers_only_with_urls()
    {
        var response = await Generator("gemini-3.1-flash-image").GenerateImagesAsync("A lighthouse", new ImageGenerationOptions { ResponseFormat = ImageGenerationResponseFormat.Data, Count = 2 });

        _service.SubmittedJson().TryGetProperty("response_format", out _).ShouldBeFalse();
        var taskId = ((GenerationResult)response.RawRepresentation!).Task.TaskId;
        var images = response.Contents.Cast<DataContent>().ToList();
        images.Count.ShouldBe(2);
        for (var i = 0; i < 2; i++)
        {
            MediaTypes.Sniff(images[i].Data.Span).ShouldBe("image/png");
            images[i].Data.ToArray().ShouldBe(_emulator.ResultFile(taskId, i));
        }
    }

    [Fact]
    public async Task One_original_image_goes_to_the_models_edit_operation_as_its_image_part()
    {
        var response = await Generator().EditImagesAsync([new UriContent("https://example.com/input.png", "image/png")], "Make it blue");

        var submit = _service.Submits.ShouldHaveSingleItem();
        submit.Path.ShouldBe("/v1/images/async/edits");
        submit.Body.ShouldContain("https://example.com/input.png");
        submit.Body.ShouldContain("Make it blue");
        ((GenerationResult)response.RawRepresentation!).Task.Operation.OperationId.ShouldBe("image-edit");
        response.Contents.ShouldHaveSingleItem().ShouldBeOfType<UriContent>();
    }

    [Fact]
    public async Task Several_original_images_go_to_the_reference_operation_as_its_list()
    {
        string[] urls = ["https://example.com/a.png", "https://example.com/b.jpg"];

        var response = await Generator().EditImagesAsync(urls.Select(u => (AIContent)new UriContent(u, "image/*")), "Combine them");

        var body = _service.SubmittedJson();
        body.GetProperty("image_urls").EnumerateArray().Select(u => u.GetString()).ShouldBe(urls);
        body.GetProperty("prompt").GetString().ShouldBe("Combine them");
        ((GenerationResult)response.RawRepresentation!).Task.Operation.OperationId.ShouldBe("multi-image-reference");
    }

    [Fact]
    public async Task One_original_image_goes_to_the_reference_list_of_a_model_without_an_edit_operation()
    {
        await Generator("gpt-image-2-pro").EditImagesAsync([new UriContent("https://example.com/a.png", "image/png")], "Restyle it");

        _service.SubmittedJson().GetProperty("image_urls").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task ModelId_picks_another_image_model_of_the_catalog()
    {
        await Generator().GenerateImagesAsync("A kite", new ImageGenerationOptions { ModelId = "gpt-image-2-max" });

        _service.SubmittedJson().GetProperty("model").GetString().ShouldBe("gpt-image-2-max");
    }

    [Fact]
    public async Task A_typed_request_from_RawRepresentationFactory_is_sent_with_the_options_it_leaves_unset()
    {
        var options = new ImageGenerationOptions
        {
            Count = 3,
            RawRepresentationFactory = _ => GptImage2.TextToImage("A typed prompt").WithBackground(GptImage2.Background.Transparent),
            AdditionalProperties = new() { ["moderation"] = "low" },
        };

        await Generator().GenerateAsync(new ImageGenerationRequest(), options);

        var body = _service.SubmittedJson();
        (body.GetProperty("prompt").GetString(), body.GetProperty("background").GetString(), body.GetProperty("n").GetInt32(), body.GetProperty("moderation").GetString())
            .ShouldBe(("A typed prompt", "transparent", 3, "low"));
    }

    [Fact]
    public async Task An_option_that_contradicts_the_typed_request_is_a_problem_and_nothing_is_sent()
    {
        var options = new ImageGenerationOptions { Count = 3, RawRepresentationFactory = _ => GptImage2.TextToImage("p").WithN(2) };

        var error = await Should.ThrowAsync<HappyHorseValidationException>(() => Generator().GenerateAsync(new ImageGenerationRequest("another prompt"), options));

        error.Problems.Select(p => p.Field).ShouldBe(["prompt", "n"], ignoreOrder: true);
        error.Message.ShouldContain("typed request sets it to 2");
        _emulator.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_problem_is_listed_at_once_before_anything_is_sent()
    {
        var request = new ImageGenerationRequest(null!, [new DataContent(new byte[] { 1, 2, 3 }, "image/png"), new TextContent("not an image")]);
        var options = new ImageGenerationOptions { MediaType = "image/gif", ResponseFormat = ImageGenerationResponseFormat.Hosted, AdditionalProperties = new() { ["no_such_field"] = 1 } };

        var error = await Should.ThrowAsync<HappyHorseValidationException>(() => Generator().GenerateAsync(request, options));

        error.Problems.Count.ShouldBeGreaterThanOrEqualTo(5);
        error.Message.ShouldContain("original image 1 is inline data");
        error.Message.ShouldContain("original image 2 is a TextContent");
        error.Message.ShouldContain("gpt-image-2 multi-image-reference cannot make image/gif: it has no output format field");
        error.Message.ShouldContain("hosts no files");
        error.Message.ShouldContain("no field 'no_such_field'");
        error.Problems.ShouldContain(p => p.Field == "prompt"); // required, and not given
        _emulator.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_media_type_the_model_cannot_make_is_a_problem()
    {
        var error = await Should.ThrowAsync<HappyHorseValidationException>(() => Generator().GenerateImagesAsync("p", new ImageGenerationOptions { MediaType = "image/gif" }));
        var noFormatField = await Should.ThrowAsync<HappyHorseValidationException>(() => Generator("gemini-3.1-flash-image").GenerateImagesAsync("p", new ImageGenerationOptions { MediaType = "image/png" }));

        error.Problems.ShouldHaveSingleItem().Message.ShouldBe("gpt-image-2 text-to-image cannot make image/gif: it makes png, jpeg, webp.");
        noFormatField.Problems.ShouldHaveSingleItem().Message.ShouldContain("has no output format field");
        _emulator.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Options_a_model_has_no_field_for_are_problems_except_a_count_of_one()
    {
        var operations = HappyHorseCatalog.Operations.Select(o => o.ModelId != "gpt-image-2" ? o : WithoutFields(o, "n", "size", "output_format")).ToList();
        var generator = _service.Client.AsIImageGenerator("gpt-image-2", operations);

        var error = await Should.ThrowAsync<HappyHorseValidationException>(() => generator.GenerateImagesAsync("p", new ImageGenerationOptions { Count = 2, ImageSize = new Size(512, 512), MediaType = "image/png" }));
        _emulator.Requests.ShouldBeEmpty();
        await generator.GenerateImagesAsync("p", new ImageGenerationOptions { Count = 1 });

        error.Problems.Select(p => p.Field).ShouldBe(["Count", "ImageSize", "MediaType"]);
        error.Message.ShouldContain("makes one image per request");
        error.Message.ShouldContain("has no size or aspect ratio field (ImageSize was 512x512)");
        _service.SubmittedJson().TryGetProperty("n", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task An_image_size_goes_to_the_aspect_ratio_reduced_where_the_model_has_no_size_field()
    {
        var operations = HappyHorseCatalog.Operations.Select(o => o.ModelId != "gemini-3.1-flash-image" ? o : WithoutFields(o, "size")).ToList();

        await _service.Client.AsIImageGenerator("gemini-3.1-flash-image", operations).GenerateImagesAsync("p", new ImageGenerationOptions { ImageSize = new Size(1920, 1080) });

        _service.SubmittedJson().GetProperty("aspect_ratio").GetString().ShouldBe("16:9");
    }

    [Fact]
    public async Task An_unknown_ModelId_option_is_a_problem_and_nothing_is_sent()
    {
        var error = await Should.ThrowAsync<HappyHorseValidationException>(() => Generator().GenerateImagesAsync("p", new ImageGenerationOptions { ModelId = "no-such-model" }));

        error.Problems.ShouldHaveSingleItem().Field.ShouldBe("ModelId");
        error.Message.ShouldContain("gpt-image-2");
        _emulator.Requests.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("no-such-model", "There is no model 'no-such-model'")]
    [InlineData("kling-video", "'kling-video' does not make images")]
    [InlineData("happyhorse-1.0/video", "does not make images")]
    public void An_unknown_or_video_model_is_refused_when_the_generator_is_made(string modelId, string expected)
    {
        var error = Should.Throw<ArgumentException>(() => Generator(modelId));

        error.Message.ShouldContain(expected);
        error.Message.ShouldContain("the image models are gemini-3.0-pro-image, gemini-3.1-flash-image, gpt-image-2, gpt-image-2-max, gpt-image-2-pro");
    }

    [Fact]
    public void Every_operation_reports_the_result_kind_its_manifest_states()
    {
        foreach (var operation in HappyHorseCatalog.Operations)
        {
            operation.ResultKind.ToString().ToLowerInvariant().ShouldBe(ManifestResults.Of(operation), operation.ToString());
        }
    }

    [Fact]
    public void Only_models_whose_manifest_says_image_make_an_image_generator()
    {
        foreach (var model in HappyHorseCatalog.Operations.GroupBy(o => o.ModelId))
        {
            var makesImages = model.All(o => ManifestResults.Of(o) == "image");
            var made = Record.Exception(() => Generator(model.Key));
            (made is null).ShouldBe(makesImages, model.Key);
        }
    }

    [Fact]
    public void A_model_whose_operation_ids_say_image_but_whose_results_are_videos_is_refused()
    {
        // The adapter reads the result kind, not the operation's name: an id like "text-to-image" proves nothing.
        var imageOperation = HappyHorseCatalog.Operations.First(o => o.ResultKind == GenerationResultKind.Image);
        var relabeled = new OperationInfo
        {
            ModelId = "named-like-images",
            OperationId = "text-to-image",
            ResultKind = GenerationResultKind.Video,
            Profile = imageOperation.Profile,
            Fields = imageOperation.Fields,
        };
        var error = Should.Throw<ArgumentException>(() => _service.Client.AsIImageGenerator("named-like-images", [relabeled, .. HappyHorseCatalog.Operations]));

        error.Message.ShouldContain("'named-like-images' does not make images");
    }

    [Fact]
    public async Task A_failed_task_ends_in_HappyHorseTaskFailedException_carrying_it()
    {
        await using var failing = await InstantEmulator.StartAsync(failureRate: 1);

        var error = await Should.ThrowAsync<HappyHorseTaskFailedException>(() => failing.Client.AsIImageGenerator("gpt-image-2").GenerateImagesAsync("p"));

        error.Task.ShouldNotBeNull().TaskId.ShouldBe(failing.Emulator.Tasks.ShouldHaveSingleItem().Id);
        error.FailureMessage.ShouldBe(failing.Emulator.Options.FailureMessage);
    }

    [Fact]
    public async Task GetService_returns_the_client_the_metadata_and_the_operations()
    {
        var generator = Generator();

        var metadata = generator.GetService<ImageGeneratorMetadata>().ShouldNotBeNull();
        (metadata.ProviderName, metadata.ProviderUri, metadata.DefaultModelId).ShouldBe(("happyhorse", _emulator.BaseAddress, "gpt-image-2"));
        generator.GetService<HappyHorseClient>().ShouldBeSameAs(_service.Client);
        generator.GetService<OperationInfo>().ShouldBeSameAs(GptImage2.TextToImageRequest.Info);
        generator.GetService<IReadOnlyList<OperationInfo>>()!.Select(o => o.OperationId).ShouldBe(["text-to-image", "image-edit", "multi-image-reference"]);
        generator.GetService<IImageGenerator>().ShouldBeSameAs(generator);
        generator.GetService<HappyHorseClient>("a key").ShouldBeNull();
    }

    [Fact]
    public async Task Logging_and_OpenTelemetry_middleware_wrap_it_and_still_reach_its_services()
    {
        var logs = new List<string>();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new ListLoggerProvider(logs)));
        using var pipeline = new ImageGeneratorBuilder(Generator())
            .UseLogging(loggerFactory)
            .UseOpenTelemetry(loggerFactory, sourceName: "HappyHorse.Tests.ImageGenerator")
            .Build();

        var response = await pipeline.GenerateImagesAsync("A paper boat", new ImageGenerationOptions { Count = 2 });

        response.Contents.Count.ShouldBe(2);
        pipeline.GetService<ImageGeneratorMetadata>()!.DefaultModelId.ShouldBe("gpt-image-2");
        pipeline.GetService<HappyHorseClient>().ShouldBeSameAs(_service.Client);
        logs.ShouldContain(l => l.Contains("GenerateAsync", StringComparison.Ordinal));
        logs.ShouldAllBe(l => !l.Contains(TestSupport.ApiKey, StringComparison.Ordinal));
    }

    private HappyHorse.Emulator.HappyHorseEmulator _emulator => _service.Emulator;

    /// <summary>A copy of <paramref name="operation"/> without the fields <paramref name="names"/> (a model with no such fields).</summary>
    private static OperationInfo WithoutFields(OperationInfo operation, params string[] names) => new()
    {
        ModelId = operation.ModelId,
        OperationId = operation.OperationId,
        ResultKind = operation.ResultKind,
        Description = operation.Description,
        Profile = operation.Profile,
        SubmitPathOverride = operation.SubmitPathOverride,
        ContentType = operation.ContentType,
        IdentifiedBy = operation.IdentifiedBy,
        Fields = operation.Fields.Where(f => !names.Contains(f.Name)).ToArray(),
        Rules = operation.Rules,
    };

    private sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines);

        public void Dispose()
        {
        }

        private sealed class ListLogger(List<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (lines) lines.Add(formatter(state, exception));
            }
        }
    }
}
