using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>What only the gateway does (service document 000): inline base64 images, several images, multipart edits, family poll paths.</summary>
public sealed class GatewayTests : IAsyncLifetime
{
    private HappyHorseEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await HappyHorseEmulator.StartAsync(TestSupport.QuickOptions());

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task An_image_asked_for_as_b64_json_comes_back_inline_as_a_png()
    {
        using var client = TestSupport.ClientFor(_emulator);

        var result = await client.GenerateAsync(GptImage2.TextToImage("A clean product photo").WithResponseFormat(GptImage2.ResponseFormat.B64Json));

        result.Urls.ShouldBeEmpty();
        MediaTypes.Sniff(result.Contents.ShouldHaveSingleItem().Span).ShouldBe("image/png");
    }

    [Fact]
    public async Task A_request_for_4_images_returns_all_4_through_GenerateAsync()
    {
        using var client = TestSupport.ClientFor(_emulator);

        var result = await client.GenerateAsync(GptImage2.TextToImage("A clean product photo").WithN(4));

        result.Urls.Count.ShouldBe(4);
        result.Urls.Select(u => u.AbsolutePath).ShouldBe(Enumerable.Range(0, 4).Select(i => $"/files/{result.Task.TaskId}/{i}.png"));
    }

    [Fact]
    public async Task A_request_for_4_inline_images_returns_all_4_contents()
    {
        using var client = TestSupport.ClientFor(_emulator);

        var result = await client.GenerateAsync(GptImage2.TextToImage("A clean product photo").WithN(4).WithResponseFormat(GptImage2.ResponseFormat.B64Json));

        result.Contents.Count.ShouldBe(4);
        result.Contents[3].ToArray().ShouldBe(_emulator.ResultFile(result.Task.TaskId, 3));
    }

    [Fact]
    public async Task A_request_for_n_images_gets_n_items_in_the_answer()
    {
        using var client = TestSupport.ClientFor(_emulator);
        var result = await client.GenerateAsync(GptImage2.TextToImage("A clean product photo").WithN(3));
        using var http = TestSupport.HttpFor(_emulator);

        using var answer = JsonDocument.Parse(await http.GetStringAsync($"v1/images/async/{result.Task.TaskId}"));

        var items = answer.RootElement.GetProperty("data").GetProperty("data").GetProperty("data").EnumerateArray().Select(i => i.GetProperty("url").GetString()!).ToList();
        items.Count.ShouldBe(3);
        items.Distinct().Count().ShouldBe(3);
        result.Url.AbsoluteUri.ShouldBe(items[0]);
        foreach (var url in items) MediaTypes.Sniff(await TestSupport.DownloadAsync(new Uri(url))).ShouldBe("image/png");
    }

    [Fact]
    public async Task An_image_edit_is_read_from_its_multipart_text_parts()
    {
        using var client = TestSupport.ClientFor(_emulator);

        var result = await client.GenerateAsync(GptImage2.ImageEdit("Make it blue", "https://example.com/input.png").WithN(2));

        var task = _emulator.Tasks.Single();
        task.Operation.OperationId.ShouldBe("image-edit");
        task.Results.Count.ShouldBe(2); // n arrived as the text "2"
        JsonDocument.Parse(task.RequestJson).RootElement.GetProperty("n").GetString().ShouldBe("2");
        MediaTypes.Sniff(await TestSupport.DownloadAsync(result.Url)).ShouldBe("image/png");
    }

    [Fact]
    public async Task An_edit_sent_as_json_or_with_a_file_part_is_refused()
    {
        using var http = TestSupport.HttpFor(_emulator);
        const string Fields = """{ "model": "gpt-image-2", "prompt": "p", "image": "https://example.com/input.png" }""";
        using var form = new MultipartFormDataContent
        {
            { new StringContent("gpt-image-2"), "model" },
            { new StringContent("p"), "prompt" },
            { new ByteArrayContent([0x89, 0x50, 0x4E, 0x47]), "image", "input.png" },
        };

        using var asJson = await http.PostAsync("v1/images/async/edits", new StringContent(Fields, Encoding.UTF8, "application/json"));
        using var withFile = await http.PostAsync("v1/images/async/edits", form);

        foreach (var response in new[] { asJson, withFile })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            body.RootElement.GetProperty("error").GetProperty("code").GetString().ShouldBe("invalid_request_error");
        }

        (await asJson.Content.ReadAsStringAsync()).ShouldContain("takes multipart/form-data");
        (await withFile.Content.ReadAsStringAsync()).ShouldContain("File parts are not accepted");
        _emulator.Tasks.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_video_submit_answers_the_video_object_with_id_task_id_and_status()
    {
        using var http = TestSupport.HttpFor(_emulator);
        var (operation, body) = TestSupport.FirstOperationOf("gateway-videos");

        using var response = await http.PostAsync(operation.SubmitPath.TrimStart('/'), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var root = answer.RootElement;
        root.GetProperty("id").GetString().ShouldBe(root.GetProperty("task_id").GetString());
        (root.GetProperty("status").GetString(), root.GetProperty("progress").GetInt32(), root.GetProperty("model").GetString()).ShouldBe(("queued", 0, operation.ModelId));
    }

    [Fact]
    public async Task Each_generations_family_knows_only_its_own_tasks()
    {
        using var client = TestSupport.ClientFor(_emulator);
        using var http = TestSupport.HttpFor(_emulator);
        var (operation, body) = TestSupport.FirstOperationOf("gateway-videos-grok");
        var task = await client.SubmitAsync(new JsonBodyRequest(operation, body));

        using var own = await http.GetAsync($"v1/videos/grok/{task.TaskId}");
        using var other = await http.GetAsync($"v1/videos/notevideo/{task.TaskId}");
        using var answer = JsonDocument.Parse(await other.Content.ReadAsStringAsync());

        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        other.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        answer.RootElement.GetProperty("error").GetProperty("code").GetString().ShouldBe("task_not_found");
    }
}
