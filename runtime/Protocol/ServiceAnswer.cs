using System;
using System.Linq;
using System.Net;
using System.Text.Json;

namespace HappyHorse.Generated.Protocol;

/// <summary>
/// One answer read whole: its HTTP status, the status it means (a body-level result code of an enveloped
/// dialect overrides a 200), its body, and the body parsed when it is JSON.
/// </summary>
/// <remarks><see cref="ParseError"/> says where the JSON broke, never what it held: a JsonException's own message quotes the body, which may echo the key.</remarks>
internal sealed record ServiceAnswer(HttpStatusCode HttpStatus, int Status, TimeSpan? RetryAfter, byte[] Body, JsonDocument? Document, string? ParseError, string? RequestIdHeader)
    : IDisposable
{
    public bool Succeeded => Status is >= 200 and < 300;

    /// <summary>Whether the answer is worth another attempt of a call that is safe to repeat.</summary>
    public bool IsTransient => Status is 408 or 429 or 500 or 502 or 503 or 504;

    public static ServiceAnswer Read(ProtocolProfile profile, HttpStatusCode httpStatus, TimeSpan? retryAfter, byte[] body, string? requestIdHeader)
    {
        JsonDocument? document = null;
        string? parseError = null;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            parseError = $"invalid JSON at byte {e.BytePositionInLine} of line {e.LineNumber + 1}";
        }

        var status = (int)httpStatus;
        if (status is >= 200 and < 300 && document is not null && profile.Envelope is { } envelope && envelope.CodePath.TryFind(document.RootElement, out var code))
        {
            var text = code.ValueKind == JsonValueKind.String ? code.GetString()! : code.GetRawText();
            if (!envelope.SuccessValues.Contains(text))
            {
                status = code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var numeric) && numeric is >= 400 and < 600 ? numeric : 400;
            }
        }

        if (status >= 400 && document is not null) status = Outcome(profile, status, document.RootElement) ?? status;
        return new ServiceAnswer(httpStatus, status, retryAfter, body, document, parseError, requestIdHeader);
    }

    /// <summary>
    /// The status of the outcome an error rule gives the answer (a wrong key answered 400 <c>API_KEY_INVALID</c> is an
    /// authentication failure, 401): the first rule whose HTTP status matches and whose code is at any of the error's
    /// code paths (and whose text, when it names one, is in the message).
    /// </summary>
    private static int? Outcome(ProtocolProfile profile, int status, JsonElement root)
    {
        foreach (var rule in profile.ErrorCodes)
        {
            if (rule.Means is not { } means || rule.HttpStatus != status || !HasCode(profile.Error.CodePaths, root, rule.Code)) continue;
            if (rule.MessageContains is { } text && ResponsePath.FirstText(profile.Error.MessagePaths, root)?.Contains(text, StringComparison.Ordinal) != true) continue;
            return means;
        }

        return null;
    }

    private static bool HasCode(System.Collections.Generic.IReadOnlyList<ResponsePath> paths, JsonElement root, string code)
    {
        foreach (var path in paths)
        {
            if (path.TryFind(root, out var value) && (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()) == code) return true;
        }

        return false;
    }

    public void Dispose() => Document?.Dispose();
}
