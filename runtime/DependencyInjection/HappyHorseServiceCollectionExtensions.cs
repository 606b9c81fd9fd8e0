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

    /// <summary>The section under <see cref="ConfigurationSection"/> that holds one section per named client (<c>HappyHorse:Clients:gateway:ApiKey</c>, …).</summary>
    public const string ClientsSection = "Clients";

    /// <summary>
    /// Adds a <see cref="HappyHorseClient"/> on <see cref="IHttpClientFactory"/>, with options bound from the
    /// <c>HappyHorse</c> configuration section when the container has an <see cref="IConfiguration"/> (then
    /// <c>HAPPYHORSE_API_KEY</c> / <c>HAPPYHORSE_BASE_URL</c> for anything unset), then <paramref name="configure"/>; the
    /// options are validated when the host starts.
    /// </summary>
    /// <returns>The builder of the named <see cref="HttpClient"/>, to add handlers.</returns>
    /// <exception cref="InvalidOperationException">The unnamed client was added already: add it once (and more handlers through the builder it returned), or give another client a name.</exception>
    public static IHttpClientBuilder AddHappyHorse(this IServiceCollection services, Action<HappyHorseClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        Register(services, Microsoft.Extensions.Options.Options.DefaultName);
        var options = services.AddOptions<HappyHorseClientOptions>()
            .Configure<IServiceProvider>(static (options, provider) => provider.GetService<IConfiguration>()?.GetSection(ConfigurationSection).Bind(options))
            .PostConfigure(FillFromEnvironment)
            .ValidateOnStart();
        if (configure is not null) options.Configure(configure);
        AddShared(services);
        services.TryAddTransient(provider => Create(provider, Microsoft.Extensions.Options.Options.DefaultName, HttpClientName));
        return AddHttpClient(services, Microsoft.Extensions.Options.Options.DefaultName, HttpClientName);
    }

    /// <summary>
    /// Adds a named <see cref="HappyHorseClient"/> beside any other (two keys, or two services side by side), resolved
    /// with <c>[FromKeyedServices("name")]</c> or <c>GetRequiredKeyedService&lt;HappyHorseClient&gt;("name")</c>. Its
    /// options are its own: bound from <c>HappyHorse:Clients:name</c> (<c>ApiKey</c>, <c>BaseUrl</c>, <c>Retry:*</c>, …)
    /// when the container has an <see cref="IConfiguration"/>, then <paramref name="configure"/>; the environment
    /// variables are not read (one key there cannot serve two clients), and they are validated when the host starts.
    /// It sends through its own <see cref="HttpClient"/> (<see cref="HttpClientNameFor"/>), with the submit guard below
    /// every handler added to it.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client's name: its key in the container and its configuration section.</param>
    /// <param name="configure">Settings applied after configuration.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>, to add handlers.</returns>
    /// <exception cref="InvalidOperationException">A client named <paramref name="name"/> was added already.</exception>
    public static IHttpClientBuilder AddHappyHorse(this IServiceCollection services, string name, Action<HappyHorseClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Register(services, name);
        var section = SectionFor(name);
        var options = services.AddOptions<HappyHorseClientOptions>(name)
            .Configure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(section).Bind(options))
            .ValidateOnStart();
        if (configure is not null) options.Configure(configure);
        AddShared(services);
        var httpClientName = HttpClientNameFor(name);
        services.AddKeyedTransient(name, (provider, _) => Create(provider, name, httpClientName));
        return AddHttpClient(services, name, httpClientName);
    }

    /// <summary>The name of the <see cref="HttpClient"/> the client named <paramref name="name"/> uses: <c>HappyHorse:name</c>.</summary>
    public static string HttpClientNameFor(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return HttpClientName + ":" + name;
    }

    /// <summary>The configuration section of the client named <paramref name="name"/>: <c>HappyHorse:Clients:name</c>.</summary>
    internal static string SectionFor(string name) => name == Microsoft.Extensions.Options.Options.DefaultName ? ConfigurationSection : $"{ConfigurationSection}:{ClientsSection}:{name}";

    /// <summary>Refuses a second registration of one name: two sets of settings must not silently become one.</summary>
    private static void Register(IServiceCollection services, string name)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(Registration) && descriptor.ImplementationInstance is Registration { Name: var added } && added == name)
            {
                throw new InvalidOperationException(name == Microsoft.Extensions.Options.Options.DefaultName
                    ? "AddHappyHorse() was called twice: add the client once, with all its settings (add handlers through the IHttpClientBuilder it returns), or add another client with a name: AddHappyHorse(\"name\", ...)."
                    : $"AddHappyHorse(\"{name}\") was called twice: add each named client once, with all its settings.");
            }
        }

        services.AddSingleton(new Registration(name));
    }

    private static void AddShared(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HappyHorseClientOptions>, HappyHorseClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // The submit guard goes below every handler a user adds (retry, hedging), whatever the order of registration.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, SubmitGuardFilter>());
    }

    private static HappyHorseClient Create(IServiceProvider provider, string name, string httpClientName) => new(
        provider.GetRequiredService<IOptionsMonitor<HappyHorseClientOptions>>().Get(name),
        provider.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName),
        provider.GetService<ILoggerFactory>()?.CreateLogger<HappyHorseClient>(),
        provider.GetRequiredService<TimeProvider>());

    /// <summary>
    /// Redirects are not followed, so the key never travels to a host it was not meant for; connections are capped at
    /// <see cref="HappyHorseClientOptions.MaxConnectionsPerServer"/>, as on the client's own <see cref="HttpClient"/>.
    /// </summary>
    private static IHttpClientBuilder AddHttpClient(IServiceCollection services, string name, string httpClientName) =>
        services.AddHttpClient(httpClientName)
            .ConfigurePrimaryHttpMessageHandler(provider => Connections.CreatePrimaryHandler(provider.GetRequiredService<IOptionsMonitor<HappyHorseClientOptions>>().Get(name)))
            .ConfigureHttpClient(static http => http.Timeout = System.Threading.Timeout.InfiniteTimeSpan); // HappyHorseClientOptions.RequestTimeout bounds each request

    /// <summary>Puts <see cref="SubmitGuardHandler"/> innermost in every HappyHorse client's pipeline, after every other configuration of its handlers.</summary>
    private sealed class SubmitGuardFilter : IHttpMessageHandlerBuilderFilter
    {
        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
        {
            next(builder);
            if (builder.Name is { } name && (name == HttpClientName || name.StartsWith(HttpClientName + ":", StringComparison.Ordinal))) builder.AdditionalHandlers.Add(new SubmitGuardHandler());
        };
    }

    /// <summary>Marks a name as added.</summary>
    private sealed record Registration(string Name);

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
        var unnamed = string.IsNullOrEmpty(name);
        var problems = HappyHorseClientOptions.Problems(options, HappyHorseServiceCollectionExtensions.SectionFor(name ?? Microsoft.Extensions.Options.Options.DefaultName), fromEnvironment: unnamed);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
