using System;
using System.Text.Json;

namespace HappyHorse.Generated.Protocol;

/// <summary>
/// The URLs a submit answer gives for a task's later calls (fal's <c>status_url</c>, <c>response_url</c>,
/// <c>cancel_url</c>; Replicate's <c>urls.get</c>, <c>urls.cancel</c>). The key goes with every call, so a URL is
/// followed only on the task's own service (same scheme, host and port); any other is a protocol error, never sent.
/// </summary>
/// <param name="Status">The status call's URL, or <see langword="null"/> for the profile's path.</param>
/// <param name="Result">The result fetch's URL, or <see langword="null"/> for the profile's path.</param>
/// <param name="Cancel">The cancel call's URL, or <see langword="null"/> for the profile's path.</param>
internal sealed record FollowedUrls(Uri? Status, Uri? Result, Uri? Cancel)
{
    /// <summary>No URL to follow: every call takes the profile's path.</summary>
    public static FollowedUrls None { get; } = new(null, null, null);

    /// <summary>The URLs <paramref name="answer"/> gives where <paramref name="profile"/> says to look, each checked to be on <paramref name="service"/>.</summary>
    /// <exception cref="HappyHorseProtocolException">A URL there is not an absolute URL on the task's service.</exception>
    public static FollowedUrls Read(ProtocolProfile profile, JsonElement answer, Uri service) => new(
        Find(profile.Poll, answer, service, "status"),
        profile.Result.Fetch is { } fetch ? Find(fetch, answer, service, "result") : null,
        profile.Cancel is { } cancel ? Find(cancel, answer, service, "cancel") : null);

    /// <summary><paramref name="followed"/> when the task has one (checked again: a handle may come from anywhere), else the profile's path under the service.</summary>
    /// <exception cref="HappyHorseProtocolException">The URL is not on the task's service.</exception>
    public static Uri Choose(Uri? followed, Uri service, Func<string> path, string call) =>
        followed is null ? ServiceUrls.Combine(service, path()) : Checked(followed.OriginalString, service, call);

    private static Uri? Find(PollSpec spec, JsonElement answer, Uri service, string call) =>
        spec.UrlFrom.Count > 0 && ResponsePath.FirstText(spec.UrlFrom, answer) is { } text ? Checked(text, service, call) : null;

    private static Uri Checked(string text, Uri service, string call)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme == service.Scheme && url.Port == service.Port
            && string.Equals(url.IdnHost, service.IdnHost, StringComparison.OrdinalIgnoreCase) && url.UserInfo.Length == 0 && url.Fragment.Length == 0)
        {
            return url;
        }

        // Only the authority is named: a URL the service gives may carry tokens in its path or query.
        var where = Uri.TryCreate(text, UriKind.Absolute, out var other) ? other.GetLeftPart(UriPartial.Authority) : "a text that is not an absolute URL";
        throw new HappyHorseProtocolException($"The service gave {where} as the task's {call} URL, which is not on its own service ({service.GetLeftPart(UriPartial.Authority)}); the key is not sent there.", null);
    }
}
