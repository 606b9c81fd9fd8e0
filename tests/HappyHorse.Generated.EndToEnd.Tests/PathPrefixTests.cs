using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Emulator.Examples;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>
/// A documentation sample with only its host replaced works: each dialect is served under the path its base URL
/// carries (DashScope's <c>/dashscope</c>) as well as at the root, and an unknown path gets the dialect's error body.
/// </summary>
public sealed class PathPrefixTests
{
    // The DashScope document's request address, as its curl, Python, Java and C# samples use it.
    private const string DashScopeSampleUrl = "https://llm.infiflow.cn/dashscope/api/v1/services/aigc/video-generation/video-synthesis";

    [Fact]
    public async Task The_DashScope_samples_own_url_with_the_host_replaced_submits_and_its_task_is_polled_under_the_same_prefix()
    {
        var options = TestSupport.QuickOptions();
        options.QueueDuration = TimeSpan.FromHours(1); // still PENDING when polled
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        using var http = TestSupport.HttpFor(emulator);
        var sampleBody = DocumentedExamples.BodyFor(HappyHorseCatalog.Operations.Single(o => o.Profile.Id == "dashscope"))!;
        using var submit = new HttpRequestMessage(HttpMethod.Post, WithEmulatorHost(emulator, DashScopeSampleUrl))
        {
            Content = new StringContent(sampleBody.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        submit.Headers.Add("X-DashScope-Async", "enable");

        using var submitted = await http.SendAsync(submit);
        var taskId = JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!["output"]!["task_id"]!.GetValue<string>();
        using var status = await http.GetAsync($"dashscope/api/v1/tasks/{taskId}");

        submitted.StatusCode.ShouldBe(HttpStatusCode.OK);
        emulator.Requests[0].Path.ShouldBe("/dashscope/api/v1/services/aigc/video-generation/video-synthesis");
        status.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonNode.Parse(await status.Content.ReadAsStringAsync())!["output"]!["task_status"]!.GetValue<string>().ShouldBe("PENDING");
    }

    [Fact]
    public async Task A_client_given_the_documented_base_url_with_the_host_replaced_runs_a_task_to_its_file()
    {
        await using var emulator = await HappyHorseEmulator.StartAsync(TestSupport.QuickOptions());
        var baseUrl = new Uri(WithEmulatorHost(emulator, HappyHorseProfiles.DashScope.DefaultBaseUrl!.AbsoluteUri));
        using var client = new HappyHorseClient(new HappyHorseClientOptions { BaseUrl = baseUrl, ApiKey = TestSupport.ApiKey, PollSchedule = TestSupport.Fast });
        var operation = HappyHorseCatalog.Operations.Single(o => o.Profile.Id == "dashscope");

        var result = await client.GenerateAsync(new RawRequest(operation, DocumentedExamples.BodyFor(operation)!));

        emulator.Requests.Where(r => r.Path.StartsWith("/api", StringComparison.Ordinal)).ShouldBeEmpty();
        emulator.Requests.Count(r => r.Path.StartsWith("/dashscope/api/v1/tasks/", StringComparison.Ordinal)).ShouldBeGreaterThan(0);
        (await TestSupport.DownloadAsync(result.Url)).Length.ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("GET", "dashscope/api/v1/no-such-call", "code", "NotFound")]
    [InlineData("POST", "dashscope/api/v2/services/aigc/video-generation/video-synthesis", "code", "NotFound")]
    [InlineData("GET", "api/v1/no-such-call", "code", "NotFound")]
    [InlineData("GET", "api/no-such-call", "code", "NOT_FOUND")]
    [InlineData("GET", "v1/no-such-call", "error.code", "not_found")]
    public async Task An_unknown_path_is_a_404_in_the_envelope_of_the_dialect_it_belongs_to(string method, string path, string codePath, string code)
    {
        await using var emulator = await HappyHorseEmulator.StartAsync(TestSupport.QuickOptions());
        using var http = TestSupport.HttpFor(emulator);

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        codePath.Split('.').Aggregate(body, (node, name) => node[name]!).GetValue<string>().ShouldBe(code);
        if (code == "NotFound") body["request_id"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_path_like_no_dialects_is_an_empty_404()
    {
        await using var emulator = await HappyHorseEmulator.StartAsync(TestSupport.QuickOptions());
        using var http = TestSupport.HttpFor(emulator);

        using var response = await http.GetAsync("nothing/here");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }

    private static string WithEmulatorHost(HappyHorseEmulator emulator, string documentedUrl) =>
        new UriBuilder(documentedUrl) { Scheme = emulator.BaseAddress.Scheme, Host = emulator.BaseAddress.Host, Port = emulator.BaseAddress.Port }.Uri.AbsoluteUri;
}
