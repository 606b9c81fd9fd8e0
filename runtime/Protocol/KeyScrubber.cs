using System;
using System.Text;

namespace HappyHorse.Generated.Protocol;

/// <summary>Removes the client's own key from text that came from the service, before it reaches a message, log or span.</summary>
internal sealed class KeyScrubber(string? apiKey)
{
    /// <summary>How much of a service's text a message quotes.</summary>
    internal const int SnippetLength = 200;

    private const string Redacted = "[redacted]";

    /// <summary>The key, when the client has one.</summary>
    public string? ApiKey { get; } = apiKey;

    /// <summary>Text that came from the service, with the client's own key removed.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public string? Scrub(string? text) =>
        text is null || ApiKey is not { Length: > 0 } key || !text.Contains(key, StringComparison.Ordinal) ? text : text.Replace(key, Redacted, StringComparison.Ordinal);

    /// <summary>The start of a service's text for a message, the key removed (before the cut, so no part of it survives).</summary>
    public string Snippet(string text)
    {
        text = Scrub(text);
        return text.Length <= SnippetLength ? text : text[..SnippetLength] + "…";
    }

    /// <summary>The start of a body for a message, the key removed.</summary>
    public string Snippet(byte[] body) => Snippet(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, SnippetLength * 4)));
}
