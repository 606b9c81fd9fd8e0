using System;
using System.Net.Http;
using HappyHorse.Generated;
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
        var options = services.AddOptions<HappyHorseClientOptions>()
            .BindConfiguration(ConfigurationSection)
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

        // Redirects are not followed, so the key never travels to a host it was not meant for.
        return services.AddHttpClient(HttpClientName).ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false });
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
