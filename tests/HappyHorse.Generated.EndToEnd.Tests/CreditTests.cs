using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Emulator.Examples;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>The credit budget: a model's price table where its manifest has one (what <c>EstimateCredits()</c> says), else a flat price; charged on submit.</summary>
public sealed class CreditTests
{
    [Fact]
    public async Task The_documented_example_costs_its_priced_400_credits_and_a_500_credit_balance_refuses_the_second_with_the_documented_402()
    {
        var options = TestSupport.QuickOptions();
        options.CreditBudget = 500;
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        using var http = TestSupport.HttpFor(emulator);
        var textToVideo = HappyHorseCatalog.Operations.Single(o => o.ModelId == "happyhorse-1.0/video" && o.OperationId == "text-to-video");
        var example = DocumentedExamples.BodyFor(textToVideo)!; // pro, 5 s, with sound: 80 credits a second

        using var first = await http.PostAsJsonAsync("api/generate", example);
        using var second = await http.PostAsJsonAsync("api/generate", example);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.PaymentRequired);
        var refusal = JsonNode.Parse(await second.Content.ReadAsStringAsync())!;
        refusal["code"]!.GetValue<string>().ShouldBe("INSUFFICIENT_CREDITS");
        refusal["data"].ShouldBeNull();
        var taskId = JsonNode.Parse(await first.Content.ReadAsStringAsync())!["data"]!["task_id"]!.GetValue<string>();
        using var status = JsonDocument.Parse(await http.GetStringAsync($"api/status?task_id={taskId}"));
        status.RootElement.GetProperty("data").GetProperty("consumed_credits").GetDouble().ShouldBe(400);
        emulator.CreditsRemaining.ShouldBe(100);
    }

    [Theory]
    [InlineData("pro", true, 7)]
    [InlineData("pro", false, 3)]
    [InlineData("std", true, 15)]
    [InlineData("std", false, 4)]
    public async Task The_charge_is_the_clients_own_estimate_for_every_rate_of_the_table(string mode, bool sound, int seconds)
    {
        await using var emulator = await HappyHorseEmulator.StartAsync(TestSupport.QuickOptions());
        using var client = TestSupport.ClientFor(emulator);
        var request = HappyHorseVideo.TextToVideo("p").WithMode(mode == "pro" ? HappyHorseVideo.Mode.Pro : HappyHorseVideo.Mode.Std).WithSound(sound).WithDuration(seconds);

        var task = await client.SubmitAsync(request);

        var charged = emulator.Tasks.Single(t => t.Id == task.TaskId).Credits;
        charged.ShouldBe(request.EstimateCredits()!.Value);
        charged.ShouldBe((mode, sound) switch { ("pro", true) => 80, ("pro", false) => 54, ("std", true) => 60, _ => 40 } * seconds);
    }

    [Fact]
    public async Task Submits_are_charged_until_the_budget_cannot_pay_and_a_refused_one_costs_nothing()
    {
        var options = TestSupport.QuickOptions();
        options.CreditBudget = 700;
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        using var client = TestSupport.ClientFor(emulator);
        var fiveSeconds = HappyHorseVideo.TextToVideo("p").WithDuration(5); // std with sound by default: 60 credits a second

        var first = await client.SubmitAsync(fiveSeconds);
        await client.SubmitAsync(fiveSeconds);
        await Should.ThrowAsync<HappyHorseInsufficientCreditsException>(() => client.SubmitAsync(fiveSeconds));

        emulator.CreditsRemaining.ShouldBe(100);
        emulator.Tasks.Select(t => t.Credits).ShouldBe([300, 300]);
        using var http = TestSupport.HttpFor(emulator);
        using var status = JsonDocument.Parse(await http.GetStringAsync($"api/status?task_id={first.TaskId}"));
        status.RootElement.GetProperty("data").GetProperty("consumed_credits").GetDouble().ShouldBe(300);
    }

    [Fact]
    public async Task Images_of_a_model_without_a_price_table_cost_a_flat_price_each_and_without_a_budget_nothing_is_refused()
    {
        await using var emulator = await HappyHorseEmulator.StartAsync(TestSupport.QuickOptions());
        using var client = TestSupport.ClientFor(emulator);

        await client.SubmitAsync(GptImage2.TextToImage("p").WithN(3));

        emulator.Tasks.Single().Credits.ShouldBe(15);
        emulator.CreditsRemaining.ShouldBeNull();
    }
}
