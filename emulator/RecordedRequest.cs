using System;
using System.Collections.Generic;

namespace HappyHorse.Emulator;

/// <summary>
/// A request the emulator received, for tests that check what was sent (duplicate submits, the
/// <c>X-DashScope-Async</c> header, a request that should never have been sent). The API key itself is never kept.
/// </summary>
public sealed class RecordedRequest
{
    /// <summary>The HTTP method, e.g. <c>POST</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The path, e.g. <c>/v1/videos</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The path with its query string, e.g. <c>/api/status?task_id=n92…</c>.</summary>
    public required string PathAndQuery { get; init; }

    /// <summary>Every header except <c>Authorization</c> and <c>Cookie</c>, names compared ignoring case.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>Whether it carried the emulator's key as a bearer token.</summary>
    public required bool Authorized { get; init; }

    /// <summary>The body as UTF-8 text (empty when there was none; cut at <see cref="MaxBodyCharacters"/>).</summary>
    public required string Body { get; init; }

    /// <summary>When it arrived, by the emulator's clock.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The id of the task this request created (an accepted submit), else <see langword="null"/>.</summary>
    public string? CreatedTaskId { get; internal set; }

    /// <summary>The fault the emulator injected into its answer.</summary>
    public FaultKind InjectedFault { get; internal set; }

    /// <summary>The most body text kept per request.</summary>
    public const int MaxBodyCharacters = 1024 * 1024;

    /// <summary>The value of header <paramref name="name"/>, or <see langword="null"/> when it was not sent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <inheritdoc />
    public override string ToString() => $"{Method} {PathAndQuery}{(Authorized ? string.Empty : " (unauthorized)")}{(InjectedFault == FaultKind.None ? string.Empty : $" [{InjectedFault}]")}";
}
