using System;

namespace HappyHorse.Generated.Protocol;

/// <summary>Where a dialect's calls go, and which hosts the key may go to.</summary>
internal static class ServiceUrls
{
    /// <summary>A path (and query) of the service under its base URL.</summary>
    public static Uri Combine(Uri baseUrl, string pathAndQuery) => new(baseUrl.AbsoluteUri.TrimEnd('/') + pathAndQuery, UriKind.Absolute);

    /// <summary>Whether two base URLs name the same service (scheme, host, port and path).</summary>
    public static bool SameService(Uri a, Uri b) =>
        string.Equals(a.GetLeftPart(UriPartial.Path).TrimEnd('/'), b.GetLeftPart(UriPartial.Path).TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The key goes only over https, or plain http to loopback.</summary>
    /// <exception cref="HappyHorseNotSentException">Neither.</exception>
    public static void EnsureSafeToSendKey(Uri baseUrl)
    {
        if (baseUrl.Scheme == Uri.UriSchemeHttps || (baseUrl.Scheme == Uri.UriSchemeHttp && baseUrl.IsLoopback)) return;
        throw new HappyHorseNotSentException($"Refusing to send the API key to {baseUrl.GetLeftPart(UriPartial.Authority)}: use https (plain http is allowed only to loopback).");
    }
}
