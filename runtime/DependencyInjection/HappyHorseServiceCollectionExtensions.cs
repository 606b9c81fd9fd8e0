using System;
using System.Net.Http;
using HappyHorse.Generated;
using HappyHorse.Generated.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="HappyHorseClient"/> with dependency injection.</summary>
public static class HappyHorseServiceCollectionExtensions
{
    /// <summary>The configuration section options are bound from (<c>HappyHorse:ApiKey</c>, <c>HappyHorse:BaseUrl</c>, …).</summary>
    public const string ConfigurationSection = "HappyHorse";

    /// <summary>The name of the <see cref="HttpClient"/> the client uses, for further configuration.</summary>
    public const string HttpClientName = "HappyHorse";

    /// <summary>
    /// Adds a <see cref="HappyHorseClient"/> on <see cref="IHttpClientFactory"/>, with options bound from the
    /// <c>HappyHorse</c> configuration section (then <c>HAPPYHORSE_API_KEY</c> / <c>HAPPYHORSE_BASE_URL</c> for
    /// anything unset), then <paramref name="configure"/>; the options are validated when the host starts.
    /// </summary>
    /// <returns>The builder of the named <see cref="HttpClient"/>, to add handlers.</returns>
    public static IHttpClientBuilder AddHappyHorse(this IServiceCollection services, Action<HappyHorseClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Bound from IConfiguration when the container has one; a bare ServiceCollection works too.
        var options = services.AddOptions<HappyHorseClientOptions>()
            .Configure<IServiceProvider>(static (options, provider) => provider.GetService<IConfiguration>()?.GetSection(ConfigurationSection).Bind(options))
            .PostConfigure(FillFromEnvironment)
            .ValidateOnStart();
        if (configure is not null) options.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HappyHorseClientOptions>, HappyHorseClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient(provider => new HappyHorseClient(
            provider.GetRequiredService<IOptions<HappyHorseClientOptions>>().Value,
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetService<ILoggerFactory>()?.CreateLogger<HappyHorseClient>(),
            provider.GetRequiredService<TimeProvider>()));

        // The submit guard goes below every handler a user adds (retry, hedging), whatever the order of registration.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, SubmitGuardFilter>());

        // Redirects are not followed, so the key never travels to a host it was not meant for; connections are capped
        // at HappyHorseClientOptions.MaxConnectionsPerServer, as on the client's own HttpClient.
        return services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(static provider => Connections.CreatePrimaryHandler(provider.GetRequiredService<IOptions<HappyHorseClientOptions>>().Value))
            .ConfigureHttpClient(static http => http.Timeout = System.Threading.Timeout.InfiniteTimeSpan); // HappyHorseClientOptions.RequestTimeout bounds each request
    }

    /// <summary>Puts <see cref="SubmitGuardHandler"/> innermost, after every other configuration of the client's handlers.</summary>
    private sealed class SubmitGuardFilter : IHttpMessageHandlerBuilderFilter
    {
        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
        {
            next(builder);
            if (builder.Name == HttpClientName) builder.AdditionalHandlers.Add(new SubmitGuardHandler());
        };
    }

    private static void FillFromEnvironment(HappyHorseClientOptions options)
    {
        var environment = HappyHorseClientOptions.FromEnvironment();
        options.ApiKey ??= environment.ApiKey;
        options.BaseUrl ??= environment.BaseUrl;
    }
}

/// <summary>Checks <see cref="HappyHorseClientOptions"/> when the host starts, listing every problem.</summary>
internal sealed class HappyHorseClientOptionsValidator : IValidateOptions<HappyHorseClientOptions>
{
    public ValidateOptionsResult Validate(string? name, HappyHorseClientOptions options)
    {
        var problems = HappyHorseClientOptions.Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
