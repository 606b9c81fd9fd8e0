using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Cli.Running;

/// <summary>
/// Where requests go and with which key: <c>--base-url</c> or <c>HAPPYHORSE_BASE_URL</c>, <c>--api-key-file</c> or
/// <c>HAPPYHORSE_API_KEY</c>, or <c>--emulator</c> for one started in this process. The key is never printed.
/// </summary>
internal sealed class ServiceOptions
{
    public Option<string?> BaseUrl { get; } = new("--base-url") { Description = "The service's address (default: HAPPYHORSE_BASE_URL, else each dialect's own)." };

    public Option<FileInfo?> ApiKeyFile { get; } = new("--api-key-file") { Description = "A file holding the API key (default: HAPPYHORSE_API_KEY). The key is never printed." };

    public Option<bool> Emulator { get; } = new("--emulator") { Description = "Start the embedded emulator for this command and send everything to it (offline, no key needed)." };

    public Option<double?> PollInterval { get; } = new("--poll-interval") { Description = "Ask for the status every N seconds instead of the dialect's schedule (default 0.5 with --emulator)." };

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Trace each HTTP exchange on stderr: method, path, status, time (never the key or a query string)." };

    public void AddTo(Command command, bool withEmulator)
    {
        command.Add(Verbose);
        command.Add(BaseUrl);
        command.Add(ApiKeyFile);
        if (withEmulator) command.Add(Emulator);
        command.Add(PollInterval);
    }

    /// <summary>A client for the chosen service, and the emulator it talks to when <c>--emulator</c> was given.</summary>
    /// <exception cref="CliInputException">No key, an unreadable key file, or a base URL that is not an absolute http(s) URL.</exception>
    public async Task<ServiceSession> OpenAsync(ParseResult parse, CliEnvironment environment, Uri? handleBaseUrl, CancellationToken cancellationToken)
    {
        var options = new HappyHorseClientOptions();
        HappyHorseEmulator? emulator = null;
        var interval = parse.GetValue(PollInterval);
        if (interval is <= 0 or > 3600) throw new CliInputException($"--poll-interval: {interval?.ToString(CultureInfo.InvariantCulture)} is not between 0 and 3600 seconds.");
        if (parse.GetResult(Emulator) is not null && parse.GetValue(Emulator))
        {
            emulator = await HappyHorseEmulator.StartAsync(environment.ServingOwnOperations(environment.EmulatorOptions()), cancellationToken).ConfigureAwait(false);
            options.BaseUrl = emulator.BaseAddress;
            options.ApiKey = emulator.Options.ApiKey;
            interval ??= 0.5;
            environment.Error.WriteLine($"Using the embedded emulator at {emulator.BaseAddress}.");
        }
        else
        {
            options.ApiKey = ReadKey(parse, environment);
            options.BaseUrl = BaseUrlOf(parse.GetValue(BaseUrl) ?? NullIfEmpty(environment.Variable(HappyHorseClientOptions.BaseUrlVariable)), handleBaseUrl);
        }

        if (interval is { } seconds)
        {
            var every = TimeSpan.FromSeconds(seconds);
            options.PollSchedule = new PollSchedule(every, TimeSpan.Zero, every, TimeSpan.FromMinutes(15)) { MinDelay = every };
        }

        var client = new HappyHorseClient(options, timeProvider: environment.Time);
        return new ServiceSession(client, emulator, options.BaseUrl, parse.GetValue(Verbose) ? HttpTrace.Start(environment.Error) : null);
    }

    private string ReadKey(ParseResult parse, CliEnvironment environment)
    {
        if (parse.GetValue(ApiKeyFile) is { } file)
        {
            try
            {
                var key = File.ReadAllText(file.FullName).Trim();
                return key.Length > 0 ? key : throw new CliInputException($"--api-key-file: {file.FullName} is empty.");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliInputException($"--api-key-file: {file.FullName} cannot be read ({e.GetType().Name}).");
            }
        }

        return NullIfEmpty(environment.Variable(HappyHorseClientOptions.ApiKeyVariable))
            ?? throw new CliInputException($"No API key: set {HappyHorseClientOptions.ApiKeyVariable} or pass --api-key-file (or try it offline with --emulator).");
    }

    /// <summary>
    /// The configured address; without one, a task handle's own address only when it is loopback (an emulator):
    /// the key goes nowhere a handle file alone names.
    /// </summary>
    private static Uri? BaseUrlOf(string? configured, Uri? handleBaseUrl)
    {
        if (configured is not null)
        {
            return Uri.TryCreate(configured, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? url
                : throw new CliInputException($"--base-url / {HappyHorseClientOptions.BaseUrlVariable}: '{configured}' is not an absolute http(s) URL.");
        }

        return handleBaseUrl is { IsLoopback: true } ? handleBaseUrl : null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>A client, and the emulator started for it (stopped with it).</summary>
internal sealed class ServiceSession(HappyHorseClient client, HappyHorseEmulator? emulator, Uri? baseUrl, HttpTrace? trace) : IAsyncDisposable
{
    public HappyHorseClient Client => client;

    /// <summary>The service tasks of <paramref name="operation"/> are sent to.</summary>
    public Uri? BaseUrlFor(OperationInfo operation) => baseUrl ?? operation.Profile.DefaultBaseUrl;

    public HappyHorseEmulator? Emulator => emulator;

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        trace?.Dispose();
        if (emulator is not null) await emulator.DisposeAsync().ConfigureAwait(false);
    }
}
