using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Emulator.Examples;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>An out-of-range random seed is told its documented range (DashScope: [0, 2147483647]), past 32 bits too.</summary>
public sealed class SeedRangeTests
{
    [Theory]
    [InlineData("2147483648")]
    [InlineData("-1")]
    [InlineData("9007199254740993")]
    public async Task An_out_of_range_seed_is_a_400_naming_the_range(string seed)
    {
        await using var emulator = await HappyHorseEmulator.StartAsync(TestSupport.QuickOptions());
        using var http = TestSupport.HttpFor(emulator);
        var body = DocumentedExamples.BodyFor(HappyHorseCatalog.Operations.Single(o => o.Profile.Id == "dashscope"))!;
        body["parameters"]!["seed"] = JsonNode.Parse(seed);
        using var submit = new HttpRequestMessage(HttpMethod.Post, "api/v1/services/aigc/video-generation/video-synthesis") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        submit.Headers.Add("X-DashScope-Async", "enable");

        using var response = await http.SendAsync(submit);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        answer["code"]!.GetValue<string>().ShouldBe("InvalidParameter");
        answer["message"]!.GetValue<string>().ShouldContain($"must be between 0 and 2147483647 (was {seed})");
        emulator.Tasks.ShouldBeEmpty();
    }
}
