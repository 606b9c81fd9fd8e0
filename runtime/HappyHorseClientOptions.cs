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

    /// <summary>The clock for every delay and deadline.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

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

    /// <inheritdoc />
    public override string ToString() => $"BaseUrl = {BaseUrl?.ToString() ?? "(per dialect)"}, ApiKey = {(ApiKey is null ? "(none)" : "(set)")}";
}
