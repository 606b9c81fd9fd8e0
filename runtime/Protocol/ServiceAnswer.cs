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

        return new ServiceAnswer(httpStatus, status, retryAfter, body, document, parseError, requestIdHeader);
    }

    public void Dispose() => Document?.Dispose();
}
