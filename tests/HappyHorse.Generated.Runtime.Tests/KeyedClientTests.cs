using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using HappyHorse.Generated.Http;
using HappyHorse.Generated.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HappyHorse.Generated.Runtime.Tests;

public class KeyedClientTests
{
    private static readonly Uri Gateway = new("https://gateway.test/");

    [Fact]
    public async Task Named_clients_bind_their_own_section_and_send_their_own_key_beside_the_unnamed_one()
    {
        var time = new SteppingFakeTimeProvider();
        var sent = new ScriptedHandler(time, (_, _) => Fixture.Accepted());
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HappyHorse:ApiKey"] = "sk-unnamed",
            ["HappyHorse:BaseUrl"] = "https://api.test/",
            ["HappyHorse:Clients:gateway:ApiKey"] = "sk-gateway",
            ["HappyHorse:Clients:gateway:BaseUrl"] = Gateway.ToString(),
            ["HappyHorse:Clients:gateway:Retry:MaxRetries"] = "1",
            ["HappyHorse:Clients:second:ApiKey"] = "sk-second",
        }).Build());
        services.AddHappyHorse().ConfigurePrimaryHttpMessageHandler(() => sent);
        services.AddHappyHorse("gateway").ConfigurePrimaryHttpMessageHandler(() => sent);
        services.AddHappyHorse("second", o => o.BaseUrl = Fixture.Service).ConfigurePrimaryHttpMessageHandler(() => sent);
        services.AddTransient<UsesGateway>();
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var gateway = provider.GetRequiredKeyedService<HappyHorseClient>("gateway");
        var monitor = provider.GetRequiredService<IOptionsMonitor<HappyHorseClientOptions>>();
        await time.RunAsync(provider.GetRequiredService<HappyHorseClient>().SubmitAsync(HappyHorseVideo.TextToVideo("p")));
        await time.RunAsync(gateway.SubmitAsync(HappyHorseVideo.TextToVideo("p")));
        await time.RunAsync(provider.GetRequiredKeyedService<HappyHorseClient>("second").SubmitAsync(HappyHorseVideo.TextToVideo("p")));

        sent.Requests.Select(r => (r.Uri.Host, r.Authorization)).ShouldBe([("api.test", "Bearer sk-unnamed"), ("gateway.test", "Bearer sk-gateway"), ("api.test", "Bearer sk-second")]);
        monitor.Get("gateway").Retry.MaxRetries.ShouldBe(1);
        monitor.Get("second").Retry.MaxRetries.ShouldBe(new RetryOptions().MaxRetries);
        provider.GetRequiredService<UsesGateway>().Client.ToString().ShouldContain("gateway.test");
        provider.GetKeyedService<HappyHorseClient>("absent").ShouldBeNull();
    }

    [Fact]
    public async Task Each_named_client_has_the_submit_guard_innermost_below_a_resilience_handler()
    {
        var services = new ServiceCollection();
        services.AddHappyHorse("a", o => o.ApiKey = "sk-a").AddStandardResilienceHandler();
        services.AddHappyHorse("b", o => o.ApiKey = "sk-b");
        await using var provider = services.BuildServiceProvider();

        foreach (var name in new[] { "a", "b" })
        {
            var chain = Chain(provider, name);
            chain[^2].ShouldBeOfType<SubmitGuardHandler>(name);
            chain[^1].ShouldBeOfType<SocketsHttpHandler>(name).AllowAutoRedirect.ShouldBeFalse();
            chain.OfType<SubmitGuardHandler>().Count().ShouldBe(1);
        }

        Chain(provider, "a").ShouldContain(h => h.GetType().Name.Contains("Resilience", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_named_client_is_validated_at_start_under_its_own_section_and_does_not_read_the_environment()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HappyHorse:Clients:broken:BaseUrl"] = "http://example.com/",
            ["HappyHorse:Clients:broken:MaxConnectionsPerServer"] = "0",
        }).Build());
        services.AddHappyHorse("fine", o => o.ApiKey = "sk-fine");
        services.AddHappyHorse("broken");
        await using var provider = services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        error.Failures.ShouldBe([
            "HappyHorse:Clients:broken:ApiKey is not set.",
            "HappyHorse:Clients:broken:BaseUrl must be https (plain http only to loopback); was http://example.com.",
            "HappyHorse:Clients:broken:MaxConnectionsPerServer must be at least 1.",
        ]);
    }

    [Fact]
    public void Adding_the_same_client_twice_is_refused_with_what_to_do()
    {
        var services = new ServiceCollection();
        services.AddHappyHorse(o => o.ApiKey = "one");
        services.AddHappyHorse("gateway", o => o.ApiKey = "two");

        Should.Throw<InvalidOperationException>(() => services.AddHappyHorse(o => o.ApiKey = "three"))
            .Message.ShouldContain("AddHappyHorse() was called twice");
        Should.Throw<InvalidOperationException>(() => services.AddHappyHorse("gateway"))
            .Message.ShouldContain("AddHappyHorse(\"gateway\") was called twice");
        Should.Throw<ArgumentException>(() => services.AddHappyHorse(" "));
    }

    [Fact]
    public async Task A_bare_service_collection_without_configuration_resolves_clients()
    {
        var services = new ServiceCollection();
        services.AddHappyHorse(o => o.ApiKey = "sk-bare");
        services.AddHappyHorse("named", o => o.ApiKey = "sk-named");
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        provider.GetRequiredService<HappyHorseClient>().ShouldNotBeNull();
        provider.GetRequiredKeyedService<HappyHorseClient>("named").ToString().ShouldNotContain("sk-named");
    }

    /// <summary>The handlers of a named client's pipeline, outermost first.</summary>
    private static List<HttpMessageHandler> Chain(IServiceProvider provider, string name)
    {
        var handlers = new List<HttpMessageHandler>();
        var factory = provider.GetRequiredService<IHttpMessageHandlerFactory>();
        for (HttpMessageHandler? h = factory.CreateHandler(HappyHorseServiceCollectionExtensions.HttpClientNameFor(name)); h is not null; h = (h as DelegatingHandler)?.InnerHandler) handlers.Add(h);
        return handlers;
    }

    private sealed class UsesGateway([FromKeyedServices("gateway")] HappyHorseClient client)
    {
        public HappyHorseClient Client { get; } = client;
    }
}
