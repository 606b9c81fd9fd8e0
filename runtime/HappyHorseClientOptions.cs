using System;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated;

/// <summary>Settings of a <see cref="HappyHorseClient"/>. <see cref="ToString"/> never shows the API key.</summary>
public sealed class HappyHorseClientOptions
{
    /// <summary>The environment variable read for <see cref="ApiKey"/> by <see cref="FromEnvironment"/>.</summary>
    public const string ApiKeyVariable = "HAPPYHORSE_API_KEY";

    /// <summary>The environment variable read for <see cref="BaseUrl"/> by <see cref="FromEnvironment"/>.</summary>
    public const string BaseUrlVariable = "HAPPYHORSE_BASE_URL";

    /// <summary>The API key sent as a bearer token.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The service to call; when unset, each dialect's documented default host is used.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>When to ask for a task's status; when unset, each dialect's own schedule is used.</summary>
    public PollSchedule? PollSchedule { get; set; }

    /// <summary>The largest response body read into memory, in bytes.</summary>
    public long MaxResponseBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>The largest result file <see cref="HappyHorseClient.DownloadAsync"/> accepts, in bytes.</summary>
    public long MaxDownloadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>How failed calls are retried.</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>
    /// How long one request may take to answer, headers and body together (for a download: to the first byte, and
    /// between any two reads). A request past it is retried where that is safe, and otherwise ends in
    /// <see cref="HappyHorseTimeoutException"/> (a submit: <see cref="HappyHorseSubmitUncertainException"/>). Waiting for
    /// a free connection (<see cref="MaxConnectionsPerServer"/>) counts toward it, except that a submit's time starts
    /// again when its body goes out: one that got no connection in time was not sent (<see cref="HappyHorseTimeoutException"/>).
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a result download may take in all, retries included, however steadily bytes arrive (a server sending
    /// one byte a second never trips <see cref="RequestTimeout"/>). Past it the download ends in
    /// <see cref="HappyHorseDownloadException"/>.
    /// </summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The most connections open to one service (one host and port) at a time, on the <see cref="System.Net.Http.HttpClient"/>
    /// the client makes itself and on the one <c>AddHappyHorse</c> registers (an <see cref="System.Net.Http.HttpClient"/>
    /// you pass in keeps its own settings). A connection carries one request at a time: requests beyond the limit wait
    /// for one to free up, and that wait counts toward <see cref="RequestTimeout"/> (a submit that got no connection in
    /// time was not sent). The default, 128, lets 10,000 tasks submitted at once all go out within 30 s to a service that
    /// answers in up to about 0.35 s, while a process with 10,000 tasks in flight holds at most 128 sockets instead of
    /// thousands. Raise it to submit more at once to a slower service; lower it to spare a small one. Connections unused
    /// for 2 seconds are closed, so tasks waiting between polls hold none, and each is replaced after 2 minutes, so a
    /// change of the service's address is seen.
    /// </summary>
    public int MaxConnectionsPerServer { get; set; } = 128;

    /// <summary>
    /// Whether a task may be polled or canceled on a service other than the configured one (<see cref="BaseUrl"/>, or
    /// the dialect's documented host). Off by default: a task handle read from elsewhere could otherwise send the key
    /// to any host it names. Even when on, the host must be https (or plain http to loopback).
    /// </summary>
    public bool AllowOtherTaskHosts { get; set; }

    /// <summary>
    /// Whether result files may be downloaded from link-local and cloud-metadata addresses (169.254.0.0/16, fe80::/10,
    /// fd00:ec2::254, 100.100.100.200, metadata.google.internal). Off by default, so a hostile result URL cannot
    /// reach a machine's metadata service.
    /// </summary>
    public bool AllowLinkLocalDownloads { get; set; }

    /// <summary>
    /// Whether result files may be downloaded from private-network and loopback addresses (10.0.0.0/8, 172.16.0.0/12,
    /// 192.168.0.0/16, fc00::/7, 127.0.0.0/8, ::1, <c>localhost</c>) although the service is not on one. Off by default,
    /// so a result URL cannot reach a machine inside your network; a service that itself lives on such an address (a
    /// local emulator, a gateway on your network) may always hand out result files there.
    /// </summary>
    public bool AllowPrivateNetworkDownloads { get; set; }

    /// <summary>Options from <c>HAPPYHORSE_API_KEY</c> and <c>HAPPYHORSE_BASE_URL</c>.</summary>
    /// <exception cref="HappyHorseException"><c>HAPPYHORSE_BASE_URL</c> is not an absolute URL.</exception>
    public static HappyHorseClientOptions FromEnvironment()
    {
        var baseUrl = Environment.GetEnvironmentVariable(BaseUrlVariable);
        Uri? parsed = null;
        if (!string.IsNullOrWhiteSpace(baseUrl) && !Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out parsed))
        {
            throw new HappyHorseException($"{BaseUrlVariable} must be an absolute URL such as https://happyhorse.app (was '{baseUrl}').");
        }

        var apiKey = Environment.GetEnvironmentVariable(ApiKeyVariable);
        return new HappyHorseClientOptions
        {
            ApiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim(),
            BaseUrl = parsed,
        };
    }

    /// <summary>Every setting that cannot work, worded for a start-up error.</summary>
    /// <param name="options">The settings to check.</param>
    /// <param name="section">The configuration section they come from, named in each problem.</param>
    /// <param name="fromEnvironment">Whether the environment variables were read for what the section leaves unset.</param>
    internal static System.Collections.Generic.List<string> Problems(HappyHorseClientOptions options, string section = "HappyHorse", bool fromEnvironment = true)
    {
        var problems = new System.Collections.Generic.List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey)) problems.Add(fromEnvironment ? $"{section}:ApiKey is not set (nor {ApiKeyVariable})." : $"{section}:ApiKey is not set.");
        if (options.BaseUrl is { } url && !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
        {
            problems.Add($"{section}:BaseUrl must be https (plain http only to loopback); was {url.GetLeftPart(UriPartial.Authority)}.");
        }

        if (options.MaxResponseBytes <= 0) problems.Add($"{section}:MaxResponseBytes must be positive.");
        if (options.MaxDownloadBytes <= 0) problems.Add($"{section}:MaxDownloadBytes must be positive.");
        if (options.RequestTimeout <= TimeSpan.Zero && options.RequestTimeout != System.Threading.Timeout.InfiniteTimeSpan) problems.Add($"{section}:RequestTimeout must be positive.");
        if (options.DownloadTimeout <= TimeSpan.Zero && options.DownloadTimeout != System.Threading.Timeout.InfiniteTimeSpan) problems.Add($"{section}:DownloadTimeout must be positive.");
        if (options.MaxConnectionsPerServer < 1) problems.Add($"{section}:MaxConnectionsPerServer must be at least 1.");
        if (options.Retry.MaxRetries < 0) problems.Add($"{section}:Retry:MaxRetries must not be negative.");
        if (options.Retry.BaseDelay < TimeSpan.Zero || options.Retry.MaxDelay < options.Retry.BaseDelay) problems.Add($"{section}:Retry delays must satisfy 0 <= BaseDelay <= MaxDelay.");
        return problems;
    }

    /// <inheritdoc />
    public override string ToString() => $"BaseUrl = {BaseUrl?.ToString() ?? "(per dialect)"}, ApiKey = {(ApiKey is null ? "(none)" : "(set)")}";
}
