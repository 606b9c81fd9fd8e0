using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace HappyHorse.Generated.Benchmarks;

/// <summary>
/// What the hand-written baselines share: a lazily created problem list (nothing is allocated while a request is
/// valid, as with the generated validator), the manifest's notion of a character and of a URL.
/// </summary>
internal static class BaselineChecks
{
    /// <summary>Records a problem; the message is only formatted on this (failing) path.</summary>
    public static void Add(ref List<string>? problems, string problem) => (problems ??= []).Add(problem);

    /// <summary>Throws when the checks found anything.</summary>
    public static void ThrowIfAny(List<string>? problems, string request)
    {
        if (problems is not null) Throw(request, problems);
    }

    /// <summary>A string's length in Unicode characters (a surrogate pair counts one), as the manifest's limits count.</summary>
    public static int Characters(string value)
    {
        var count = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            count++;
        }

        return count;
    }

    /// <summary>An absolute http or https URL (the manifest's <c>"format": "url"</c>).</summary>
    public static bool IsHttpUrl([NotNullWhen(true)] string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    [DoesNotReturn]
    public static void Throw(string request, IEnumerable<string> problems) =>
        throw new InvalidOperationException($"{request} is invalid: {string.Join("; ", problems)}");
}
