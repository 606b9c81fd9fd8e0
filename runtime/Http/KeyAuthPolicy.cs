using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated.Http;

/// <summary>Puts the API key where the dialect expects it (<c>Authorization: Bearer</c> unless its profile says otherwise); without a key nothing is sent.</summary>
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
