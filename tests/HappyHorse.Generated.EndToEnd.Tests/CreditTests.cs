using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>The credit budget: a flat price per second of video or per image, charged on submit.</summary>
public sealed class CreditTests
{
    [Fact]
    public async Task Submits_are_charged_until_the_budget_cannot_pay_and_a_refused_one_costs_nothing()
    {
        var options = TestSupport.QuickOptions();
        options.CreditBudget = 120;
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        using var client = TestSupport.ClientFor(emulator);
        var fiveSeconds = HappyHorseVideo.TextToVideo("p").WithDuration(5); // 5 s × 10 credits

        var first = await client.SubmitAsync(fiveSeconds);
        await client.SubmitAsync(fiveSeconds);
        await Should.ThrowAsync<HappyHorseInsufficientCreditsException>(() => client.SubmitAsync(fiveSeconds));

        emulator.CreditsRemaining.ShouldBe(20);
        emulator.Tasks.Select(t => t.Credits).ShouldBe([50, 50]);
        using var http = TestSupport.HttpFor(emulator);
        using var status = JsonDocument.Parse(await http.GetStringAsync($"api/status?task_id={first.TaskId}"));
        status.RootElement.GetProperty("data").GetProperty("consumed_credits").GetDouble().ShouldBe(50);
    }

    [Fact]
    public async Task Images_cost_a_flat_price_each_and_without_a_budget_nothing_is_refused()
    {
        await using var emulator = await HappyHorseEmulator.StartAsync(TestSupport.QuickOptions());
        using var client = TestSupport.ClientFor(emulator);

        await client.SubmitAsync(GptImage2.TextToImage("p").WithN(3));

        emulator.Tasks.Single().Credits.ShouldBe(15);
        emulator.CreditsRemaining.ShouldBeNull();
    }
}
