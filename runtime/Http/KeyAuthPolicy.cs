using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated.Http;

/// <summary>Puts the API key where the dialect expects it (<c>Authorization: Bearer</c> unless its profile names another header or a query parameter); without a key nothing is sent.</summary>
internal sealed class KeyAuthPolicy(string? apiKey) : ServicePolicy
{
    public override ValueTask ProcessAsync(ServiceMessage message, ReadOnlyMemory<ServicePolicy> next)
    {
        AddKey(message.Request, message.Profile, apiKey);
        return ProcessNextAsync(message, next);
    }

    /// <summary>Adds <paramref name="apiKey"/> to <paramref name="request"/> as <paramref name="profile"/> sends it.</summary>
    /// <exception cref="HappyHorseNotSentException">There is no key.</exception>
    public static void AddKey(HttpRequestMessage request, ProtocolProfile profile, string? apiKey)
    {
        if (apiKey is null)
        {
            throw new HappyHorseNotSentException($"No API key: set {HappyHorseClientOptions.ApiKeyVariable} or {nameof(HappyHorseClientOptions)}.{nameof(HappyHorseClientOptions.ApiKey)}.");
        }

        var auth = profile.Auth ?? AuthSpec.Bearer;
        if (auth.Query is { } name)
        {
            // In the query: no log, span or message of the client shows a request's query, and a handle holds no URL of a request.
            var uri = request.RequestUri!;
            var separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
            request.RequestUri = new Uri(uri.AbsoluteUri + separator + Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(apiKey), UriKind.Absolute);
            return;
        }

        var space = auth.Prefix.IndexOf(' ', StringComparison.Ordinal);
        if (string.Equals(auth.Header, "Authorization", StringComparison.OrdinalIgnoreCase) && space > 0 && space == auth.Prefix.Length - 1)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(auth.Prefix[..space], apiKey);
        }
        else
        {
            request.Headers.TryAddWithoutValidation(auth.Header, auth.Prefix + apiKey);
        }
    }
}
