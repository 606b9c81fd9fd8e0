using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests;

/// <summary>A request given as its JSON body: filled in, validated and written as a built request of the same operation.</summary>
public sealed class JsonBodyRequestTests
{
    private const string ImageUrl = "https://example.com/input.png";

    [Fact]
    public void A_copy_into_a_text_field_is_written_as_text_as_the_built_request_writes_it()
    {
        var given = new JsonObject { ["prompt"] = "a horse", ["duration"] = 10, ["aspect_ratio"] = "16:9", ["resolution"] = "720p" };

        var request = new JsonBodyRequest(OmniFlashFast.TextToVideoRequest.Info, given);

        request.Find("seconds")!.GetValue<string>().ShouldBe("10");
        ShouldBeJsonEqual(Body(request), Body(OmniFlashFast.TextToVideo("a horse").WithDuration(10).WithAspectRatio("16:9").WithResolution("720p")));
        request.Validate().IsValid.ShouldBeTrue();
        given.ContainsKey("seconds").ShouldBeFalse("the given body is copied, not changed");
    }

    [Fact]
    public void A_fixed_value_is_set_even_when_the_body_gives_another_and_the_model_id_goes_first()
    {
        var operation = HappyHorseVideo.MultiShotRequest.Info;
        var given = new JsonObject
        {
            ["multi_prompt"] = new JsonArray(new JsonObject { ["prompt"] = "a horse runs", ["duration"] = 5 }),
            ["sound"] = true,
            ["multi_shots"] = false,
            ["model"] = "another-model",
        };

        var request = new JsonBodyRequest(operation, given);

        request.Find("multi_shots")!.GetValue<bool>().ShouldBeTrue();
        request.Find("multi_prompt[0].duration")!.GetValue<int>().ShouldBe(5);
        var written = JsonNode.Parse(Body(request))!.AsObject();
        written.First().Key.ShouldBe("model");
        written["model"]!.GetValue<string>().ShouldBe(operation.ModelId);
        request.Validate().IsValid.ShouldBeTrue(request.Validate().ToString());
    }

    [Fact]
    public void A_form_is_validated_as_the_text_parts_the_service_receives()
    {
        var operation = GptImage2.ImageEditRequest.Info;

        // As JSON, a one-item list is not a string; as form parts it is one text part, which the service reads as text.
        var request = new JsonBodyRequest(operation, new JsonObject { ["prompt"] = "a hat", ["image"] = new JsonArray(ImageUrl), ["n"] = 1 });

        request.Validate().IsValid.ShouldBeTrue(request.Validate().ToString());
        operation.ValidateBody(System.Text.Json.JsonSerializer.SerializeToElement(new { model = operation.ModelId, prompt = "a hat", image = new[] { ImageUrl } })).IsValid.ShouldBeFalse();
    }

    [Fact]
    public void Form_parts_are_written_as_the_built_request_writes_them()
    {
        var given = new JsonObject { ["size"] = "1536x1024", ["n"] = 1, ["image"] = ImageUrl, ["prompt"] = "a hat" };

        var parts = FormFields(new JsonBodyRequest(GptImage2.ImageEditRequest.Info, given));

        parts.ShouldBe(FormFields(GptImage2.ImageEdit("a hat", ImageUrl).WithN(1).WithSize("1536x1024")));
        parts.ShouldContain(new KeyValuePair<string, string>("n", "1"));
    }

    [Fact]
    public void A_list_is_one_part_per_item_and_a_value_the_manifest_does_not_know_comes_last()
    {
        var given = new JsonObject { ["extra"] = true, ["image"] = new JsonArray(ImageUrl, "https://example.com/second.png"), ["prompt"] = "a hat" };

        var parts = FormFields(new JsonBodyRequest(GptImage2.ImageEditRequest.Info, given));

        parts.Select(p => $"{p.Key}={p.Value}").ShouldBe(["model=gpt-image-2", "prompt=a hat", $"image={ImageUrl}", "image=https://example.com/second.png", "extra=true"]);
    }

    [Fact]
    public void A_value_a_form_cannot_carry_is_one_listed_problem_and_is_never_written()
    {
        var request = new JsonBodyRequest(GptImage2.ImageEditRequest.Info, new JsonObject { ["prompt"] = "a hat", ["image"] = new JsonObject { ["url"] = ImageUrl } });

        var problems = request.Validate().Problems;

        problems.ShouldHaveSingleItem().Field.ShouldBe("image");
        problems[0].Message.ShouldContain("must be text, a number, a boolean or a list of text");
        Should.Throw<System.InvalidOperationException>(() => FormFields(request)).Message.ShouldContain("'image'");
    }

    [Fact]
    public void Problems_found_while_making_the_body_are_listed_first_with_every_problem_of_the_body()
    {
        var found = new ValidationProblem("size", "gpt-image-2 text-to-image: size could not be read from 'big'.", null);
        var request = new JsonBodyRequest(GptImage2.TextToImageRequest.Info, new JsonObject { ["n"] = "two", ["output_format"] = "gif" }, [found]);

        var problems = request.Validate().Problems;

        problems[0].ShouldBe(found);
        problems.Select(p => p.Field).ShouldBe(["size", "prompt", "n", "output_format"], ignoreOrder: true);
    }

    [Fact]
    public void ToString_names_the_operation_and_the_body()
    {
        var request = new JsonBodyRequest(GptImage2.TextToImageRequest.Info, new JsonObject { ["prompt"] = "a hat" });

        request.ToString().ShouldBe($"{GptImage2.TextToImageRequest.Info}: {{\"model\":\"gpt-image-2\",\"prompt\":\"a hat\"}}");
    }

    private static List<KeyValuePair<string, string>> FormFields(IGenerationRequest request)
    {
        var fields = new List<KeyValuePair<string, string>>();
        ((IFormGenerationRequest)request).WriteFormFields(fields);
        return fields;
    }
}
