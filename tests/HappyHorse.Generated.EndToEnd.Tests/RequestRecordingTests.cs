using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>What the emulator records, so tests can see duplicate submits and requests that should never have been sent.</summary>
public sealed class RequestRecordingTests : IAsyncLifetime
{
    private HappyHorseEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await HappyHorseEmulator.StartAsync(TestSupport.QuickOptions());

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task A_submit_is_recorded_with_method_path_headers_and_body_but_never_the_key()
    {
        using var client = TestSupport.ClientFor(_emulator);
        var (operation, body) = TestSupport.FirstOperationOf("dashscope");

        await client.SubmitAsync(new JsonBodyRequest(operation, body));

        var submit = _emulator.Requests.Single();
        (submit.Method, submit.Path, submit.Authorized, submit.InjectedFault).ShouldBe(("POST", operation.SubmitPath, true, FaultKind.None));
        submit.Header("X-DashScope-Async").ShouldBe("enable");
        submit.Header("x-dashscope-async").ShouldBe("enable");
        JsonNode.DeepEquals(JsonNode.Parse(submit.Body), body).ShouldBeTrue(submit.Body);
        submit.Header("Authorization").ShouldBeNull();
        (submit.Body + submit.ToString() + string.Join(" ", submit.Headers.Values)).ShouldNotContain(TestSupport.ApiKey);
    }

    [Fact]
    public async Task A_duplicate_submit_shows_as_two_identical_posts_and_two_tasks()
    {
        using var client = TestSupport.ClientFor(_emulator);
        var request = HappyHorseVideo.TextToVideo("A majestic eagle soaring through clouds at sunset").WithDuration(5);

        var first = await client.SubmitAsync(request);
        var second = await client.SubmitAsync(request);

        var posts = _emulator.Requests.Where(r => r.Method == "POST").ToList();
        posts.Count.ShouldBe(2);
        posts[1].Body.ShouldBe(posts[0].Body);
        second.TaskId.ShouldNotBe(first.TaskId);
        _emulator.Tasks.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Refused_and_unknown_requests_are_recorded_too()
    {
        using var anonymous = TestSupport.HttpFor(_emulator, apiKey: null);

        using var refused = await anonymous.PostAsync("api/generate", new StringContent("{}", Encoding.UTF8, "application/json"));
        using var unknown = await anonymous.GetAsync("no/such/path?x=1");

        _emulator.Requests.Select(r => (r.Method, r.PathAndQuery, r.Authorized)).ShouldBe([("POST", "/api/generate", false), ("GET", "/no/such/path?x=1", false)]);
        _emulator.Tasks.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_multipart_submit_is_recorded_as_sent()
    {
        using var client = TestSupport.ClientFor(_emulator);

        await client.SubmitAsync(GptImage2.ImageEdit("Make it blue", "https://example.com/input.png").WithN(1));

        var submit = _emulator.Requests.Single();
        submit.Header("Content-Type")!.ShouldStartWith("multipart/form-data; boundary=");
        submit.Body.ShouldContain("name=prompt");
        submit.Body.ShouldContain("Make it blue");
    }

    [Fact]
    public void The_emulator_listens_on_loopback_only()
    {
        _emulator.BaseAddress.Host.ShouldBe("127.0.0.1");
        _emulator.BaseAddress.Port.ShouldBeGreaterThan(0);
    }
}
